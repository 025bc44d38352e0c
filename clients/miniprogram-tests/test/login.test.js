// Login: wx.qy.login → POST /api/sessions/miniprogram (jscode2session at the simulated WeCom) → a session token in
// storage, renewed when it is about to expire and after a 401.
const path = require('path');
const mp = require('./support/miniprogram');
const env = require('./support/env');

const session = require(path.join(env.MINIPROGRAM_ROOT, 'utils/session'));
const api = require(path.join(env.MINIPROGRAM_ROOT, 'utils/api'));

let phone;
let page;

afterEach(() => {
  if (page) page.close();
  page = null;
  phone.dispose();
});

test('signs in with a wx.qy.login code, keeps the token in storage and renews it when it expires or is refused', async () => {
  phone = mp.start({ userId: 'mp-login' });
  page = mp.open('punch');
  await page.show();

  const stored = phone.stored(session.KEY);
  expect(stored.userId).toBe('mp-login');
  expect(stored.token).toMatch(/^v1\./);
  expect(phone.calls.qyLogin).toBe(1);
  const exchange = phone.requests.find((r) => r.path === '/api/sessions/miniprogram');
  expect(exchange.status).toBe(200);
  expect(exchange.body).toEqual({ code: expect.any(String) });
  expect(page.text('#who')).toBe('登录测试（mp-login）');
  expect(page.text('#shift-name')).toBe('标准班');
  expect(page.text('#shift-times')).toBe('09:00–18:00');
  expect(page.text('#shift-window')).toBe('00:00–23:59');

  // The token is used as it is while it lasts: no new sign-in.
  const me = await api.request('/api/me');
  expect(me.status).toBe(200);
  expect(me.body.userId).toBe('mp-login');
  expect(phone.calls.qyLogin).toBe(1);

  // About to expire: renewed before the call.
  phone.wx.setStorageSync(session.KEY, Object.assign({}, stored, { expiresAt: new Date(Date.now() + 60 * 1000).toISOString() }));
  expect((await api.request('/api/me')).status).toBe(200);
  expect(phone.calls.qyLogin).toBe(2);
  expect(phone.stored(session.KEY).token).not.toBe(stored.token);

  // Refused by the server (forged, revoked): one new sign-in, the call repeated once.
  phone.wx.setStorageSync(session.KEY, Object.assign({}, phone.stored(session.KEY), { token: 'v1.forged.token' }));
  const again = await api.request('/api/me');
  expect(again.status).toBe(200);
  expect(phone.calls.qyLogin).toBe(3);
  expect(phone.requests.filter((r) => r.path === '/api/me').map((r) => r.status)).toEqual([200, 200, 401, 200]);
});

test('a departed employee and a phone outside WeCom are told why in Chinese', async () => {
  phone = mp.start({ userId: 'mp-gone' });
  page = mp.open('punch');
  await page.show();
  expect(page.text('#login-message')).toBe('您的考勤账号已停用或已离职，无法登录');
  expect(page.text('#login')).toContain('请联系人事或管理员');
  expect(phone.stored(session.KEY)).toBeUndefined();
  page.close();
  phone.dispose();

  phone = mp.start({ userId: 'mp-login', inWeCom: false });
  page = mp.open('punch');
  await page.show();
  expect(page.text('#login-message')).toBe('请在企业微信中打开本小程序');
  expect(page.text('#login')).toContain('在企业微信工作台找到“考勤打卡”进入。');
});
