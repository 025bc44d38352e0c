// 打卡: a punch at the office with a GCJ-02 fix and the office Wi-Fi's BSSID is accepted; 600 m away it is a
// location exception with the distance. Everything goes to the real host.
const mp = require('./support/miniprogram');
const company = require('./support/company');
const geo = require('./support/geo');
const checks = require('./support/checks');
const { until } = require('./support/wait');

// One employee's phone for the whole file: a second phone would be a new device (DEVICE_NEW), which together with
// a fix out of range sends a punch to review.
let phone;
let page;

beforeAll(() => {
  phone = mp.start({ userId: 'mp-punch' });
});

afterEach(() => page.close());

afterAll(() => phone.dispose());

const answered = (p) => until(() => p.data.answer && p.data.answer.code !== 'queued' && !p.data.punching && p.data.answer, { what: 'the punch answer' });

test('a punch with a GCJ-02 fix and the office BSSID is accepted at the office, and shown in today\'s list', async () => {
  phone.location = Object.assign(geo.offset(company.OFFICE, 20, 10), { accuracy: 15 });
  phone.wifi = { SSID: company.OFFICE_WIFI.ssid, BSSID: '5C:0A:5B:11:22:33' };
  page = mp.open('punch');
  await page.show();
  expect(page.text('#punches')).toBe('暂无打卡记录');
  expect(page.text('#punch')).toBe('打卡');

  page.tap('#punch');
  const answer = await answered(page);
  expect(answer.code).toBe('accepted');
  expect(page.text('#answer-verdict')).toBe('打卡成功');
  expect(page.text('#answer-message')).toContain('打卡成功');
  expect(page.text('#answer-distance')).toMatch(/^杭州办公室：距离 \d+ 米$/);
  expect(Number(/距离 (\d+) 米/.exec(page.text('#answer-distance'))[1])).toBeLessThan(50);
  expect(page.text('#answer-next')).toBe('无需其他操作。');

  expect(phone.calls.getLocation).toHaveLength(1);
  expect(phone.calls.getLocation[0].type).toBe('gcj02');
  const [sent] = phone.punchRequests();
  expect(sent.status).toBe(201);
  expect(sent.body.location).toEqual({ latitude: expect.any(Number), longitude: expect.any(Number), accuracy: 15, coordinateSystem: 'gcj02' });
  expect(sent.body.wifi).toEqual({ ssid: 'MP-Office', bssid: '5C:0A:5B:11:22:33' });
  expect(sent.body.kind).toBe('auto');
  expect(sent.body.deviceId).toMatch(/^mp-/);
  expect(sent.body.deviceTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);

  const [stored] = await checks.storedPunches(phone);
  expect(stored.clientPunchId).toBe(sent.body.clientPunchId);
  expect(stored.verdict).toBe('accepted');
  expect(stored.site.id).toBe('mp-office');
  expect(stored.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['LOCATION_IN_FENCE', 'WIFI_MATCH']));

  await until(() => page.texts('#punches .list-item').length === 1, { what: "today's list" });
  expect(page.texts('#punches .list-item')[0]).toMatch(/^\d\d:\d\d (打卡|上班|下班)打卡成功$/);
  expect(phone.stored('attendance.queue')).toEqual([]);
});

test('600 m from the office without its Wi-Fi the punch is a location exception with the distance and the next step', async () => {
  phone.location = Object.assign(geo.offset(company.OFFICE, 600, 0), { accuracy: 10 });
  phone.wifi = null;
  page = mp.open('punch');
  await page.show();
  const before = phone.punchRequests().length;

  page.tap('#punch');
  const answer = await answered(page);
  expect(answer.code).toBe('location_exception');
  expect(page.text('#answer-verdict')).toBe('打卡成功（地点异常）');
  expect(page.text('#answer-distance')).toMatch(/^杭州办公室：距离 (5[5-9]\d|6[0-4]\d) 米$/);
  expect(page.text('#answer-next')).toContain('补卡');
  expect(page.texts('#answer .finding').join()).toContain('不在打卡范围内');
  expect(phone.punchRequests()[before].body.wifi).toBeNull();
});
