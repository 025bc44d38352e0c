// The demo console: what the simulated WeCom server inside this process received from the attendance service, shown
// as WeCom chats. The people list, the app chat of the chosen person (text, markdown, template cards, files), the
// group robots, and the scheduled jobs. Sending a message or clicking a card button asks the simulator to seal a
// WeCom callback, then posts it to the host's real /wecom/callback, exactly as WeCom would.
import { mention, renderMarkdown, safeUrl } from './markdown.js';

const $ = (id) => document.getElementById(id);
const POLL_MS = 1500;
const ROLE_CLASS = { 员工: 'role-employee', 主管: 'role-leader', HR: 'role-hr' };
// Job summary counters (JobSummary.Counts) under Chinese names; others show as they come.
const COUNT_LABELS = {
  departments: '部门', messagesQueued: '新消息', alreadyQueued: '已发过', reviewsOverdue: '复核超时',
  evaluated: '已计算', final: '已结算',
};

const state = {
  people: [],
  names: new Map(),
  user: null,
  inbox: new Map(),      // seq -> message, for the chosen user
  rendered: new Map(),   // seq -> JSON of what was rendered (message + update)
  own: [],               // the chosen user's own bubbles: {id, after (last seq seen), text, state, status}
  groupSeen: new Map(),  // groupId -> Map(seq -> true)
  polling: null,
  inFlight: false,
  ownCounter: 0,
};
const ownByUser = new Map();

// ---------- HTTP ----------

async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'omit' });
  if (!r.ok) throw Object.assign(new Error('HTTP ' + r.status), { status: r.status });
  return r.json();
}

async function postJson(path, json) {
  const r = await fetch(path, {
    method: 'POST',
    headers: { Accept: 'application/json', ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: json === undefined ? undefined : JSON.stringify(json),
    cache: 'no-store',
    credentials: 'omit',
  });
  let body = null;
  const text = await r.text();
  if (text) {
    try { body = JSON.parse(text); } catch { body = { title: text }; }
  }
  return { ok: r.ok, status: r.status, body };
}

// Asks the simulator to seal a callback ({url, body}), then delivers it to the host like WeCom. Resolves with the
// status of the step that failed, or of the delivery ({ok, status, step}).
async function deliver(apiPath, json) {
  let sealed;
  try {
    sealed = await postJson(apiPath, json);
  } catch {
    return { ok: false, status: 0, step: 'seal' };
  }
  if (!sealed.ok || !sealed.body || typeof sealed.body.url !== 'string') return { ok: false, status: sealed.status, step: 'seal' };
  const url = sealed.body.url;
  if (!url.startsWith('/wecom/callback')) return { ok: false, status: 0, step: 'seal' };
  try {
    const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: sealed.body.body, cache: 'no-store', credentials: 'omit' });
    return { ok: r.ok, status: r.status, step: 'callback' };
  } catch {
    return { ok: false, status: 0, step: 'callback' };
  }
}

function failureText(result) {
  if (result.step === 'seal' && result.status === 409) return '这张卡片已经处理过了（409）';
  const what = result.step === 'seal' ? '模拟器未能生成回调' : '发送失败';
  return result.status ? `${what}（${result.status}）` : `${what}（网络错误）`;
}

// ---------- helpers ----------

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

function clock(at) {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n) => String(n).padStart(2, '0');
  const today = new Date();
  const time = `${p(d.getHours())}:${p(d.getMinutes())}`;
  return d.toDateString() === today.toDateString() ? time : `${d.getMonth() + 1}月${d.getDate()}日 ${time}`;
}

function nameOf(userId) {
  return state.names.get(userId) || userId;
}

function nearBottom(box) {
  return box.scrollHeight - box.scrollTop - box.clientHeight < 80;
}

function scrollToEnd(box) {
  box.scrollTop = box.scrollHeight;
}

// Places a node among its siblings by the numeric data-order (seq; own bubbles sit just after the last seq seen).
function place(box, node) {
  const order = Number(node.dataset.order);
  for (const child of box.children) {
    if (child.dataset.order !== undefined && Number(child.dataset.order) > order) {
      box.insertBefore(node, child);
      return;
    }
  }
  box.append(node);
}

// ---------- people ----------

