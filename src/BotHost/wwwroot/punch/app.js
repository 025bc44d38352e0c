// The punch page: login, today's plan, the punch itself (location, Wi-Fi, photo), the offline queue, 补卡.
import { call, clearSession, problemText, saveSession, session } from './api.js';
import * as queue from './queue.js';
import { closeCamera, errorText, inWeCom, locate, openCamera, photoFromWeCom, snapshot, wifi } from './device.js';
import { answerView, dayLine, kindLabel, localDate, localIso, timeOf, verdictView } from './views.js';

const $ = (id) => document.getElementById(id);
const OAUTH_STATE_KEY = 'attendance.oauthState';

let config = { devLogin: false, oauth: false, jsApi: false };
let today = null;
// Until the server says otherwise the page behaves as before consent existed; a withdrawal stops location reads.
let locationUsed = true;
let punching = false;
let flushing = null;

function show(section) {
  $('login').hidden = section !== 'login';
  $('home').hidden = section !== 'home';
  $('logout').hidden = section !== 'home';
}

function step(text) {
  $('step').textContent = text || '';
}

// ---- login ----

async function start() {
  tick();
  setInterval(tick, 1000);
  updateNet();
  addEventListener('online', () => { updateNet(); flush(); });
  addEventListener('offline', updateNet);
  setInterval(() => { if (navigator.onLine) flush(); }, 30000);

  const configured = await call('/api/punch-page/config', { auth: false }).catch(() => null);
  if (configured && configured.ok) config = configured.body;

  const params = new URLSearchParams(location.search);
  if (params.has('code')) {
    await finishOAuth(params.get('code'), params.get('state'));
  }

  if (session()) {
    await enter();
    return;
  }
  showLogin();
}

function showLogin(message) {
  show('login');
  $('oauth-login').hidden = !config.oauth;
  $('dev-login').hidden = !config.devLogin;
  $('login-status').textContent = config.oauth || config.devLogin
    ? (config.oauth ? '请使用企业微信身份登录' : '开发登录：输入员工的用户 ID')
    : '请从企业微信工作台进入本页面';
  $('login-error').textContent = message || '';
  if (inWeCom && config.oauth && !message) startOAuth();
}

async function startOAuth() {
  const redirect = location.origin + location.pathname;
  const r = await call('/api/sessions/oauth/start?redirectUri=' + encodeURIComponent(redirect), { auth: false }).catch(() => null);
  if (!r || !r.ok) {
    $('login-error').textContent = problemText(r && r.body, '无法发起企业微信登录，请稍后重试');
    return;
  }
  sessionStorage.setItem(OAUTH_STATE_KEY, r.body.state);
  location.assign(r.body.url);
}

async function finishOAuth(code, state) {
  // The code is single-use and must not stay in the address bar or history.
  history.replaceState(null, '', location.pathname);
  const expected = sessionStorage.getItem(OAUTH_STATE_KEY);
  sessionStorage.removeItem(OAUTH_STATE_KEY);
  if (!state || state !== expected) {
    showLogin('登录请求无效（state 不匹配），请重新登录');
    return;
  }
  const checked = await call('/api/sessions/oauth/state', { method: 'POST', json: { state }, auth: false }).catch(() => null);
  if (!checked || !checked.ok) {
    showLogin(problemText(checked && checked.body, '登录请求已过期，请重新登录'));
    return;
  }
  const r = await call('/api/sessions/oauth', { method: 'POST', json: { code }, auth: false }).catch(() => null);
  if (!r || !r.ok) {
    showLogin(problemText(r && r.body, '登录失败，请重新进入应用'));
    return;
  }
  saveSession(r.body);
}

$('oauth-login').addEventListener('click', () => startOAuth());

$('dev-login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const userId = new FormData(e.target).get('userId').trim();
  const r = await call('/api/sessions/dev', { method: 'POST', json: { userId }, auth: false }).catch(() => null);
  if (!r || !r.ok) {
    $('login-error').textContent = r && r.status === 404 ? '此服务器未开启开发登录' : problemText(r && r.body, '登录失败，请检查网络');
    return;
  }
  saveSession(r.body);
  await enter();
});

$('logout').addEventListener('click', () => {
  clearSession();
  $('who').textContent = '';
  showLogin();
});

async function enter() {
  show('home');
  $('who').textContent = session().userId;
  const form = $('correction');
  if (!form.date.value) form.date.value = localDate(new Date());
  await loadToday();
  await Promise.all([loadCorrections(), loadAnomalies(), loadConsents()]);
  await flush();
}

