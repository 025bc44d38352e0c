// Sign-in to the console, three ways:
// - inside WeCom's desktop client (user agent with wxwork): WeCom OAuth, started by itself;
// - in an ordinary browser: WeCom's web login (企业微信扫码登录), a button;
// - the admin key, for first set-up before WeCom is configured;
// plus the loopback development sign-in when the host offers it (Security:DevLogin, e.g. under --demo).
// WeCom sends the browser back to /admin with ?code=&state=; the state was issued and HMAC'd by the host, kept in this
// tab, and checked twice (here and by the host) before the single-use code is exchanged for a session token.
import { call, saveCredential } from './api.js';
import { el } from './dom.js';

const $ = (id) => document.getElementById(id);
const STATE_KEY = 'attendance.console.oauthState';
const inWeCom = /wxwork/i.test(navigator.userAgent);

// What the host offers ({devLogin, oauth, jsApi, corpId, agentId}), from the documented page config.
let config = { devLogin: false, oauth: false };

function problem(answer, fallback) {
  const body = answer && answer.body;
  return (body && typeof body.detail === 'string' && body.detail) || fallback;
}

// Shows the ways to sign in this host offers. `message` (a refusal, an expiry) shows above them.
export function showSignin(message) {
  $('shell').hidden = true;
  $('signin').hidden = false;
  $('wecom-signin').hidden = !config.oauth;
  $('wecom-login').textContent = inWeCom ? '使用企业微信身份登录' : '企业微信扫码登录';
  $('dev-signin').hidden = !config.devLogin;
  const error = $('signin-error');
  error.textContent = message || '';
  error.hidden = !message;
  if (config.devLogin) showDemoPeople();
  if (!config.oauth) $('admin-key').focus();
}

// Reads the host's config and finishes a WeCom round trip when the browser was sent back here. Resolves with
// {signedIn: true} when a session token was stored, {message} when WeCom's answer was refused, {} otherwise.
export async function prepare() {
  const answer = await call('/api/punch-page/config', { key: null }).catch(() => null);
  if (answer && answer.ok && answer.body) config = answer.body;
  const params = new URLSearchParams(location.search);
  if (params.has('code') || params.has('state')) {
    return finishWeCom(params.get('code'), params.get('state'));
  }
  return {};
}

// Inside WeCom nobody should have to press a button: OAuth starts by itself (not after a refusal, to avoid a loop).
export function autoStart(message) {
  if (inWeCom && config.oauth && !message) startWeCom();
}

async function startWeCom() {
  const redirect = location.origin + location.pathname;
  const mode = inWeCom ? 'wecom' : 'web';
  const answer = await call('/api/sessions/oauth/start?mode=' + mode + '&redirectUri=' + encodeURIComponent(redirect), { key: null })
    .catch(() => null);
  if (!answer || !answer.ok) {
    showSignin(problem(answer, '无法发起企业微信登录，请稍后重试'));
    return;
  }
  sessionStorage.setItem(STATE_KEY, answer.body.state);
  location.assign(answer.body.url);
}

async function finishWeCom(code, state) {
  // The code is single-use: it must not stay in the address bar or the history.
  history.replaceState(null, '', location.pathname + location.hash);
  const expected = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(STATE_KEY);
  if (!code) return { message: '已取消企业微信登录' };
  if (!state || state !== expected) return { message: '登录请求无效（state 不匹配），请重新登录' };
  const checked = await call('/api/sessions/oauth/state', { method: 'POST', json: { state }, key: null }).catch(() => null);
  if (!checked || !checked.ok) return { message: problem(checked, '登录请求已过期，请重新登录') };
  const answer = await call('/api/sessions/oauth', { method: 'POST', json: { code }, key: null }).catch(() => null);
  if (!answer || !answer.ok) return { message: problem(answer, '企业微信登录失败，请重试') };
  saveCredential(answer.body.token);
  return { signedIn: true };
}

// Under --demo the development sign-in lists the demo people (GET /demo/api/people, loopback only); elsewhere only
// the user id form shows.
let demoPeople = null;

async function showDemoPeople() {
  if (demoPeople !== null) return;
  const answer = await call('/demo/api/people', { key: null }).catch(() => null);
  demoPeople = answer && answer.ok && Array.isArray(answer.body) ? answer.body : [];
  $('dev-people').replaceChildren(...demoPeople.map((p) => el('li', {}, [
    el('span', {}, [el('strong', {}, p.name), ' ', [p.department, ...(p.roles || []).filter((r) => r !== '员工')].filter(Boolean).join(' · ')]),
    el('button', { type: 'button', class: 'link-dark', 'data-user-id': p.userId, onclick: () => devLogin(p.userId) }, '登录为' + p.name),
  ])));
  $('dev-people').hidden = demoPeople.length === 0;
}

let onSignedIn = async () => {};

async function devLogin(userId) {
  const answer = await call('/api/sessions/dev', { method: 'POST', json: { userId }, key: null }).catch(() => null);
  if (!answer || !answer.ok) {
    showSignin(answer && answer.status === 404 ? '此服务器未开启开发登录' : problem(answer, '登录失败，请检查网络'));
    return;
  }
  saveCredential(answer.body.token);
  await onSignedIn();
}

// `signedIn` runs once a credential is stored; `keyLogin(key)` checks an admin key.
export function wire({ signedIn, keyLogin }) {
  onSignedIn = signedIn;
  $('wecom-login').addEventListener('click', () => startWeCom());
  $('dev-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const userId = $('dev-user').value.trim();
    if (userId) devLogin(userId);
  });
  $('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('signin-submit');
    button.disabled = true;
    try {
      await keyLogin($('admin-key').value.trim());
    } finally {
      button.disabled = false;
    }
  });
}