async function loadPeople() {
  const list = $('people');
  try {
    state.people = await getJson('/demo/api/people');
  } catch (e) {
    list.dataset.state = 'failed';
    list.replaceChildren(el('li', 'empty error', e.status === 404 ? '演示接口不可用：请用 --demo 启动服务' : '无法读取演示员工，请刷新重试'));
    return;
  }
  state.names = new Map(state.people.map((p) => [p.userId, p.name]));
  list.replaceChildren(...state.people.map(personItem));
  list.dataset.state = 'loaded';
  const wanted = new URLSearchParams(location.hash.slice(1)).get('user');
  const first = state.people.find((p) => p.userId === wanted) || state.people[0];
  if (first) choose(first.userId, { switchPane: false });
}

function personItem(p) {
  const li = el('li');
  li.dataset.userId = p.userId;
  li.tabIndex = 0;
  li.setAttribute('role', 'button');
  li.append(el('span', 'avatar', (p.name || p.userId).slice(-2)));
  const info = el('div', 'person');
  const line = el('div', 'name-line');
  line.append(el('span', 'name', p.name), el('span', 'uid', p.userId));
  const meta = el('div', 'meta');
  meta.append(el('span', 'dept', p.department || ''));
  for (const role of p.roles || []) meta.append(el('span', 'role ' + (ROLE_CLASS[role] || ''), role));
  info.append(line, meta);
  li.append(info);
  li.addEventListener('click', () => choose(p.userId));
  li.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      choose(p.userId);
    }
  });
  return li;
}

function choose(userId, { switchPane = true } = {}) {
  if (state.user) ownByUser.set(state.user, state.own);
  state.user = userId;
  state.own = ownByUser.get(userId) || [];
  state.inbox = new Map();
  state.rendered = new Map();
  for (const li of $('people').children) li.setAttribute('aria-current', String(li.dataset.userId === userId));
  const person = state.people.find((p) => p.userId === userId);
  $('chat-user').textContent = person ? `${person.name}（${person.userId}） · ${person.department}` : userId;
  const chat = $('chat');
  chat.replaceChildren();
  chat.dataset.user = userId;
  chat.dataset.state = 'loading';
  for (const own of state.own) chat.append(ownBubble(own));
  const box = $('composer');
  box.content.disabled = false;
  box.querySelector('button[type=submit]').disabled = false;
  history.replaceState(null, '', '#user=' + encodeURIComponent(userId));
  if (switchPane) showPane('chat');
  renderGroupsMentions();
  pollNow();
}

// ---------- chat ----------

function messageNode(m) {
  const row = el('div', 'msg from-app');
  row.dataset.seq = String(m.seq);
  row.dataset.order = String(m.seq);
  row.dataset.kind = m.kind || 'unknown';
  row.append(el('span', 'avatar app', '考'));
  const col = el('div', 'col');
  col.append(el('div', 'meta', '考勤助手 ' + clock(m.at)));
  col.append(content(m, state.user));
  row.append(col);
  return row;
}

// The body of one app message (message/send) by msgtype; a file comes with {name, url} from the API.
function content(m, me) {
  const body = m.body || {};
  switch (m.kind) {
    case 'text':
      return el('div', 'bubble text', body.text && body.text.content);
    case 'markdown': {
      const b = el('div', 'bubble');
      b.append(renderMarkdown(body.markdown && body.markdown.content, state.names, me));
      return b;
    }
    case 'template_card':
      return card(m);
    case 'file':
      return fileBubble(m.file, body);
    case 'textcard':
      return textCard(body.textcard || {});
    default: {
      const b = el('div', 'bubble other');
      b.append(el('div', 'hint', `[${m.kind || '未知'} 消息]`));
      const text = body[m.kind] && (body[m.kind].content || body[m.kind].title || body[m.kind].description);
      if (text) b.append(el('div', 'text', text));
      return b;
    }
  }
}

function fileBubble(file, body) {
  const b = el('div', 'bubble file');
  const name = (file && file.name) || '文件';
  const href = file && safeUrl(file.url);
  b.append(el('span', 'file-icon', (name.split('.').pop() || 'FILE').slice(0, 4).toUpperCase()));
  const info = el('div', 'file-info');
  if (href) {
    const a = el('a', 'file-name', name);
    a.href = href;
    a.download = name;
    info.append(a, el('span', 'hint', '点击下载'));
  } else {
    info.append(el('span', 'file-name', name), el('span', 'hint', (body.file && body.file.media_id) ? '文件已发送' : '文件不可下载'));
  }
  b.append(info);
  return b;
}

