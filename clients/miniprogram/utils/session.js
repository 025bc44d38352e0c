// The session token: wx.qy.login → code → POST /api/sessions/miniprogram → {token, userId, expiresAt}, kept in
// storage so the app starts signed in; renewed shortly before it expires, and after a 401.
const config = require('../config');
const { call } = require('./wxp');

const KEY = 'attendance.session';
// Renew a little early: a punch must not be the request that finds the token expired.
const MARGIN_MS = 5 * 60 * 1000;

let signingIn = null;

function stored() {
  try {
    const s = wx.getStorageSync(KEY);
    return s && s.token ? s : null;
  } catch (e) {
    return null;
  }
}

function current() {
  const s = stored();
  return s && Date.parse(s.expiresAt) - MARGIN_MS > Date.now() ? s : null;
}

function clear() {
  wx.removeStorageSync(KEY);
}

// A failed sign-in: `status` is the HTTP status (0 without an answer), `message` the Chinese line to show.
function loginError(status, message, next) {
  const e = new Error(message);
  e.status = status;
  e.next = next;
  return e;
}

function inWeCom() {
  return typeof wx.qy === 'object' && typeof wx.qy.login === 'function';
}

async function exchange() {
  if (!inWeCom()) {
    throw loginError(0, '请在企业微信中打开本小程序', '在企业微信工作台找到“考勤打卡”进入。');
  }
  let code;
  try {
    code = (await call(wx.qy.login, {})).code;
  } catch (e) {
    throw loginError(0, '企业微信登录失败', '请检查网络后重试。');
  }
  let r;
  try {
    r = await call(wx.request, {
      url: config.serverUrl + '/api/sessions/miniprogram',
      method: 'POST',
      header: { 'Content-Type': 'application/json', Accept: 'application/json' },
      data: { code },
      timeout: config.requestTimeoutMs,
    });
  } catch (e) {
    throw loginError(0, '网络不可用，无法登录', '请检查网络后重试；未发送的打卡会保留在本机。');
  }
  const body = typeof r.data === 'object' && r.data ? r.data : {};
  if (r.statusCode === 200 && body.token) {
    const s = { token: body.token, userId: body.userId, expiresAt: body.expiresAt };
    wx.setStorageSync(KEY, s);
    return s;
  }
  if (r.statusCode === 403) {
    throw loginError(403, body.detail || '您的考勤账号已停用或已离职，无法登录', '如有疑问请联系人事或管理员。');
  }
  if (r.statusCode === 401) {
    throw loginError(401, '登录码无效或已过期', '请重新打开小程序。');
  }
  if (r.statusCode === 429) {
    throw loginError(429, '登录过于频繁', '请稍等一分钟后重试。');
  }
  if (r.statusCode === 502 || r.statusCode === 503) {
    throw loginError(r.statusCode, '暂时无法通过企业微信登录', '请稍后重试；如持续出现请联系管理员。');
  }
  throw loginError(r.statusCode, '登录失败（' + r.statusCode + '）', '请稍后重试。');
}

// The current session, signing in when there is none or it is about to expire. One sign-in at a time: pages and
// the queue asking together share it (a code is single use).
function ensure() {
  const s = current();
  if (s) return Promise.resolve(s);
  return renew();
}

function renew() {
  signingIn = signingIn || exchange().then((s) => {
    signingIn = null;
    return s;
  }, (e) => {
    signingIn = null;
    throw e;
  });
  return signingIn;
}

module.exports = { KEY, current, stored, clear, ensure, renew, inWeCom };
