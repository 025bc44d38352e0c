// 补卡: the form shows the month's allowance, an accepted request appears as 待审批 and uses one, a refused one
// says why in Chinese, and an allowance used up disables the form.
const mp = require('./support/miniprogram');
const checks = require('./support/checks');
const { until } = require('./support/wait');

let phone;
let page;

beforeAll(() => {
  phone = mp.start({ userId: 'mp-correct' });
});

afterAll(() => {
  page.close();
  phone.dispose();
});

function daysBefore(date, n) {
  const d = new Date(date + 'T12:00:00Z');
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

const result = () => until(() => !page.data.submitting && page.data.result, { what: 'the form result' });

test('the 补卡 form shows the allowance, submits a request and shows refusals in Chinese', async () => {
  page = mp.open('correction');
  await page.show();
  // The server's work date (company time), not the phone's: the form offers what the server will take.
  const today = (await checks.today(phone)).date;
  const yesterday = daysBefore(today, 1);
  page.input('#date-picker', 'change', yesterday);
  await until(() => page.data.allowance && page.data.date === yesterday && page.text('#allowance-text').startsWith('本月'), { what: 'the allowance' });
  expect(page.text('#allowance-text')).toBe('本月可补卡 3 次，已用 0 次，剩余 3 次；只能补最近 7 天内的卡');
  expect(page.data.earliest).toBe(daysBefore(today, 7));
  expect(page.text('#requests')).toContain('暂无补卡申请');

  // No reason: stopped on the phone.
  page.tap('#submit');
  await result();
  expect(page.text('#result')).toBe('请填写补卡原因');
  expect(phone.requests.filter((r) => r.path === '/api/me/corrections' && r.method === 'POST')).toHaveLength(0);

  page.input('#kind-picker', 'change', '0');
  page.input('#time-picker', 'change', '08:55');
  page.input('#reason', 'input', '忘记打卡');
  page.instance.setData({ result: null });
  page.tap('#submit');
  await result();
  expect(page.text('#result')).toBe('已提交 ' + yesterday + ' 上班 08:55 的补卡申请，等待审批');
  await until(() => page.texts('#requests .list-item').length === 1 && page.text('#allowance-text').includes('已用 1 次'), { what: 'the list and allowance' });
  expect(page.texts('#requests .list-item')[0]).toBe(yesterday + ' 上班 08:55忘记打卡待审批');
  expect(page.text('#allowance-text')).toBe('本月可补卡 3 次，已用 1 次，剩余 2 次；只能补最近 7 天内的卡');
  const sent = phone.requests.find((r) => r.path === '/api/me/corrections' && r.method === 'POST');
  expect(sent.body).toEqual({ date: yesterday, kind: 'in', time: '08:55', reason: '忘记打卡' });
  expect(sent.status).toBe(201);

  // Too far back: the server refuses with a Chinese reason, shown as it is.
  page.input('#date-picker', 'change', daysBefore(today, 10));
  page.input('#reason', 'input', '出差');
  page.instance.setData({ result: null });
  page.tap('#submit');
  await result();
  expect(page.text('#result')).toBe('补卡申请未通过：只能补最近 7 天内的卡');
  expect(page.text('#form')).toContain('请按提示修改后重新提交。');
});

test('with the month used up the form says so and cannot be sent', async () => {
  const today = (await checks.today(phone)).date;
  // The allowance counts the month of the date chosen: the same day as the first request, so the same month.
  const day = daysBefore(today, 1);
  for (const time of ['18:05', '18:10']) {
    page.input('#date-picker', 'change', day);
    page.input('#kind-picker', 'change', '1');
    page.input('#time-picker', 'change', time);
    page.input('#reason', 'input', '手机没电');
    page.instance.setData({ result: null });
    page.tap('#submit');
    await result();
    expect(page.data.result.tone).toBe('ok');
  }
  await until(() => page.data.allowance && page.data.allowance.remaining === 0 && page.text('#allowance-text').includes('剩余 0 次'), { what: 'a used-up allowance' });
  expect(page.text('#allowance-text')).toMatch(/^本月可补卡 3 次，已用 3 次，剩余 0 次；只能补最近 7 天内的卡$/);
  expect(page.comp.querySelector('#allowance-text').dom.className).toContain('bad');
  expect(page.texts('#requests .list-item').filter((t) => t.endsWith('待审批'))).toHaveLength(3);
});
