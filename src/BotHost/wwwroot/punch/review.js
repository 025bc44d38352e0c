// The review page (/punch/review): flagged punches awaiting the signed-in supervisor (or HR), each with who, when,
// where, the findings, the employee's explanation and the photo, and 通过 / 驳回 (驳回 needs a reason). 已处理 lists
// the decisions of the last 30 days. Same sign-in as the punch page (login.js).
import { call, fetchBlob, problemText } from './api.js';
import { expired, signIn } from './login.js';
import { actorLabel, kindLabel, localDate, MAX_NOTE, reviewView, shortTime, timeOf } from './views.js';

const $ = (id) => document.getElementById(id);
const LIMIT = 100;
const DECIDED_DAYS = 30;
const SEVERITY = { info: '提示', warning: '注意', critical: '严重' };

let state = 'review';
let generation = 0;
// Blob URLs of photos not yet shown; each is revoked once its image has loaded (or failed), the rest on reload/退出.
const photoUrls = new Set();
let observer = null;
// The signed-in reviewer ({userId, name}), to name them under their own decisions.
let me = null;

async function enter() {
  const r = await call('/api/me').catch(() => null);
  if (expired(r)) return;
  if (r && r.ok) {
    me = r.body;
    $('who').textContent = `${me.name}（${me.userId}）`;
  }
  await load();
}

function clear() {
  if (observer) observer.disconnect();
  observer = null;
  for (const url of photoUrls) URL.revokeObjectURL(url);
  photoUrls.clear();
  $('reviews').replaceChildren();
}

async function load() {
  const mine = ++generation;
  clear();
  $('home').dataset.state = state;
  $('home').dataset.loaded = 'false';
  $('list-error').textContent = '';
  $('list-status').textContent = '加载中…';
  $('list-status').classList.remove('none');
  let path = `/api/admin/punches?state=${state}&limit=${LIMIT}`;
  if (state === 'decided') {
    const from = new Date();
    from.setDate(from.getDate() - DECIDED_DAYS);
    path += `&from=${localDate(from)}`;
  }
  const r = await call(path).catch(() => null);
  if (mine !== generation || expired(r)) return;
  if (!r || !r.ok) {
    $('list-status').textContent = '';
    $('list-error').textContent = r ? problemText(r.body, '暂时无法读取，请稍后刷新') : '网络不可用，请联网后刷新';
    // Not a reviewer: nothing here for them, say so and leave the way back to the punch page.
    if (r && r.status === 403) $('tabs').hidden = true;
    $('home').dataset.loaded = r ? String(r.status) : 'offline';
    return;
  }
  // The API lists oldest first: waiting punches in the order they came, decisions newest first.
  const items = state === 'decided' ? [...r.body].reverse() : r.body;
  observer = 'IntersectionObserver' in window
    ? new IntersectionObserver(showPhotos, { rootMargin: '300px 0px' })
    : null;
  $('reviews').replaceChildren(...items.map(card));
  $('home').dataset.loaded = 'true';
  count(items.length);
}

function count(total) {
  const status = $('list-status');
  status.classList.toggle('none', !total);
  if (state === 'decided') {
    status.textContent = total ? `近 ${DECIDED_DAYS} 天已处理 ${total} 条` : `近 ${DECIDED_DAYS} 天没有已处理的打卡`;
    return;
  }
  const waiting = document.querySelectorAll('#reviews .review-item[data-review=pending]').length;
  if (!total) status.textContent = '没有待复核的打卡';
  else if (!waiting) status.textContent = '已全部处理，刷新后不再显示';
  else status.textContent = `${waiting} 条待复核${total >= LIMIT ? `（先显示最早的 ${LIMIT} 条，处理后刷新可看到其余）` : ''}`;
}

