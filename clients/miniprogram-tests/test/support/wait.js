// Waiting for a condition, never for a fixed time. Real timers, captured before any test fakes them.
const realSetTimeout = global.setTimeout;
const realNow = Date.now.bind(Date);

async function until(probe, { timeout = 20000, what = 'the condition' } = {}) {
  const deadline = realNow() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (realNow() > deadline) {
      throw new Error('timed out waiting for ' + what + (last instanceof Error ? ': ' + last.message : ''));
    }
    await new Promise((resolve) => realSetTimeout(resolve, 25));
  }
}

module.exports = { until, realNow };
