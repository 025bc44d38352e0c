// The HR console: sign-in with the admin key, the navigation of every page issue 21 plans, and the pages built so far.
// Everything it shows comes from the documented /api/admin API.
import { adminKey, call, clearKey, refusal, saveKey } from './api.js';
import { el } from './dom.js';
import { renderJobs } from './jobs.js';
import { renderToday } from './today.js';
import { renderCorrections } from './corrections.js';
import { renderDays } from './days.js';
import { renderMonthly } from './monthly.js';

// Every page of the console; `render` only for those built. The rest say so rather than show made-up content.
const PAGES = [
  { id: 'today', label: '今日', render: renderToday },
  { id: 'reviews', label: '待复核' },
  { id: 'corrections', label: '补卡审批', render: renderCorrections },
  { id: 'days', label: '考勤明细', render: renderDays },
  { id: 'monthly', label: '月报', render: renderMonthly },
  { id: 'employees', label: '员工' },
  { id: 'departments', label: '部门' },
  { id: 'sites', label: '打卡地点' },
  { id: 'shifts', label: '班次' },
  { id: 'roster', label: '排班' },
  { id: 'calendar', label: '日历' },
  { id: 'jobs', label: '任务与消息', render: renderJobs },
  { id: 'audit', label: '审计' },
];
const FIRST_BUILT = PAGES.find((p) => p.render).id;
// The pages a supervisor may open (the API refuses them the rest); HR, admins and admin keys see every page.
const SUPERVISOR_PAGES = ['today', 'reviews', 'corrections', 'days', 'monthly'];

const $ = (id) => document.getElementById(id);

// Who is signed in, for the pages: an admin key (and HR or an admin) sees and changes everything; a supervisor
// sees their own scope and changes nothing but their decisions.
// Read once per sign-in from GET /api/admin/session (null until then, and again after signing out).
let session = null;
const caller = () => session && ({
  kind: session.kind, everyone: session.everyone, userId: session.userId || null, name: session.name || null, roles: session.roles || [],
  departments: session.departments || [], today: session.today,
});
const visiblePages = () => PAGES.filter((p) => !session || session.everyone || SUPERVISOR_PAGES.includes(p.id));

// Fetches the session for the stored credential; false (and the sign-in shown, with the reason) when it is refused.
async function loadSession() {
  let answer;
  try {
    answer = await call('/api/admin/session');
  } catch {
    showSignin('无法连接服务器，请检查网络后重试');
    return false;
  }
  if (!answer.ok) {
    clearKey();
    showSignin(answer.status === 401 ? '登录已失效，请重新登录' : refusal(answer));
    return false;
  }
  session = answer.body;
  return true;
}

function showSignin(message) {
  $('shell').hidden = true;
  $('signin').hidden = false;
  const error = $('signin-error');
  error.textContent = message || '';
  error.hidden = !message;
  $('admin-key').focus();
}

async function signIn(event) {
  event.preventDefault();
  const key = $('admin-key').value.trim();
  const button = $('signin-submit');
  button.disabled = true;
  $('signin-error').hidden = true;
  try {
    // The console's session says whether the key is one, and who it stands for.
    const answer = await call('/api/admin/session', { key });
    if (answer.ok) {
      saveKey(key);
      session = answer.body;
      $('admin-key').value = '';
      showShell();
    } else {
      showSignin(answer.status === 401 || answer.status === 403 ? '管理密钥不正确，请检查后重试' : refusal(answer));
    }
  } catch {
    showSignin('无法连接服务器，请检查网络后重试');
  } finally {
    button.disabled = false;
  }
}

function currentPage() {
  const id = location.hash.replace(/^#\/?/, '');
  const pages = visiblePages();
  return pages.find((p) => p.id === id) || pages.find((p) => p.id === FIRST_BUILT);
}

function renderNav(active) {
  const nav = $('nav');
  nav.replaceChildren(el('ul', {}, visiblePages().map((p) => el('li', {}, [
    el('a', { href: '#/' + p.id, class: p.id === active.id ? 'active' : null, 'aria-current': p.id === active.id ? 'page' : null }, [
      p.label,
      p.render ? null : el('span', { class: 'soon' }, '即将推出'),
    ]),
  ]))));
}

// The page calls this when the API answers 401/403: the key was revoked or rotated while the tab was open.
function expired() {
  const key = !session || session.kind === 'key';
  clearKey();
  session = null;
  showSignin(key ? '管理密钥已失效，请重新登录' : '登录已失效，请重新登录');
}

async function showShell() {
  if (!session && !(await loadSession())) return;
  $('signin').hidden = true;
  document.querySelector('.who').textContent = session.kind === 'key' ? '管理密钥登录'
    : session.name + (session.everyone ? '' : '（主管，仅本人负责的范围）');
  $('shell').hidden = false;
  const page = currentPage();
  renderNav(page);
  document.title = page.label + ' - 考勤管理后台';
  const main = $('page');
  main.replaceChildren(el('h1', {}, page.label));
  if (page.render) {
    page.render(main, { expired, caller: caller() });
  } else {
    main.append(el('p', { class: 'soon-page' }, '即将推出：此页面尚未开放，请先通过管理 API 操作（见 docs/api.md）。'));
  }
}

$('signin-form').addEventListener('submit', signIn);
$('signout').addEventListener('click', () => {
  clearKey();
  session = null;
  showSignin('');
});
window.addEventListener('hashchange', () => {
  if (adminKey()) showShell();
});

if (adminKey()) showShell(); else showSignin('');