function textCard(tc) {
  const b = el('div', 'bubble textcard');
  b.append(el('div', 'tc-title', tc.title));
  // WeCom allows a few tags (<div class="gray">) in the description: shown as plain text without them.
  const desc = String(tc.description || '').replace(/<br\s*\/?>|<\/div>/gi, '\n').replace(/<[^>]*>/g, '').trim();
  b.append(el('div', 'tc-desc', desc));
  const href = safeUrl(tc.url);
  if (href) {
    const a = el('a', 'tc-link', tc.btntxt || '详情');
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    b.append(a);
  }
  return b;
}

// A button_interaction card. An update either replaces the buttons with one grey label (button.replace_name) or the
// whole card (template_card).
function card(m) {
  const original = (m.body && m.body.template_card) || {};
  const update = m.update || null;
  const tc = update && update.template_card ? { ...original, ...update.template_card } : original;
  const box = el('div', 'card');
  box.dataset.taskId = tc.task_id || original.task_id || '';
  box.dataset.state = update ? 'updated' : 'open';
  if (tc.source && tc.source.desc) box.append(el('div', 'card-source', tc.source.desc));
  if (tc.main_title) {
    if (tc.main_title.title) box.append(el('div', 'card-title', tc.main_title.title));
    if (tc.main_title.desc) box.append(el('div', 'card-desc', tc.main_title.desc));
  }
  if (tc.emphasis_content && tc.emphasis_content.title) {
    const em = el('div', 'card-emphasis');
    em.append(el('strong', null, tc.emphasis_content.title), el('span', 'hint', tc.emphasis_content.desc || ''));
    box.append(em);
  }
  if (tc.sub_title_text) box.append(el('div', 'card-sub', tc.sub_title_text));
  if (Array.isArray(tc.horizontal_content_list) && tc.horizontal_content_list.length) {
    const dl = el('dl', 'card-kv');
    for (const kv of tc.horizontal_content_list) {
      dl.append(el('dt', null, kv.keyname), el('dd', null, kv.value));
    }
    box.append(dl);
  }
  const buttons = el('div', 'card-buttons');
  const replaced = update && update.button && update.button.replace_name;
  if (replaced) {
    const done = el('button', 'replaced', update.button.replace_name);
    done.type = 'button';
    done.disabled = true;
    buttons.append(done);
    box.dataset.state = 'decided';
  } else {
    for (const b of tc.button_list || []) {
      const btn = el('button', 'style-' + (b.style || 1), b.text);
      btn.type = 'button';
      btn.dataset.key = b.key;
      btn.addEventListener('click', () => clickCard(box, btn));
      buttons.append(btn);
    }
  }
  if (buttons.childElementCount) box.append(buttons);
  box.append(el('div', 'card-status', ''));
  return box;
}

async function clickCard(box, btn) {
  const status = box.querySelector('.card-status');
  for (const b of box.querySelectorAll('button[data-key]')) b.disabled = true;
  box.dataset.state = 'sending';
  status.textContent = '正在提交…';
  const result = await deliver('/demo/api/callbacks/card', { userId: state.user, taskId: box.dataset.taskId, eventKey: btn.dataset.key });
  if (result.ok) {
    box.dataset.state = 'sent';
    status.textContent = `已点击「${btn.textContent}」，等待考勤助手更新卡片…`;
    pollNow();
  } else {
    box.dataset.state = 'failed';
    status.textContent = failureText(result);
    status.classList.add('error');
    for (const b of box.querySelectorAll('button[data-key]')) b.disabled = false;
  }
}

function ownBubble(own) {
  const row = el('div', 'msg mine');
  row.dataset.own = String(own.id);
  row.dataset.order = String(own.after + 0.5 + own.id / 1e6);
  row.dataset.kind = 'own';
  row.dataset.state = own.state;
  const person = state.people.find((p) => p.userId === state.user);
  const col = el('div', 'col');
  col.append(el('div', 'meta', clock(own.at)));
  col.append(el('div', 'bubble text', own.text));
  const st = el('div', 'send-status', own.status || '');
  if (own.state === 'failed') st.classList.add('error');
  col.append(st);
  row.append(col, el('span', 'avatar', ((person && person.name) || state.user || '').slice(-2)));
  return row;
}

function updateOwn(own) {
  const row = $('chat').querySelector(`.msg.mine[data-own="${own.id}"]`);
  if (!row) return;
  row.dataset.state = own.state;
  const st = row.querySelector('.send-status');
  st.textContent = own.status || '';
  st.classList.toggle('error', own.state === 'failed');
}

