// The HR console: sign-in with the admin key, the navigation of every page issue 21 plans, and the pages built so far.
// Everything it shows comes from the documented /api/admin API.
import { adminKey, call, clearKey, refusal, saveKey } from './api.js';
import { el } from './dom.js';
import { renderJobs } from './jobs.js';
import { renderRoster } from './roster.js';

// Every page of the console; `render` only for those built. The rest say so rather than show made-up content.
const PAGES = [
  { id: 'today', label: '今日' },
  { id: 'reviews', label: '待复核' },
  { id: 'corrections', label: '补卡审批' },
  { id: 'days', label: '考勤明细' },
  { id: 'monthly', label: '月报' },
  { id: 'employees', label: '员工' },
  { id: 'departments', label: '部门' },
  { id: 'sites', label: '打卡地点' },
  { id: 'shifts', label: '班次' },
  { id: 'roster', label: '排班', render: renderRoster },
  { id: 'calendar', label: '日历' },
  { id: 'jobs', label: '任务与消息', render: renderJobs },
  { id: 'audit', label: '审计' },
];
const FIRST_BUILT = PAGES.find((p) => p.render).id;

const $ = (id) => document.getElementById(id);

// Who is signed in, for the pages: an admin key (and HR or an admin) sees and changes everything; a supervisor
// sees their own scope and changes nothing but their decisions.
const caller = () => ({ kind: 'key', everyone: true, userId: null, name: null, roles: [] });

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
    // Any admin read tells whether the key is one; the job list is small.
    const answer = await call('/api/admin/jobs', { key });
    if (answer.ok) {
      saveKey(key);
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
  return PAGES.find((p) => p.id === id) || PAGES.find((p) => p.id === FIRST_BUILT);
}

function renderNav(active) {
  const nav = $('nav');
  nav.replaceChildren(el('ul', {}, PAGES.map((p) => el('li', {}, [
    el('a', { href: '#/' + p.id, class: p.id === active.id ? 'active' : null, 'aria-current': p.id === active.id ? 'page' : null }, [
      p.label,
      p.render ? null : el('span', { class: 'soon' }, '即将推出'),
    ]),
  ]))));
}

// The page calls this when the API answers 401/403: the key was revoked or rotated while the tab was open.
function expired() {
  clearKey();
  showSignin('管理密钥已失效，请重新登录');
}

function showShell() {
  $('signin').hidden = true;
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
  showSignin('');
});
window.addEventListener('hashchange', () => {
  if (adminKey()) showShell();
});

if (adminKey()) showShell(); else showSignin('');
