// Punches waiting to be sent, in storage (they survive a closed mini-program, a crash or a reboot). Each keeps its
// clientPunchId, device time and saved photo, so a resend is the same request and the server answers 200 with the
// stored punch instead of storing it twice. An item leaves the queue only on a definitive answer: 2xx, or a 4xx
// that the same body can never turn into a success.
const api = require('./api');
const device = require('./device');
const { describe, transient } = require('./errors');

const KEY = 'attendance.queue';
// Without an answer the network listener usually triggers the next try; this catches "connected, but the server
// cannot be reached" as well.
const NETWORK_RETRY_MS = 30 * 1000;
const MAX_BACKOFF_MS = 5 * 60 * 1000;

const listeners = [];
let flushing = null;
let timer = null;
let timerAt = 0;

function all() {
  let items;
  try {
    items = wx.getStorageSync(KEY);
  } catch (e) {
    items = [];
  }
  return (Array.isArray(items) ? items : []).slice().sort((a, b) => a.createdAt - b.createdAt);
}

function save(items) {
  wx.setStorageSync(KEY, items);
  emit({ type: 'change', items });
}

function find(clientPunchId) {
  return all().find((q) => q.clientPunchId === clientPunchId) || null;
}

// Stored before the first attempt: whatever happens to the request or the mini-program, the punch is not lost.
function put(punch, photoPath) {
  const items = all().filter((q) => q.clientPunchId !== punch.clientPunchId);
  items.push({ clientPunchId: punch.clientPunchId, punch, photoPath: photoPath || null, createdAt: Date.now(), attempts: 0, notBefore: 0 });
  save(items);
}

function update(clientPunchId, change) {
  save(all().map((q) => (q.clientPunchId === clientPunchId ? Object.assign({}, q, change) : q)));
}

function remove(clientPunchId) {
  const item = find(clientPunchId);
  save(all().filter((q) => q.clientPunchId !== clientPunchId));
  if (item) device.removePhoto(item.photoPath);
}

function onChange(listener) {
  listeners.push(listener);
  return () => {
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  };
}

function emit(event) {
  listeners.slice().forEach((l) => {
    try {
      l(event);
    } catch (e) {
      // A page's listener must not break the queue.
    }
  });
}

// One timer for the earliest wanted retry; a later wish never postpones an earlier one.
function retryAt(at) {
  if (timer && timerAt <= at) return;
  if (timer) clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(() => {
    timer = null;
    timerAt = 0;
    flush();
  }, Math.max(0, at - Date.now()));
}

function cancelRetry() {
  if (timer) clearTimeout(timer);
  timer = null;
  timerAt = 0;
}

function post(item) {
  if (item.photoPath) {
    // wx.uploadFile sends each formData entry as a plain text part: `punch` carries the JSON as the API wants it.
    return api.upload('/api/punches', { filePath: item.photoPath, name: 'photo', formData: { punch: JSON.stringify(item.punch) } });
  }
  return api.request('/api/punches', { method: 'POST', data: item.punch });
}

// Sends one queued punch. {state: 'sent', punch} | {state: 'queued', info, retryAfter} | {state: 'dropped', info}.
async function send(item) {
  let r;
  try {
    r = await post(item);
  } catch (e) {
    // No answer, or no session to be had right now (network, WeCom busy): keep it for the next try.
    const info = e.network ? describe(null, 'punch') : { title: e.message, message: e.message, next: e.next || '打卡已保存在本机，稍后自动重新发送。' };
    update(item.clientPunchId, { attempts: item.attempts + 1, lastError: info.title, notBefore: 0 });
    retryAt(Date.now() + NETWORK_RETRY_MS);
    return { state: 'queued', info, retryAfter: null };
  }
  if (r.ok) {
    remove(item.clientPunchId);
    return { state: 'sent', punch: r.body };
  }
  const info = describe(r, 'punch');
  if (transient(r)) {
    const attempts = item.attempts + 1;
    const waitMs = info.retryAfter ? info.retryAfter * 1000 : Math.min(MAX_BACKOFF_MS, 15000 * Math.pow(2, attempts - 1));
    const notBefore = Date.now() + waitMs;
    update(item.clientPunchId, { attempts, lastError: info.title, notBefore });
    retryAt(notBefore);
    return { state: 'queued', info, retryAfter: info.retryAfter };
  }
  remove(item.clientPunchId);
  return { state: 'dropped', info };
}

// Sends what waits, oldest first, one flush at a time; stops at the first punch that must wait (order is kept).
// Resolves {clientPunchId: outcome} for the punches tried. Punches queued while it runs are picked up by it.
function flush() {
  if (flushing) return flushing;
  flushing = (async () => {
    const outcomes = {};
    // Yield first, so that `flushing` is set before the finally below can clear it.
    await null;
    try {
      for (;;) {
        const next = all().find((q) => !outcomes[q.clientPunchId]);
        if (!next) break;
        if (next.notBefore > Date.now()) {
          retryAt(next.notBefore);
          break;
        }
        const outcome = await send(next);
        outcomes[next.clientPunchId] = outcome;
        emit({ type: 'outcome', clientPunchId: next.clientPunchId, item: next, outcome });
        if (outcome.state === 'queued') break;
      }
    } finally {
      // Cleared in the same turn as the last look at the queue: a punch put after it starts a new flush.
      flushing = null;
    }
    if (!all().length) cancelRetry();
    return outcomes;
  })();
  return flushing;
}

module.exports = { KEY, all, find, put, remove, flush, onChange, cancelRetry };