// ---- consents ----

const CONSENTS = {
  location: { state: 'consent-location-state', button: 'consent-location', used: (b) => b.locationUsed },
  face: { state: 'consent-face-state', button: 'consent-face', used: (b) => b.granted },
};

async function loadConsents() {
  await Promise.all(Object.keys(CONSENTS).map(async (kind) => {
    const r = await call(`/api/me/consents/${kind}`).catch(() => null);
    if (expired(r)) return;
    if (r && r.ok) renderConsent(kind, r.body);
    else $(CONSENTS[kind].state).textContent = navigator.onLine ? '暂时无法读取' : '离线，联网后显示';
  }));
}

function renderConsent(kind, body) {
  const c = CONSENTS[kind];
  const used = c.used(body);
  if (kind === 'location') locationUsed = used;
  // Face answers carry a notice version once the employee answered; location answers say so themselves.
  const answered = kind === 'location' ? body.answered : Boolean(body.noticeVersion);
  $(c.state).textContent = used ? (answered ? '已授权' : '使用中（可撤回）') : (answered ? '已撤回' : '未授权');
  const button = $(c.button);
  button.textContent = used ? '撤回授权' : '授权';
  button.dataset.grant = used ? 'false' : 'true';
  button.hidden = false;
  $('privacy').dataset[kind] = used ? 'granted' : 'withheld';
}

for (const kind of Object.keys(CONSENTS)) {
  $(CONSENTS[kind].button).addEventListener('click', async () => {
    const button = $(CONSENTS[kind].button);
    const granted = button.dataset.grant === 'true';
    $('consent-error').textContent = '';
    button.disabled = true;
    try {
      const r = await call(`/api/me/consents/${kind}`, { method: 'PUT', json: { granted } }).catch(() => null);
      if (expired(r)) return;
      if (r && r.ok) renderConsent(kind, r.body);
      else $('consent-error').textContent = problemText(r && r.body, '保存失败，请检查网络后重试');
    } finally {
      button.disabled = false;
    }
  });
}

// A 401 anywhere means the session is over: back to the login, queued punches kept for later.
function expired(r) {
  if (r && r.status === 401) {
    clearSession();
    showLogin('登录已过期，请重新登录（未发送的打卡会保留）');
    return true;
  }
  return false;
}

// ---- today ----

function tick() {
  const now = new Date();
  $('clock-time').textContent = now.toLocaleTimeString('zh-CN', { hour12: false });
  $('clock-date').textContent = now.toLocaleDateString('zh-CN', { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });
}

function updateNet() {
  $('net').hidden = navigator.onLine;
}

async function loadToday() {
  const r = await call('/api/me/today').catch(() => null);
  if (expired(r)) return;
  if (r && r.ok) {
    today = r.body;
    $('who').textContent = `${today.name}（${today.userId}）`;
    const day = dayLine(today);
    $('shift-name').textContent = day.name;
    $('shift-times').textContent = day.times;
    $('shift-window').textContent = day.window;
    $('today').dataset.dayKind = today.dayKind;
  } else if (!today) {
    $('shift-name').textContent = navigator.onLine ? '暂时无法读取' : '离线，联网后显示';
  }
  await renderPunches();
}

async function renderPunches() {
  const list = $('punches');
  list.replaceChildren();
  const stored = today ? today.punches : [];
  for (const p of stored) {
    const v = verdictView(p);
    list.append(item(`${timeOf(p.serverTime)} ${kindLabel(p.kind)}`, v.label, v.tone, { punchId: p.punchId, clientPunchId: p.clientPunchId }));
  }
  const waiting = await queue.all().catch(() => []);
  for (const q of waiting) {
    list.append(item(`${timeOf(q.punch.deviceTime)} ${kindLabel(q.punch.kind)}${q.photo ? '（含照片）' : ''}`, '待发送', 'queued',
      { clientPunchId: q.clientPunchId, queued: 'true' }));
  }
  if (!list.children.length) list.append(empty('暂无打卡记录'));
}

function item(text, tag, tone, data = {}) {
  const li = document.createElement('li');
  const span = document.createElement('span');
  span.textContent = text;
  const t = document.createElement('span');
  t.className = `tag ${tone || ''}`;
  t.textContent = tag;
  li.append(span, t);
  Object.assign(li.dataset, data);
  return li;
}

function empty(text) {
  const li = document.createElement('li');
  li.className = 'empty';
  li.textContent = text;
  return li;
}