async function send(text) {
  const content = text.trim();
  if (!content || !state.user) return;
  const user = state.user;
  const lastSeq = Math.max(0, ...state.inbox.keys());
  const own = { id: ++state.ownCounter, after: lastSeq, text: content, state: 'sending', status: '发送中…', at: new Date().toISOString() };
  state.own.push(own);
  const chat = $('chat');
  place(chat, ownBubble(own));
  scrollToEnd(chat);
  $('composer').dataset.state = 'sending';
  const result = await deliver('/demo/api/callbacks/text', { userId: user, content });
  own.state = result.ok ? 'sent' : 'failed';
  own.status = result.ok ? '' : failureText(result);
  $('composer').dataset.state = result.ok ? 'idle' : 'failed';
  if (state.user === user) {
    updateOwn(own);
    pollNow();
  }
}

function renderInbox(messages) {
  const chat = $('chat');
  const stick = nearBottom(chat) || chat.dataset.state === 'loading';
  let added = false;
  chat.querySelector(':scope > .empty')?.remove();
  for (const m of messages) {
    const key = JSON.stringify([m.body, m.update, m.file]);
    if (state.rendered.get(m.seq) === key) continue;
    state.inbox.set(m.seq, m);
    const node = messageNode(m);
    const old = chat.querySelector(`.msg[data-seq="${m.seq}"]`);
    if (old) {
      old.replaceWith(node);
    } else {
      place(chat, node);
      added = true;
    }
    state.rendered.set(m.seq, key);
  }
  if (!chat.children.length) chat.append(el('p', 'empty', '考勤助手还没有给这位员工发过消息。发一条「帮助」试试。'));
  chat.dataset.state = 'loaded';
  if (added && stick) scrollToEnd(chat);
}

// ---------- groups ----------

function groupNode(g) {
  const box = el('section', 'group');
  box.dataset.groupId = g.id;
  const head = el('header', 'group-head');
  head.append(el('span', 'avatar group-avatar', '群'));
  const title = el('div', 'group-title');
  title.append(el('strong', null, g.name || g.id));
  title.append(el('span', 'sub', (g.members || []).map(nameOf).join('、') + (g.members ? `（${g.members.length}人）` : '')));
  head.append(title);
  const list = el('div', 'messages group-messages');
  box.append(head, list);
  return box;
}

function groupMessageNode(m) {
  const row = el('div', 'msg from-app');
  row.dataset.seq = String(m.seq);
  row.dataset.order = String(m.seq);
  row.dataset.kind = m.kind || 'unknown';
  row.append(el('span', 'avatar robot', '机'));
  const col = el('div', 'col');
  col.append(el('div', 'meta', `${m.sender || '机器人'} ${clock(m.at)}`));
  const body = m.body || {};
  if (m.kind === 'text') {
    const b = el('div', 'bubble text', body.text && body.text.content);
    const mentioned = (body.text && body.text.mentioned_list) || [];
    if (mentioned.length) {
      const line = el('div', 'mentions');
      for (const id of mentioned) line.append(mention(id === '@all' ? '@all' : id, state.names, state.user), ' ');
      b.append(line);
    }
    col.append(b);
  } else if (m.kind === 'markdown') {
    const b = el('div', 'bubble');
    b.append(renderMarkdown(body.markdown && body.markdown.content, state.names, state.user));
    col.append(b);
  } else if (m.kind === 'file') {
    col.append(fileBubble(m.file, body));
  } else {
    col.append(content(m, state.user));
  }
  row.append(col);
  return row;
}

function renderGroups(groups) {
  const root = $('groups');
  root.querySelector(':scope > .empty')?.remove();
  let fresh = 0;
  for (const g of groups) {
    let box = root.querySelector(`.group[data-group-id="${CSS.escape(g.id)}"]`);
    if (!box) {
      box = groupNode(g);
      root.append(box);
      state.groupSeen.set(g.id, new Set());
    }
    const seen = state.groupSeen.get(g.id);
    const list = box.querySelector('.group-messages');
    const stick = nearBottom(list);
    let added = false;
    for (const m of g.messages || []) {
      if (seen.has(m.seq)) continue;
      seen.add(m.seq);
      place(list, groupMessageNode(m));
      added = true;
      fresh++;
    }
    if (!list.children.length) list.append(el('p', 'empty', '群里还没有消息。'));
    else list.querySelector(':scope > .empty')?.remove();
    if (added && stick) scrollToEnd(list);
  }
  if (!groups.length && !root.children.length) root.append(el('p', 'empty', '没有配置群机器人。'));
  root.dataset.state = 'loaded';
  if (fresh && document.body.dataset.pane !== 'groups' && root.dataset.first === 'done') {
    const badge = $('groups-badge');
    badge.textContent = String(Number(badge.textContent || 0) + fresh);
    badge.hidden = false;
  }
  root.dataset.first = 'done';
}

