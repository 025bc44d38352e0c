// 隐私授权: location and face consent granted and withdrawn on the page and recorded by the server; while location
// is withdrawn the punch page never reads it and punches by the office Wi-Fi alone.
const mp = require('./support/miniprogram');
const company = require('./support/company');
const geo = require('./support/geo');
const env = require('./support/env');
const checks = require('./support/checks');
const { until } = require('./support/wait');

let phone;

beforeAll(() => {
  phone = mp.start({ userId: 'mp-privacy', location: Object.assign(geo.offset(company.OFFICE, 10, 70), { accuracy: 15 }) });
});

afterAll(() => phone.dispose());

const consent = (kind) => env.expectOk('GET', '/api/me/consents/' + kind, { token: checks.token(phone) });
const answered = (p) => until(() => !p.data.punching && p.data.answer, { what: 'the punch answer' });

test('the consent page grants and withdraws location and face consent, and the punch page follows it', async () => {
  const privacy = mp.open('privacy');
  await privacy.show();
  expect(privacy.text('.notice')).toBe('位置信息只用于核验打卡地点；不授权时只能连接打卡地点的 Wi-Fi 打卡。人脸信息只用于核验本人打卡。授权可随时撤回。');
  expect(privacy.text('#consent-location-state')).toBe('使用中（可撤回）');
  expect(privacy.text('#consent-location')).toBe('撤回授权');
  expect(privacy.text('#consent-face-state')).toBe('未授权');
  expect(privacy.text('#consent-face')).toBe('授权');

  privacy.tap('#consent-location');
  await until(() => privacy.text('#consent-location-state') === '已撤回', { what: 'location withdrawn' });
  expect(privacy.text('#consent-location')).toBe('授权');
  expect(await consent('location')).toMatchObject({ answered: true, granted: false, locationUsed: false });

  privacy.tap('#consent-face');
  await until(() => privacy.text('#consent-face-state') === '已授权', { what: 'face granted' });
  expect(privacy.text('#consent-face')).toBe('撤回授权');
  expect(await consent('face')).toMatchObject({ granted: true });
  privacy.close();

  // Withdrawn and no office Wi-Fi: nothing is read, nothing is sent, and the page says why.
  let punch = mp.open('punch');
  await punch.show();
  punch.tap('#punch');
  await answered(punch);
  expect(punch.text('#answer-verdict')).toBe('未能打卡');
  expect(punch.text('#answer-message')).toBe('您未授权使用位置信息，且未连接打卡地点的 Wi-Fi');
  expect(punch.text('#answer-next')).toBe('请连接打卡地点的 Wi-Fi 后重试，或在“隐私授权”中授权位置信息。');
  expect(phone.calls.getLocation).toHaveLength(0);
  expect(phone.punchRequests()).toHaveLength(0);

  // With the office Wi-Fi the punch goes without a location and is accepted at the office.
  phone.wifi = { SSID: company.OFFICE_WIFI.ssid, BSSID: company.OFFICE_WIFI.bssid };
  punch.instance.setData({ answer: null });
  punch.tap('#punch');
  await answered(punch);
  expect(punch.text('#answer-verdict')).toBe('打卡成功');
  expect(phone.calls.getLocation).toHaveLength(0);
  expect(phone.punchRequests()[0].body.location).toBeNull();
  expect(phone.punchRequests()[0].body.wifi.bssid).toBe(company.OFFICE_WIFI.bssid);
  punch.close();

  // Granted again: the next punch reads the location once, in GCJ-02.
  const again = mp.open('privacy');
  await again.show();
  expect(again.text('#consent-location-state')).toBe('已撤回');
  again.tap('#consent-location');
  await until(() => again.text('#consent-location-state') === '已授权', { what: 'location granted' });
  expect(await consent('location')).toMatchObject({ granted: true, locationUsed: true });
  again.close();

  phone.wifi = null;
  punch = mp.open('punch');
  await punch.show();
  punch.tap('#punch');
  await answered(punch);
  expect(punch.text('#answer-verdict')).toBe('打卡成功');
  expect(phone.calls.getLocation.map((c) => c.type)).toEqual(['gcj02']);
  expect(phone.punchRequests()[1].body.location.coordinateSystem).toBe('gcj02');
  punch.close();
});
