// Sign-in shared by the pages of this app (/punch and /punch/review): the page config, WeCom OAuth (started by
// itself inside WeCom, a button elsewhere), the loopback dev login, 退出, and "a 401 means back to the login".
// Each page has the same elements: #login (#login-status, #oauth-login, #dev-login, #login-error), #home, #logout, #who.
import { call, clearSession, problemText, saveSession, session } from './api.js';
import { inWeCom } from './device.js';

const $ = (id) => document.getElementById(id);
const OAUTH_STATE_KEY = 'attendance.oauthState';

// What the host offers ({devLogin, oauth, jsApi, corpId, agentId}); read once by signIn.
export let config = { devLogin: false, oauth: false, jsApi: false };

let enter = async () => {};
let leave = () => {};
let expiredText = '登录已过期，请重新登录';

function show(section) {
  $('login').hidden = section !== 'login';
  $('home').hidden = section !== 'home';
  $('logout').hidden = section !== 'home';
}

// Reads the config, finishes an OAuth round trip when WeCom sent the browser back here, then either enters the page
// (onEnter, after the home section is shown) or shows the login. onLeave runs on 退出 and on an expired session.
// expiredMessage is what the login says after a 401.
export async function signIn({ onEnter, onLeave, expiredMessage }) {
  enter = onEnter;
  leave = onLeave || leave;
  expiredText = expiredMessage || expiredText;
  const configured = await call('/api/punch-page/config', { auth: false }).catch(() => null);
  if (configured && configured.ok) config = configured.body;

  const params = new URLSearchParams(location.search);
  if (params.has('code')) {
    await finishOAuth(params.get('code'), params.get('state'));
  }

  if (session()) {
    await entered();
    return;
  }
  showLogin();
}

async function entered() {
  show('home');
  $('who').textContent = session().userId;
  await enter();
}

export function showLogin(message) {
  show('login');
  $('oauth-login').hidden = !config.oauth;
  $('dev-login').hidden = !config.devLogin;
  $('login-status').textContent = config.oauth || config.devLogin
    ? (config.oauth ? '请使用企业微信身份登录' : '开发登录：输入员工的用户 ID')
    : '请从企业微信工作台进入本页面';
  $('login-error').textContent = message || '';
  if (config.devLogin) showDemoPeople();
  if (inWeCom && config.oauth && !message) startOAuth();
}

// Under --demo the dev login also offers the demo people (GET /demo/api/people); without the demo that route is
// absent (404) and only the user id form shows.
let demoPeople = null;

async function showDemoPeople() {
  const box = $('dev-people');
  if (!box) return;
  if (demoPeople === null) {
    const r = await call('/demo/api/people', { auth: false }).catch(() => null);
    demoPeople = r && r.ok && Array.isArray(r.body) ? r.body : [];
    const list = box.querySelector('ul');
    list.replaceChildren(...demoPeople.map(personItem));
  }
  box.hidden = demoPeople.length === 0 || $('login').hidden;
  if (demoPeople.length > 0 && !config.oauth) $('login-status').textContent = '开发登录：选择一位演示员工，或输入用户 ID';
}

function personItem(p) {
  const li = document.createElement('li');
  const who = document.createElement('span');
  const name = document.createElement('strong');
  name.textContent = p.name;
  who.append(name, ' ' + [p.department, ...(p.roles || []).filter((r) => r !== '员工')].filter(Boolean).join(' · '));
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link';
  button.dataset.userId = p.userId;
  button.textContent = '登录为' + p.name;
  button.addEventListener('click', () => devLogin(p.userId));
  li.append(who, button);
  return li;
}

// A 401 anywhere means the session is over: back to the login. True when it was one.
export function expired(r) {
  if (r && r.status === 401) {
    clearSession();
    leave();
    showLogin(expiredText);
    return true;
  }
  return false;
}

async function startOAuth() {
  // WeCom sends the browser back to this very page (the host accepts only the app's own pages).
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
  await devLogin(new FormData(e.target).get('userId').trim());
});

async function devLogin(userId) {
  const r = await call('/api/sessions/dev', { method: 'POST', json: { userId }, auth: false }).catch(() => null);
  if (!r || !r.ok) {
    $('login-error').textContent = r && r.status === 404 ? '此服务器未开启开发登录' : problemText(r && r.body, '登录失败，请检查网络');
    return;
  }
  saveSession(r.body);
  await entered();
}

$('logout').addEventListener('click', () => {
  clearSession();
  leave();
  $('who').textContent = '';
  showLogin();
});