// ---- one flagged punch ----

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function card(item) {
  const p = item.punch;
  const v = reviewView(item.review);
  const article = el('article', 'card review-item');
  article.dataset.punchId = item.punchId;
  article.dataset.review = v.state;

  const head = el('div', 'review-head');
  const who = el('div', 'person');
  who.append(el('strong', null, item.name), el('span', 'uid', item.userId));
  const tag = el('span', `tag ${v.tone}`, v.label);
  head.append(who, tag);

  const info = el('div', 'review-info');
  info.append(
    row('时间', `${p.workDate} ${timeOf(p.captureTime || p.serverTime)} ${kindLabel(p.kind)}`),
    row('地点', p.site ? `${p.site.name}${p.site.distanceMeters != null ? `，距离 ${p.site.distanceMeters} 米` : ''}` : '未匹配到打卡地点'),
    row('风险分', `${p.riskScore}`),
  );
  const findings = el('ul', 'review-findings');
  for (const f of p.findings || []) {
    const li = el('li', `finding ${f.severity}`);
    li.append(el('span', 'severity', SEVERITY[f.severity] || f.severity), el('span', null, f.message));
    li.dataset.code = f.code;
    findings.append(li);
  }
  if (findings.children.length) info.append(findings);
  const explanation = el('div', 'explanation');
  explanation.append(el('span', 'label', '员工说明'),
    el('span', item.review.explanation ? 'text' : 'text none', item.review.explanation || '员工暂未说明'));
  info.append(explanation);

  const photo = el('figure', 'photo');
  if (p.hasPhoto) {
    photo.dataset.photo = 'waiting';
    photo.append(el('span', 'photo-note', '照片加载中…'));
    photo.dataset.name = item.name;
    if (observer) observer.observe(photo);
    else showPhoto(photo, item.punchId);
  } else {
    photo.dataset.photo = 'none';
    photo.append(el('span', 'photo-note', '未附照片'));
  }

  const body = el('div', 'review-body');
  body.append(info, photo);
  article.append(head, body, v.state === 'pending' ? decideBox(article, item) : outcome(item.review));
  return article;
}

function row(label, value) {
  const div = el('div', 'row');
  div.append(el('span', 'label', label), el('span', 'value', value));
  return div;
}

// ---- the photo: fetched with the Authorization header into a blob URL (an <img src> cannot send it) ----

function showPhotos(entries) {
  for (const entry of entries) {
    if (!entry.isIntersecting) continue;
    observer.unobserve(entry.target);
    showPhoto(entry.target, entry.target.closest('.review-item').dataset.punchId);
  }
}

async function showPhoto(figure, punchId) {
  const mine = generation;
  let r;
  try {
    r = await fetchBlob(`/api/admin/punches/${punchId}/photo`);
  } catch {
    figure.dataset.photo = 'error';
    figure.replaceChildren(el('span', 'photo-note', '网络不可用，照片未加载'));
    return;
  }
  if (mine !== generation || expired(r)) return;
  if (!r.ok) {
    figure.dataset.photo = 'error';
    figure.replaceChildren(el('span', 'photo-note', r.status === 404 ? '照片已过保留期或不存在' : problemText(r.body, '无法读取照片')));
    return;
  }
  const url = URL.createObjectURL(r.blob);
  photoUrls.add(url);
  const img = new Image();
  img.alt = `${figure.dataset.name || ''}的打卡照片`;
  // The decoded image stays on screen; the URL (a handle on the decrypted photo) goes as soon as it is not needed.
  const done = (shown) => {
    URL.revokeObjectURL(url);
    photoUrls.delete(url);
    figure.dataset.photo = shown ? 'shown' : 'error';
    if (!shown) figure.replaceChildren(el('span', 'photo-note', '照片无法显示'));
  };
  img.addEventListener('load', () => done(true), { once: true });
  img.addEventListener('error', () => done(false), { once: true });
  img.src = url;
  figure.replaceChildren(img);
}

// ---- the decision ----

