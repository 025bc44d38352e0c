// A site that requires a photo: the camera (never the album) opens, and the punch goes as multipart through
// wx.uploadFile (`punch` as a text part, the photo as a file part), which the real host accepts and stores.
const fs = require('fs');
const mp = require('./support/miniprogram');
const company = require('./support/company');
const geo = require('./support/geo');
const env = require('./support/env');
const checks = require('./support/checks');
const { until } = require('./support/wait');

let phone;
let page;

afterEach(() => {
  page.close();
  phone.dispose();
});

const answered = (p) => until(() => !p.data.punching && p.data.answer, { what: 'the punch answer' });
const atPhotoSite = () => Object.assign(geo.offset(company.PHOTO_SITE, 15, -5), { accuracy: 12 });

test('at a site that requires a photo the camera opens and the photo punch is stored with its photo', async () => {
  phone = mp.start({ userId: 'mp-photo', location: atPhotoSite() });
  page = mp.open('punch');
  await page.show();

  page.tap('#punch');
  const answer = await answered(page);
  expect(answer.code).toBe('accepted');
  expect(page.text('#answer-verdict')).toBe('打卡成功');
  expect(page.text('#answer-distance')).toMatch(/^西溪外勤点（需拍照）：距离 \d+ 米$/);
  expect(page.text('#answer-next')).toBe('已附照片。无需其他操作。');

  expect(phone.calls.chooseMedia).toHaveLength(1);
  expect(phone.calls.chooseMedia[0]).toMatchObject({ count: 1, mediaType: ['image'], sourceType: ['camera'] });
  const [upload] = phone.punchRequests();
  expect(upload.api).toBe('uploadFile');
  expect(upload.status).toBe(201);
  expect(upload.fileName).toBe('photo');
  expect(upload.fileBytes).toBe(fs.statSync(env.photoPath()).size);
  const punch = JSON.parse(upload.formData.punch);
  expect(punch.location.coordinateSystem).toBe('gcj02');

  const [stored] = await checks.storedPunches(phone);
  expect(stored.clientPunchId).toBe(punch.clientPunchId);
  expect(stored.hasPhoto).toBe(true);
  expect(stored.site.id).toBe('mp-photo');

  // The saved copy is deleted once the server has the photo.
  expect(fs.readdirSync(phone.file('wxfile://usr'))).toEqual([]);
});

test('closing the camera without a shot sends nothing and says the punch needs a photo', async () => {
  phone = mp.start({ userId: 'mp-photo', location: atPhotoSite() });
  phone.camera = 'cancel';
  page = mp.open('punch');
  await page.show();

  page.tap('#punch');
  await answered(page);
  expect(page.text('#answer-verdict')).toBe('已取消');
  expect(page.text('#answer-message')).toBe('未拍照，本次没有打卡');
  expect(page.text('#answer-next')).toBe('该地点要求拍照打卡，请重新点击打卡并拍照。');
  expect(phone.punchRequests()).toHaveLength(0);
  expect(phone.stored('attendance.queue')).toBeUndefined();
});
