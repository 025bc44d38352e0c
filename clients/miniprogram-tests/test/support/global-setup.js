// Seeds the company once per run through the admin API (PUTs: a second run against the same host changes nothing).
const { expectOk } = require('./env');
const company = require('./company');

module.exports = async function seed() {
  await expectOk('PUT', '/api/admin/departments/' + company.DEPARTMENT, { body: { name: '小程序测试部', leaderUserIds: [] } });
  await expectOk('PUT', '/api/admin/departments/' + company.PHOTO_DEPARTMENT, { body: { name: '外勤拍照组', leaderUserIds: [] } });
  for (const p of company.people) {
    await expectOk('PUT', '/api/admin/employees/' + p.userId, {
      body: { name: p.name, departmentIds: [p.departmentId], mainDepartmentId: p.departmentId, active: p.active !== false, roles: ['employee'] },
    });
  }
  await expectOk('PUT', '/api/admin/sites/mp-office', {
    body: {
      name: '杭州办公室', coordinateSystem: 'gcj02',
      circle: { latitude: company.OFFICE.latitude, longitude: company.OFFICE.longitude, radiusMeters: 300 },
      wifi: [company.OFFICE_WIFI], departmentIds: [company.DEPARTMENT], outOfRange: 'exception', requirePhoto: false, requireFace: false,
    },
  });
  await expectOk('PUT', '/api/admin/sites/mp-photo', {
    body: {
      name: '西溪外勤点（需拍照）', coordinateSystem: 'gcj02',
      circle: { latitude: company.PHOTO_SITE.latitude, longitude: company.PHOTO_SITE.longitude, radiusMeters: 200 },
      wifi: [], departmentIds: [company.PHOTO_DEPARTMENT], outOfRange: 'exception', requirePhoto: true, requireFace: false,
    },
  });
  // The windows cover the day (00:00-23:59), so a punch taken whenever the suite runs belongs to the day: with
  // the usual 07:00-22:00 a run after 22:00 company time saw its punch outside every window and the day as absent.
  await expectOk('PUT', '/api/admin/shifts/mp-day', {
    body: {
      name: '标准班', segments: [{ start: '09:00', end: '18:00' }], checkInOpensMinutesBefore: 540, checkOutClosesMinutesAfter: 359,
      lateGraceMinutes: 5, earlyLeaveGraceMinutes: 0, seriousLateMinutes: 30, absentLateMinutes: 240, flexibleMinutes: 0, requireCheckOut: true,
    },
  });
  const existing = await expectOk('GET', '/api/admin/assignments?departmentId=' + company.DEPARTMENT);
  if (!existing.length) {
    for (const departmentId of [company.DEPARTMENT, company.PHOTO_DEPARTMENT]) {
      await expectOk('POST', '/api/admin/assignments', { body: { departmentId, shiftId: 'mp-day', from: '2025-01-01', weekdays: [1, 2, 3, 4, 5, 6, 7] } });
    }
  }
};
