// Every answer the service gives has a Chinese headline and a next step: real refusals from the host (415, 413,
// 400 with field errors), and the mapping of each status the API documents (errors.js).
const fs = require('fs');
const path = require('path');
const mp = require('./support/miniprogram');
const company = require('./support/company');
const geo = require('./support/geo');
const env = require('./support/env');
const { until } = require('./support/wait');

const { describe: describeAnswer, transient } = require(path.join(env.MINIPROGRAM_ROOT, 'utils/errors'));
const api = require(path.join(env.MINIPROGRAM_ROOT, 'utils/api'));

let phone;

beforeAll(() => {
  phone = mp.start({ userId: 'mp-errors', location: Object.assign(geo.offset(company.PHOTO_SITE, -20, 10), { accuracy: 10 }) });
});

afterAll(() => phone.dispose());

const answered = (p) => until(() => !p.data.punching && p.data.answer, { what: 'the punch answer' });

async function punchWith(file) {
  phone.camera = file;
  const page = mp.open('punch');
  await page.show();
  page.tap('#punch');
  await answered(page);
  return page;
}

test('a photo the server cannot read (415) or that is too large (413) is given up with a Chinese reason', async () => {
  const notImage = path.join(phone.dir, 'note.jpg');
  fs.writeFileSync(notImage, '这不是照片');
  let page = await punchWith(notImage);
  expect(phone.punchRequests().map((r) => r.status)).toEqual([415]);
  expect(page.text('#answer-verdict')).toBe('打卡未被接受');
  expect(page.text('#answer-message')).toBe('照片无法识别：只接受相机拍摄的 JPEG 或 PNG 照片');
  expect(page.text('#answer-next')).toMatch(/^\d\d:\d\d 的这次打卡已放弃。请重新打卡，用相机拍照。$/);
  expect(phone.stored('attendance.queue')).toEqual([]);
  page.close();

  // 6 MB with a JPEG start: over Punching:MaxPhotoBytes (5 MB), refused before it is decoded.
  const huge = path.join(phone.dir, 'huge.jpg');
  const bytes = Buffer.alloc(6 * 1024 * 1024);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  fs.writeFileSync(huge, bytes);
  page = await punchWith(huge);
  expect(phone.punchRequests().map((r) => r.status)).toEqual([415, 413]);
  expect(page.text('#answer-message')).toBe('照片太大：照片超过了允许的大小');
  expect(page.text('#answer-next')).toMatch(/^\d\d:\d\d 的这次打卡已放弃。请重新打卡并拍照（照片会自动压缩）。$/);
  expect(phone.stored('attendance.queue')).toEqual([]);
  page.close();
});

test('400 field errors from the host are named in Chinese', async () => {
  const r = await api.request('/api/me/corrections', { method: 'POST', data: { date: '2026-01-01', kind: 'auto', time: '9点', reason: '' } });
  expect(r.status).toBe(400);
  const d = describeAnswer(r);
  expect(d.title).toBe('提交的内容有误');
  expect(d.message).toContain('类型：格式不正确');
  expect(d.message).toContain('时间：格式不正确');
  expect(d.message).toContain('原因：格式不正确');
  expect(d.next).toBe('请检查后重新提交。');
});

test('each documented status reads in Chinese, with the next step and whether to send again', () => {
  const problem = (status, extra) => Object.assign({ status, body: { title: 'English for developers', status } }, extra);
  const cases = [
    [problem(401), '登录已过期', '请重新打开小程序；未发送的打卡会保留。', true],
    [{ status: 403, body: { title: 'Forbidden', detail: '您的考勤账号已停用或已离职，无法登录' } }, '没有权限', '如有疑问请联系人事或管理员。', false],
    [problem(413), '照片太大', '请重新打卡并拍照（照片会自动压缩）。', false],
    [problem(415), '照片无法识别', '请重新打卡，用相机拍照。', false],
    [problem(429, { headers: { 'Retry-After': '17' } }), '操作过于频繁', '打卡已保存在本机，17 秒后自动重新发送。', true],
    [problem(503, { headers: { 'retry-after': '30' } }), '服务暂时不可用', '打卡已保存在本机，稍后自动重新发送。', true],
    [problem(500), '服务器出错', '打卡已保存在本机，稍后自动重新发送。', true],
    [{ network: true }, '网络不可用', '打卡已保存在本机，联网后自动发送。', true],
  ];
  for (const [answer, title, next, again] of cases) {
    const d = describeAnswer(answer, 'punch');
    expect({ status: answer.status, title: d.title, next: d.next, again: transient(answer) }).toEqual({ status: answer.status, title, next, again });
    expect(d.message).not.toMatch(/English/);
  }
  expect(describeAnswer(problem(429, { headers: { 'Retry-After': '17' } }), 'punch')).toMatchObject({ message: '服务器要求等待 17 秒', retryAfter: 17 });
  expect(describeAnswer(problem(503, { headers: { 'retry-after': '30' } })).retryAfter).toBe(30);
  expect(describeAnswer({ status: 403, body: { detail: '您的考勤账号已停用或已离职，无法登录' } }).message).toBe('您的考勤账号已停用或已离职，无法登录');
  expect(describeAnswer(problem(429), 'correction').next).toBe('请 60 秒后再试。');
  expect(transient(problem(400))).toBe(false);
  expect(transient(problem(409))).toBe(false);
  expect(transient(problem(422))).toBe(false);
});