function decideBox(article, item) {
  const box = el('div', 'decide');
  const buttons = el('div', 'decide-buttons');
  const approve = el('button', 'primary approve', '通过');
  approve.type = 'button';
  const reject = el('button', 'danger reject', '驳回');
  reject.type = 'button';
  buttons.append(approve, reject);

  const form = el('form', 'reject-form');
  form.hidden = true;
  const label = el('label', null, '驳回原因（必填，员工会看到）');
  const reason = el('textarea');
  reason.name = 'reason';
  reason.rows = 3;
  reason.maxLength = MAX_NOTE;
  reason.placeholder = `例如：照片不是本人；不在打卡地点（最多 ${MAX_NOTE} 字）`;
  label.append(reason);
  const actions = el('div', 'form-actions');
  const counter = el('span', 'count', `0/${MAX_NOTE}`);
  const cancel = el('button', 'cancel', '取消');
  cancel.type = 'button';
  const confirm = el('button', 'danger confirm-reject', '确认驳回');
  confirm.type = 'submit';
  actions.append(counter, cancel, confirm);
  form.append(label, actions);
  const error = el('p', 'error');
  error.setAttribute('role', 'alert');
  box.append(buttons, form, error);

  reason.addEventListener('input', () => {
    counter.textContent = `${reason.value.length}/${MAX_NOTE}`;
    error.textContent = '';
  });
  reject.addEventListener('click', () => { buttons.hidden = true; form.hidden = false; error.textContent = ''; reason.focus(); });
  cancel.addEventListener('click', () => { form.hidden = true; buttons.hidden = false; error.textContent = ''; });
  approve.addEventListener('click', () => decide(article, item, box, true, null));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = reason.value.trim();
    if (!text) {
      error.textContent = '驳回须写明原因';
      reason.focus();
      return;
    }
    decide(article, item, box, false, text);
  });
  return box;
}

async function decide(article, item, box, approve, reason) {
  const error = box.querySelector('.error');
  const controls = box.querySelectorAll('button, textarea');
  controls.forEach((c) => { c.disabled = true; });
  error.textContent = '';
  const r = await call(`/api/admin/punches/${item.punchId}/decision`, {
    method: 'POST',
    json: approve ? { approve: true } : { approve: false, reason },
  }).catch(() => null);
  controls.forEach((c) => { c.disabled = false; });
  if (expired(r)) return;
  if (r && r.ok) {
    const v = reviewView(r.body.review);
    article.dataset.review = v.state;
    const tag = article.querySelector('.review-head .tag');
    tag.className = `tag ${v.tone}`;
    tag.textContent = v.label;
    box.replaceWith(outcome(r.body.review));
    count(document.querySelectorAll('#reviews .review-item').length);
    return;
  }
  if (!r) {
    error.textContent = '网络不可用，结果未提交，请联网后重试';
  } else if (r.status === 409) {
    error.textContent = `${problemText(r.body)}请点“刷新”查看最新结果。`;
    box.querySelectorAll('button').forEach((c) => { c.disabled = true; });
  } else {
    error.textContent = problemText(r.body, '提交失败，请稍后重试');
  }
}

function outcome(review) {
  const v = reviewView(review);
  const div = el('div', `outcome ${v.tone}`);
  const title = v.state === 'rejected' ? `已驳回（原因：${review.reason || '未填写'}）`
    : v.state === 'approved' ? `已通过${review.reason ? `（说明：${review.reason}）` : ''}` : '待复核';
  div.append(el('div', 'outcome-title', title));
  const by = [review.decidedBy ? `复核人：${reviewerName(review.decidedBy)}` : '', review.decidedAt ? shortTime(review.decidedAt) : '']
    .filter(Boolean).join(' · ');
  if (by) div.append(el('div', 'outcome-by', by));
  return div;
}

function reviewerName(actor) {
  const id = actorLabel(actor);
  return me && id.toLowerCase() === String(me.userId).toLowerCase() ? `${me.name}（${me.userId}）` : id;
}

// ---- tabs ----

for (const tab of document.querySelectorAll('#tabs .tab')) {
  tab.addEventListener('click', () => {
    state = tab.dataset.state;
    for (const t of document.querySelectorAll('#tabs .tab')) t.setAttribute('aria-selected', String(t === tab));
    load();
  });
}
$('refresh').addEventListener('click', () => load());

signIn({ onEnter: enter, onLeave: () => { generation++; me = null; clear(); $('tabs').hidden = false; } });
