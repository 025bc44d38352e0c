// The HR console: sign-in (WeCom, the admin key, or the development sign-in), the navigation of every page issue 21
// plans, and the pages built so far. Everything it shows comes from the documented /api/admin API.
import { call, clearCredential, credential, refusal, saveCredential } from './api.js';
import { el } from './dom.js';
import { renderCalendar } from './calendar.js';
import { renderDepartments } from './departments.js';
import { renderJobs } from './jobs.js';
import { autoStart, prepare, showSignin, wire } from './signin.js';
import { renderToday } from './today.js';
import { renderCorrections } from './corrections.js';
import { renderDays } from './days.js';
import { renderMonthly } from './monthly.js';
import { renderShifts } from './shifts.js';
import { renderSites } from './sites.js';
import { renderReviews } from './reviews.js';
import { renderEmployees } from './employees.js';
import { renderAudit } from './audit.js';
import { renderRoster } from './roster.js';

// Every page of the console. `supervisor`: a supervisor may open it (their own scope,
// read-only except their decisions); every other page is for HR and admins alone.
const PAGES = [
  { id: 'today', label: '今日', supervisor: true, render: renderToday },
  { id: 'reviews', label: '待复核', supervisor: true, render: renderReviews },
  { id: 'corrections', label: '补卡审批', supervisor: true, render: renderCorrections },
  { id: 'days', label: '考勤明细', supervisor: true, render: renderDays },
  { id: 'monthly', label: '月报', supervisor: true, render: renderMonthly },
  { id: 'employees', label: '员工', render: renderEmployees },
  { id: 'departments', label: '部门', render: renderDepartments },
  { id: 'sites', label: '打卡地点', render: renderSites },
  { id: 'shifts', label: '班次', render: renderShifts },
  { id: 'roster', label: '排班', render: renderRoster },
  { id: 'calendar', label: '日历', render: renderCalendar },
  { id: 'jobs', label: '任务与消息', render: renderJobs },
  { id: 'audit', label: '审计', render: renderAudit },
];

const $ = (id) => document.getElementById(id);

// Who is signed in (GET /api/admin/session): an admin key, HR or an admin (`everyone`) sees and changes everything;
// a supervisor sees their own scope and changes nothing but their decisions.
let who = null;

const visiblePages = () => PAGES.filter((p) => who && (who.everyone || p.supervisor));

function currentPage() {
  const id = location.hash.replace(/^#\/?/, '');
  const pages = visiblePages();
  return pages.find((p) => p.id === id) || pages[0];
}

function renderNav(active) {
  $('nav').replaceChildren(el('ul', {}, visiblePages().map((p) => el('li', {}, [
    el('a', { href: '#/' + p.id, class: p.id === active.id ? 'active' : null, 'aria-current': p.id === active.id ? 'page' : null }, p.label),
  ]))));
}

const ROLE_LABELS = { admin: '管理员', hr: '人事' };

function whoText() {
  if (who.kind === 'key') return '管理密钥登录';
  const role = (who.roles || []).map((r) => ROLE_LABELS[r]).find(Boolean) || (who.everyone ? '' : '主管');
  return (who.name || who.userId) + (role ? '（' + role + '）' : '');
}

// A 401 while the console is open: the key was rotated or the session ended.
function expired() {
  const wasKey = who && who.kind === 'key';
  clearCredential();
  who = null;
  showSignin(wasKey ? '管理密钥已失效，请重新登录' : '登录已失效，请重新登录');
}

function showShell() {
  $('signin').hidden = true;
  $('shell').hidden = false;
  $('who').textContent = whoText();
  const page = currentPage();
  renderNav(page);
  document.title = page.label + ' - 考勤管理后台';
  const main = $('page');
  main.replaceChildren(el('h1', {}, page.label));
  page.render(main, { expired, caller: { ...who } });
}

// Asks the host who the credential is. Resolves with null (and shows why on the sign-in) when it may not be used here.
async function identify(key) {
  let answer;
  try {
    answer = await call('/api/admin/session', { key });
  } catch {
    showSignin('无法连接服务器，请检查网络后重试');
    return null;
  }
  if (answer.ok) return answer.body;
  clearCredential();
  if (answer.status === 401) showSignin('登录已失效，请重新登录');
  else if (answer.status === 403) showSignin((answer.body && answer.body.detail) || '无权限：仅人事、管理员或主管可以使用管理后台');
  else showSignin(refusal(answer));
  return null;
}

async function enter() {
  who = await identify(credential());
  if (who) showShell();
}

wire({
  signedIn: enter,
  keyLogin: async (key) => {
    let answer;
    try {
      answer = await call('/api/admin/session', { key });
    } catch {
      showSignin('无法连接服务器，请检查网络后重试');
      return;
    }
    if (!answer.ok) {
      showSignin(answer.status === 401 || answer.status === 403 ? '管理密钥不正确，请检查后重试' : refusal(answer));
      return;
    }
    saveCredential(key);
    $('admin-key').value = '';
    who = answer.body;
    showShell();
  },
});

$('signout').addEventListener('click', () => {
  clearCredential();
  who = null;
  showSignin('');
});
window.addEventListener('hashchange', () => {
  if (who) showShell();
});

const arrival = await prepare();
if (arrival.signedIn || credential()) {
  await enter();
} else {
  showSignin(arrival.message);
  autoStart(arrival.message);
}
