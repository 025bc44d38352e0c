// The punch page: login, today's plan, the punch itself (location, Wi-Fi, photo), the offline queue, 补卡.
import { call, problemText, session } from './api.js';
import { config, expired, signIn } from './login.js';
import * as queue from './queue.js';
import { closeCamera, errorText, inWeCom, locate, openCamera, photoFromWeCom, snapshot, wifi } from './device.js';
import { answerView, dayLine, kindLabel, localDate, localIso, MAX_NOTE, reviewView, timeOf, verdictView } from './views.js';

const $ = (id) => document.getElementById(id);
let today = null;
// Until the server says otherwise the page behaves as before consent existed; a withdrawal stops location reads.
let locationUsed = true;
let punching = false;
let flushing = null;

function step(text) {
  $('step').textContent = text || '';
}

// ---- start ----

async function start() {
  tick();
  setInterval(tick, 1000);
  updateNet();
  addEventListener('online', () => { updateNet(); flush(); });
  addEventListener('offline', updateNet);
  setInterval(() => { if (navigator.onLine) flush(); }, 30000);
  await signIn({ onEnter: enter, expiredMessage: '登录已过期，请重新登录（未发送的打卡会保留）' });
}

async function enter() {
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
  // Everything awaited first, then the list replaced at once: two renders in flight (a flush and a reload) cannot
  // interleave their items, and an explanation being typed is carried over instead of wiped.
  const waiting = await queue.all().catch(() => []);
  const list = $('punches');
  const drafts = openDrafts(list);
  const items = [];
  const stored = today ? today.punches : [];
  for (const p of stored) {
    const text = `${timeOf(p.serverTime)} ${kindLabel(p.kind)}`;
    const data = { punchId: p.punchId, clientPunchId: p.clientPunchId };
    if (p.review) {
      items.push(reviewedItem(p, text, data));
    } else {
      const v = verdictView(p);
      items.push(item(text, v.label, v.tone, data));
    }
  }
  for (const q of waiting) {
    items.push(item(`${timeOf(q.punch.deviceTime)} ${kindLabel(q.punch.kind)}${q.photo ? '（含照片）' : ''}`, '待发送', 'queued',
      { clientPunchId: q.clientPunchId, queued: 'true' }));
  }
  if (!items.length) items.push(empty('暂无打卡记录'));
  list.replaceChildren(...items);
  restoreDrafts(list, drafts);
}

// The explanation forms that are open, with what was typed and whether it had the focus, by punch id.
function openDrafts(list) {
  const drafts = new Map();
  for (const form of list.querySelectorAll('li[data-punch-id] .explain form')) {
    if (form.hidden) continue;
    drafts.set(form.closest('li').dataset.punchId, { value: form.elements.text.value, focused: document.activeElement === form.elements.text });
  }
  return drafts;
}

function restoreDrafts(list, drafts) {
  for (const li of list.querySelectorAll('li[data-punch-id]')) {
    const draft = drafts.get(li.dataset.punchId);
    const form = li.querySelector('.explain form');
    if (!draft || !form) continue;
    li.querySelector('.explain-open').hidden = true;
    form.hidden = false;
    form.elements.text.value = draft.value;
    form.elements.text.dispatchEvent(new Event('input'));
    if (draft.focused) form.elements.text.focus();
  }
}

// A flagged punch: its review state, the reason of a decision, the employee's explanation, and while it is pending
// and unexplained a 说明情况 form (once, at most 200 characters).
function reviewedItem(p, text, data) {
  const r = p.review;
  const v = reviewView(r);
  const li = item(text, v.label, v.tone, { ...data, review: v.state });
  li.classList.add('reviewed');
  const detail = document.createElement('div');
  detail.className = 'review-detail';
  if (v.state === 'rejected') detail.append(line(`已驳回（原因：${r.reason || '未填写'}）`, 'bad'));
  else if (v.state === 'approved') detail.append(line(r.reason ? `已通过（说明：${r.reason}）` : '已通过复核，按打卡时间计入考勤', 'ok'));
  if (r.explanation) detail.append(line(`我的说明：${r.explanation}`, 'mine'));
  if (v.state === 'pending' && !r.explanation) detail.append(explainForm(p));
  else if (v.state === 'pending') detail.append(line('等待主管复核', 'muted'));
  li.append(detail);
  return li;
}

function line(text, tone) {
  const div = document.createElement('div');
  div.className = `line ${tone || ''}`;
  div.textContent = text;
  return div;
}

function explainForm(p) {
  const box = document.createElement('div');
  box.className = 'explain';
  const open = document.createElement('button');
  open.type = 'button';
  open.className = 'link explain-open';
  open.textContent = '说明情况';
  const form = document.createElement('form');
  form.hidden = true;
  form.innerHTML = '<label>向主管说明这次打卡的情况<textarea name="text" rows="3" required></textarea></label>' +
    '<div class="form-actions"><span class="count"></span><button type="button" class="cancel">取消</button>' +
    '<button type="submit" class="primary">提交说明</button></div><p class="error" role="alert"></p>';
  const text = form.elements.text;
  text.maxLength = MAX_NOTE;
  text.placeholder = `例如：定位不准，我在公司大堂（最多 ${MAX_NOTE} 字）`;
  const count = form.querySelector('.count');
  const counted = () => { count.textContent = `${text.value.length}/${MAX_NOTE}`; };
  counted();
  text.addEventListener('input', counted);
  open.addEventListener('click', () => { open.hidden = true; form.hidden = false; text.focus(); });
  form.querySelector('.cancel').addEventListener('click', () => { form.hidden = true; open.hidden = false; });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const error = form.querySelector('.error');
    const value = text.value.trim();
    if (!value) {
      error.textContent = '请填写说明';
      return;
    }
    const submit = form.querySelector('[type=submit]');
    submit.disabled = true;
    error.textContent = '';
    try {
      const r = await call(`/api/me/punches/${p.punchId}/explanation`, { method: 'POST', json: { text: value } }).catch(() => null);
      if (expired(r)) return;
      if (r && r.ok) {
        p.review = { ...p.review, explanation: r.body.explanation, explainedAt: r.body.explainedAt };
        const li = box.closest('li');
        li.replaceWith(reviewedItem(p, li.firstChild.textContent, { punchId: p.punchId, clientPunchId: p.clientPunchId }));
      } else {
        error.textContent = r ? problemText(r.body, '提交失败，请稍后重试') : '网络不可用，请联网后再提交说明';
      }
    } finally {
      submit.disabled = false;
    }
  });
  box.append(open, form);
  return box;
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
