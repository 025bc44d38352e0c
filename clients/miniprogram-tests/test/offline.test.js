// Offline: a punch taken without a network is queued in storage with its clientPunchId and sent once when the
// network returns; a punch whose answer was lost is sent again and the server's idempotency keeps it single.
const fs = require('fs');
const mp = require('./support/miniprogram');
const company = require('./support/company');
const geo = require('./support/geo');
const env = require('./support/env');
const checks = require('./support/checks');
const { until } = require('./support/wait');

// Pages are closed and the queue's retry timer cancelled by the harness after each test.
let phone;
let page;

afterEach(() => {
  phone.dispose();
});

const verdict = (p, code) => until(() => !p.data.punching && p.data.answer && p.data.answer.code === code && p.data.answer, { what: 'answer ' + code });

test('a punch taken offline waits in storage and is delivered exactly once when the network returns', async () => {
  phone = mp.start({ userId: 'mp-offline', location: Object.assign(geo.offset(company.OFFICE, -30, 40), { accuracy: 20 }) });
  page = mp.open('punch');
  await page.show();

  phone.setOnline(false);
  expect(page.text('#net')).toBe('网络已断开：打卡会先保存在本机，联网后自动发送');
  page.tap('#punch');
  await verdict(page, 'queued');
  expect(page.text('#answer-verdict')).toBe('待发送');
  expect(page.text('#answer-message')).toMatch(/^已在 \d\d:\d\d 记录；网络不可用：没有连上考勤服务$/);
  expect(page.text('#answer-next')).toBe('打卡已保存在本机，联网后自动发送。');
  const waiting = phone.stored('attendance.queue');
  expect(waiting).toHaveLength(1);
  expect(waiting[0].punch.clientPunchId).toBe(waiting[0].clientPunchId);
  expect(page.texts('#punches .list-item')).toEqual([expect.stringMatching(/^\d\d:\d\d 打卡待发送$/)]);
  expect(page.text('.card-title')).toContain('（1 条待发送）');
  expect(phone.punchRequests()).toHaveLength(0);

  // Network back: the app's listener sends it, the page shows the answer.
  phone.setOnline(true);
  await verdict(page, 'accepted');
  await until(() => phone.stored('attendance.queue').length === 0, { what: 'an empty queue' });
  const sent = phone.punchRequests();
  expect(sent.map((r) => [r.body.clientPunchId, r.status])).toEqual([[waiting[0].clientPunchId, 201]]);
  const stored = await checks.storedPunches(phone);
  expect(stored.filter((p) => p.clientPunchId === waiting[0].clientPunchId)).toHaveLength(1);
  // Kept as the phone wrote it (the instant; the server answers in company time).
  expect(Date.parse(stored[0].deviceTime)).toBe(Date.parse(waiting[0].punch.deviceTime));
  await until(() => page.texts('#punches .list-item').length === 1 && !page.text('#punches').includes('待发送'), { what: 'the list without 待发送' });
});

test('a punch whose answer was lost stays queued, is sent again with the same id and stored once', async () => {
  phone = mp.start({ userId: 'mp-offline', location: Object.assign(geo.offset(company.OFFICE, -35, 45), { accuracy: 20 }) });
  page = mp.open('punch');
  await page.show();
  const before = (await checks.storedPunches(phone)).length;

  phone.answersToLose = 1;
  page.tap('#punch');
  await verdict(page, 'queued');
  expect(page.text('#answer-message')).toContain('网络不可用');
  const [item] = phone.stored('attendance.queue');
  expect(phone.punchRequests().map((r) => r.status)).toEqual([201]);

  // The phone notices the network again (as after a timeout): the resend is answered from the stored punch.
  phone.setOnline(false);
  phone.setOnline(true);
  await verdict(page, 'accepted');
  await until(() => phone.stored('attendance.queue').length === 0, { what: 'an empty queue' });
  expect(phone.punchRequests().map((r) => [r.body.clientPunchId, r.status])).toEqual([[item.clientPunchId, 201], [item.clientPunchId, 200]]);
  const stored = await checks.storedPunches(phone);
  expect(stored).toHaveLength(before + 1);
  expect(stored.filter((p) => p.clientPunchId === item.clientPunchId)).toHaveLength(1);
});

test('an offline photo punch keeps its photo on the phone and uploads it once when the network returns', async () => {
  phone = mp.start({ userId: 'mp-offline-photo', location: Object.assign(geo.offset(company.PHOTO_SITE, 5, 25), { accuracy: 10 }) });
  page = mp.open('punch');
  await page.show();

  phone.setOnline(false);
  page.tap('#punch');
  await verdict(page, 'queued');
  // Offline the site cannot be asked: /api/me/today said a site of this employee wants photos.
  expect(phone.calls.chooseMedia).toHaveLength(1);
  const [item] = phone.stored('attendance.queue');
  expect(item.photoPath).toBe('wxfile://usr/punch-' + item.clientPunchId + '.jpg');
  expect(fs.statSync(phone.file(item.photoPath)).size).toBe(fs.statSync(env.photoPath()).size);
  expect(page.texts('#punches .list-item')).toEqual([expect.stringMatching(/^\d\d:\d\d 打卡（含照片）待发送$/)]);

  phone.setOnline(true);
  await verdict(page, 'accepted');
  await until(() => phone.stored('attendance.queue').length === 0, { what: 'an empty queue' });
  const uploads = phone.punchRequests();
  expect(uploads.map((r) => [r.api, phone.punchIdOf(r), r.status])).toEqual([['uploadFile', item.clientPunchId, 201]]);
  const [stored] = await checks.storedPunches(phone);
  expect(stored.hasPhoto).toBe(true);
  expect(fs.existsSync(phone.file(item.photoPath))).toBe(false);
});
