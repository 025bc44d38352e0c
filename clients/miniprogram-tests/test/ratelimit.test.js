// A 429: the punch stays queued, the page says how long the server asked to wait, nothing is sent again before
// Retry-After has passed, and then it is sent once and stored once. The host allows 3 punches a minute per
// employee (tests/MiniProgram.Tests), so the fourth is refused for real; its window is the server's own minute.
const mp = require('./support/miniprogram');
const company = require('./support/company');
const geo = require('./support/geo');
const env = require('./support/env');
const checks = require('./support/checks');
const { until, realNow } = require('./support/wait');

// Pages are closed and the queue's retry timer cancelled by the harness after each test.
let phone;
let page;

afterEach(() => {
  phone.dispose();
  jest.useRealTimers();
});

const answer = (p, code) => until(() => !p.data.punching && p.data.answer && p.data.answer.code === code && p.data.answer, { what: 'answer ' + code });

test('a 429 is answered by waiting Retry-After, then the punch is sent once', async () => {
  // Only the timers the mini-program schedules are fake: the HTTP bridge and the condition waits run in real time.
  jest.useFakeTimers({ doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate',
    'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback'] });
  phone = mp.start({ userId: 'mp-busy', location: Object.assign(geo.offset(company.OFFICE, 50, -60), { accuracy: 15 }) });
  page = mp.open('punch');
  await page.show();

  for (let i = 0; i < 3; i++) {
    page.tap('#punch');
    await answer(page, 'accepted');
    page.instance.setData({ answer: null });
  }

  page.tap('#punch');
  await answer(page, 'queued');
  const refused = phone.punchRequests()[3];
  expect(refused.status).toBe(429);
  const wait = Number(refused.responseHeaders['retry-after']);
  expect(wait).toBeGreaterThanOrEqual(1);
  const refusedAt = realNow();
  expect(page.text('#answer-verdict')).toBe('待发送');
  expect(page.text('#answer-message')).toMatch(new RegExp('^已在 \\d\\d:\\d\\d 记录；操作过于频繁：服务器要求等待 ' + wait + ' 秒$'));
  expect(page.text('#answer-next')).toBe('打卡已保存在本机，' + wait + ' 秒后自动重新发送。');
  const [item] = phone.stored('attendance.queue');
  expect(item.clientPunchId).toBe(refused.body.clientPunchId);
  expect(item.notBefore).toBeGreaterThanOrEqual(refusedAt + (wait - 1) * 1000);

  // Almost the whole wait on the mini-program's clock: nothing is sent.
  jest.advanceTimersByTime((wait - 1) * 1000);
  await Promise.resolve();
  expect(phone.punchRequests()).toHaveLength(4);

  // The server's window really passes, then the mini-program's timer fires: one resend, accepted.
  await until(() => realNow() >= refusedAt + wait * 1000, { timeout: (wait + 5) * 1000, what: "the server's rate-limit window" });
  jest.advanceTimersByTime(1500);
  await answer(page, 'accepted');
  await until(() => phone.stored('attendance.queue').length === 0, { what: 'an empty queue' });
  expect(phone.punchRequests().slice(3).map((r) => [r.body.clientPunchId, r.status])).toEqual([[item.clientPunchId, 429], [item.clientPunchId, 201]]);
  const stored = await checks.storedPunches(phone);
  expect(stored).toHaveLength(4);
  expect(stored.filter((p) => p.clientPunchId === item.clientPunchId)).toHaveLength(1);
}, 120000);