// ---- punch ----

$('punch').addEventListener('click', () => punch());

async function punch() {
  if (punching) return;
  punching = true;
  $('punch').disabled = true;
  $('answer').hidden = true;
  try {
    let fix = null;
    let locationError = null;
    if (locationUsed) {
      step('正在定位…');
      try {
        fix = await locate(config);
      } catch (e) {
        locationError = errorText(e, '无法获取位置');
      }
    }
    step('正在读取 Wi-Fi…');
    const network = await wifi(config);
    if (!fix && !network) {
      showAnswer(locationUsed
        ? { tone: 'bad', verdict: '未能打卡', message: locationError || '无法获取位置', next: '请打开定位权限后重试；仍不行可提交补卡申请。' }
        : { tone: 'bad', verdict: '未能打卡', message: '您未授权使用位置信息，且未连接打卡地点的 Wi-Fi', next: '请连接打卡地点的 Wi-Fi 后重试，或在下方“隐私授权”中授权位置信息。' });
      return;
    }

    let photo = null;
    if (await needsPhoto(fix, network)) {
      step('该地点要求拍照');
      photo = await takePhoto();
      if (!photo) {
        showAnswer({ tone: 'bad', verdict: '已取消', message: '未拍照，本次没有打卡', next: '该地点要求拍照打卡，请重新点击打卡并拍照。' });
        return;
      }
    }

    const punchBody = {
      clientPunchId: newId(),
      deviceTime: localIso(new Date()),
      kind: 'auto',
      location: fix,
      wifi: network,
      deviceId: deviceId(),
      note: null,
    };
    // Kept before it is sent: whatever happens to the request or the page, the punch is not lost.
    await queue.put({ clientPunchId: punchBody.clientPunchId, punch: punchBody, photo, createdAt: Date.now() });
    step('正在提交…');
    const outcome = await send(punchBody.clientPunchId);
    if (outcome === 'queued') {
      showAnswer({ tone: 'queued', verdict: '待发送', message: `已在 ${timeOf(punchBody.deviceTime)} 记录，网络恢复后自动发送`,
        next: '请保持本页打开或稍后再打开本页，发送后会显示结果。' });
    }
    await renderPunches();
  } catch (e) {
    showAnswer({ tone: 'bad', verdict: '未能打卡', message: errorText(e, '出现错误'), next: '请重试；仍不行可提交补卡申请。' });
  } finally {
    step('');
    punching = false;
    $('punch').disabled = false;
  }
}

async function needsPhoto(fix, network) {
  if (navigator.onLine) {
    const q = new URLSearchParams();
    if (fix) {
      q.set('latitude', fix.latitude);
      q.set('longitude', fix.longitude);
      q.set('accuracy', fix.accuracy);
      q.set('coordinateSystem', fix.coordinateSystem);
    }
    if (network && network.bssid) q.set('bssid', network.bssid);
    const r = await call('/api/me/site-check?' + q).catch(() => null);
    if (r && r.ok) return r.body.requirePhoto || r.body.requireFace;
  }
  // Offline: the site cannot be asked, so a photo is taken whenever any of the employee's sites may want one.
  return !!(today && today.photoRequired);
}

async function takePhoto() {
  if (inWeCom && config.jsApi) return photoFromWeCom(config);
  const video = $('camera-video');
  const stream = await openCamera(video);
  $('camera').hidden = false;
  try {
    return await new Promise((resolve, reject) => {
      const shoot = () => { cleanup(); snapshot(video).then(resolve, reject); };
      const cancel = () => { cleanup(); resolve(null); };
      const cleanup = () => {
        $('camera-shoot').removeEventListener('click', shoot);
        $('camera-cancel').removeEventListener('click', cancel);
      };
      $('camera-shoot').addEventListener('click', shoot);
      $('camera-cancel').addEventListener('click', cancel);
    });
  } finally {
    $('camera').hidden = true;
    closeCamera(video, stream);
  }
}

