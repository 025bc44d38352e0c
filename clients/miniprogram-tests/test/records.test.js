// 我的考勤: the month's days with their status, a flagged punch with its review state, and the explanation sent
// from the page once.
const mp = require('./support/miniprogram');
const company = require('./support/company');
const geo = require('./support/geo');
const env = require('./support/env');
const checks = require('./support/checks');
const { until } = require('./support/wait');

let phone;

beforeAll(() => {
  // Accuracy 0 is what mock-location apps report: SUSPICIOUS_FIX, so the punch goes to a supervisor's review.
  phone = mp.start({ userId: 'mp-records', location: Object.assign(geo.offset(company.OFFICE, -80, -20), { accuracy: 0 }) });
});

afterAll(() => phone.dispose());

test('the month lists each day with its status, and a flagged punch can be explained once', async () => {
  const punch = mp.open('punch');
  await punch.show();
  punch.tap('#punch');
  await until(() => !punch.data.punching && punch.data.answer, { what: 'the punch answer' });
  expect(punch.text('#answer-verdict')).toBe('待复核');
  expect(punch.text('#answer-next')).toBe('需主管复核后生效：可在“我的考勤”中说明情况。');
  expect(punch.texts('#answer .finding').join()).toContain('疑似模拟定位');
  punch.close();

  const today = (await checks.today(phone)).date;
  const page = mp.open('records');
  await page.show();
  const [y, m] = today.split('-');
  expect(page.text('#month')).toBe(y + '年' + Number(m) + '月');
  expect(page.data.isCurrentMonth).toBe(true);
  const days = page.texts('#days .day');
  expect(days.length).toBeGreaterThan(0);
  days.forEach((d) => expect(d).toMatch(/^\d{4}-\d\d-\d\d 周[日一二三四五六]/));
  const todayRow = days.find((d) => d.startsWith(today));
  expect(todayRow).toContain('1 次打卡待复核');
  expect(page.data.days.find((d) => d.workDate === today).label).toMatch(/[\u3400-\u9fff]/);

  const [flag] = page.data.flagged;
  expect(page.text('#flagged .flag')).toContain('待复核');
  expect(flag.findings).toContain('疑似模拟定位');
  expect(flag.canExplain).toBe(true);
  page.tap('.explain-open');
  await until(() => page.exists('.explain-text'), { what: 'the explanation form' });
  page.input('.explain-text', 'input', '定位不准，我在公司大堂');
  await until(() => page.data.draftCount === '11/200', { what: 'the counter' });
  page.tap('.explain-submit');
  await until(() => page.text('#flagged').includes('我的说明：定位不准，我在公司大堂'), { what: 'the explanation shown' });
  expect(page.text('#flagged')).toContain('等待主管复核');
  expect(page.exists('.explain-open')).toBe(false);

  const [stored] = await env.expectOk('GET', '/api/me/punches?date=' + today, { token: checks.token(phone) });
  expect(stored.review).toMatchObject({ state: 'pending', explanation: '定位不准，我在公司大堂' });

  // 上月 moves the list back a month.
  page.tap('#prev-month');
  await until(() => page.text('#month') !== y + '年' + Number(m) + '月' && !page.data.loading, { what: 'the previous month' });
  expect(page.data.isCurrentMonth).toBe(false);
  page.close();
});