// The chosen person's mentions stand out in the group chats.
function renderGroupsMentions() {
  for (const m of $('groups').querySelectorAll('.mention[data-user-id]')) {
    m.classList.toggle('me', !!state.user && m.dataset.userId.toLowerCase() === state.user.toLowerCase());
  }
}

// ---------- jobs ----------

async function loadJobs() {
  const section = $('jobs');
  const box = section.querySelector('.job-buttons');
  let jobs;
  try {
    jobs = await getJson('/demo/api/jobs');
  } catch {
    section.dataset.state = 'failed';
    $('job-result').textContent = '无法读取任务列表';
    return;
  }
  box.replaceChildren(...jobs.map((j) => {
    const b = el('button', 'job', j.label || j.name);
    b.type = 'button';
    b.dataset.job = j.name;
    b.addEventListener('click', () => runJob(b, j));
    return b;
  }));
  section.dataset.state = 'loaded';
}

async function runJob(button, job) {
  const out = $('job-result');
  button.disabled = true;
  button.dataset.state = 'running';
  out.className = 'job-result';
  out.textContent = `正在运行：${job.label || job.name}…`;
  let r;
  try {
    r = await postJson('/demo/api/jobs/' + encodeURIComponent(job.name));
  } catch {
    r = { ok: false, status: 0, body: null };
  }
  button.disabled = false;
  button.dataset.state = r.ok ? 'done' : 'failed';
  if (r.ok) {
    const counts = r.body && r.body.counts && typeof r.body.counts === 'object'
      ? Object.entries(r.body.counts).map(([k, v]) => `${COUNT_LABELS[k] || k} ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('，')
      : '';
    out.classList.add('ok');
    out.textContent = `已完成：${job.label || job.name}${counts ? '（' + counts + '）' : ''}`;
  } else {
    out.classList.add('error');
    out.textContent = `运行失败（${r.status || '网络错误'}）${r.body && (r.body.detail || r.body.title) ? '：' + (r.body.detail || r.body.title) : ''}`;
  }
  pollNow();
}

// ---------- polling ----------

async function poll() {
  if (state.inFlight) return;
  state.inFlight = true;
  const user = state.user;
  try {
    const [inbox, groups] = await Promise.all([
      user ? getJson('/demo/api/inbox/' + encodeURIComponent(user)).catch(() => null) : null,
      getJson('/demo/api/groups').catch(() => null),
    ]);
    if (inbox && user === state.user) renderInbox(inbox.messages || []);
    else if (!inbox && user === state.user && user) $('chat').dataset.state = 'failed';
    if (groups) renderGroups(groups);
  } finally {
    state.inFlight = false;
  }
}

function pollNow() {
  poll().then(() => {
    // A reply may land just after: look again soon.
    setTimeout(() => { if (!document.hidden) poll(); }, 400);
  });
}

function startPolling() {
  if (state.polling) return;
  state.polling = setInterval(() => { if (!document.hidden) poll(); }, POLL_MS);
}

document.addEventListener('visibilitychange', () => {
  if (document.hidden) {
    clearInterval(state.polling);
    state.polling = null;
  } else {
    poll();
    startPolling();
  }
});

// ---------- panes (phone) ----------

function showPane(pane) {
  document.body.dataset.pane = pane;
  for (const t of $('tabs').querySelectorAll('[role=tab]')) t.setAttribute('aria-selected', String(t.dataset.pane === pane));
  if (pane === 'groups') {
    $('groups-badge').hidden = true;
    $('groups-badge').textContent = '';
    for (const list of $('groups').querySelectorAll('.group-messages')) scrollToEnd(list);
  }
  if (pane === 'chat') scrollToEnd($('chat'));
}

for (const t of $('tabs').querySelectorAll('[role=tab]')) t.addEventListener('click', () => showPane(t.dataset.pane));

// ---------- composer ----------

const composer = $('composer');
composer.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = composer.content.value;
  composer.content.value = '';
  send(text);
});
composer.content.addEventListener('keydown', (e) => {
  // Enter sends (as in WeCom), Shift+Enter is a new line; never while an input method is composing.
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
    e.preventDefault();
    composer.requestSubmit();
  }
});
for (const chip of $('chips').querySelectorAll('button[data-command]')) {
  chip.addEventListener('click', () => send(chip.dataset.command));
}

// The people first: group members and mentions are shown by name.
loadJobs();
loadPeople().finally(() => {
  poll();
  startPolling();
});