// Sends one queued punch: 'sent', 'queued' (no answer, 5xx, 429, or 401 until a new login) or 'dropped' (4xx).
async function send(clientPunchId) {
  const entry = (await queue.all()).find((q) => q.clientPunchId === clientPunchId);
  if (!entry) return 'sent';
  let form;
  if (entry.photo) {
    form = new FormData();
    form.append('punch', new Blob([JSON.stringify(entry.punch)], { type: 'application/json' }), 'punch.json');
    form.append('photo', entry.photo, 'photo.jpg');
  }
  let r;
  try {
    r = await call('/api/punches', form ? { method: 'POST', form } : { method: 'POST', json: entry.punch });
  } catch {
    return 'queued';
  }
  if (r.status === 200 || r.status === 201) {
    await queue.remove(clientPunchId);
    showAnswer(answerView(r.body));
    await loadToday();
    return 'sent';
  }
  if (r.status === 401) {
    expired(r);
    return 'queued';
  }
  if (r.status === 429 || r.status >= 500) return 'queued';
  await queue.remove(clientPunchId);
  showAnswer({ tone: 'bad', verdict: '打卡未被接受', message: problemText(r.body),
    next: `${timeOf(entry.punch.deviceTime)} 的这次打卡已放弃，请重新打卡或提交补卡申请。` });
  return 'dropped';
}

// Sends everything waiting, oldest first; one flush at a time.
function flush() {
  flushing ??= (async () => {
    try {
      if (!session()) return;
      for (const q of await queue.all()) {
        if (await send(q.clientPunchId) === 'queued') break;
      }
    } finally {
      flushing = null;
      await renderPunches().catch(() => {});
    }
  })();
  return flushing;
}

function showAnswer(a) {
  const box = $('answer');
  box.className = `card answer ${a.tone}`;
  box.dataset.verdict = a.code || a.tone;
  $('answer-verdict').textContent = a.verdict;
  $('answer-message').textContent = a.message || '';
  $('answer-distance').textContent = a.distance || '';
  $('answer-next').textContent = a.next || '';
  const findings = $('answer-findings');
  findings.replaceChildren(...(a.findings || []).map((f) => {
    const li = document.createElement('li');
    li.textContent = f;
    return li;
  }));
  box.hidden = false;
}

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function deviceId() {
  let id = localStorage.getItem('attendance.deviceId');
  if (!id) {
    id = 'web-' + newId();
    localStorage.setItem('attendance.deviceId', id);
  }
  return id;
}

// ---- 补卡 and anomalies ----

$('correction').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target;
  const result = $('correction-result');
  const body = { date: form.date.value, kind: form.kind.value, time: form.time.value, reason: form.reason.value.trim() };
  const r = await call('/api/me/corrections', { method: 'POST', json: body }).catch(() => null);
  if (expired(r)) return;
  if (r && r.ok) {
    result.className = 'result ok';
    result.textContent = `已提交 ${body.date} ${kindLabel(body.kind)} ${body.time} 的补卡申请，等待审批`;
    form.reason.value = '';
    await loadCorrections();
  } else {
    result.className = 'result bad';
    result.textContent = r ? problemText(r.body) : '网络不可用，请联网后再提交补卡';
  }
});

const CORRECTION_STATES = { pending: '待审批', approved: '已通过', rejected: '已驳回' };

async function loadCorrections() {
  const r = await call('/api/me/corrections').catch(() => null);
  if (!r || !r.ok) return;
  const list = $('corrections');
  list.replaceChildren(...r.body.slice(0, 10).map((c) => {
    const state = String(c.state).toLowerCase();
    const tone = state === 'approved' ? 'ok' : state === 'rejected' ? 'bad' : 'warn';
    return item(`${c.workDate} ${kindLabel(c.kind)} ${timeOf(c.time)}`, CORRECTION_STATES[state] || c.state, tone, { correctionId: c.id });
  }));
}

async function loadAnomalies() {
  const now = new Date();
  const from = localDate(new Date(now.getFullYear(), now.getMonth(), 1));
  const to = localDate(now);
  const r = await call(`/api/me/days?from=${from}&to=${to}`).catch(() => null);
  const list = $('anomalies');
  if (!r || !r.ok) {
    list.replaceChildren(empty('暂时无法读取'));
    return;
  }
  // The current work date is still in progress: it is judged once its punch window has closed.
  const current = today ? today.date : to;
  const odd = r.body.filter((d) => d.workDate < current && !['normal', 'rest', 'holiday', 'leave'].includes(d.status)).reverse();
  // The latest ten; a month of them would push everything else off the screen.
  list.replaceChildren(...odd.slice(0, 10).map((d) => item(`${d.workDate}`, d.statusLabel || d.status, 'bad', { workDate: d.workDate })));
  if (odd.length > 10) list.append(empty(`另有 ${odd.length - 10} 天异常，可提交补卡或联系主管`));
  if (!odd.length) list.append(empty('本月暂无异常'));
}

start();
