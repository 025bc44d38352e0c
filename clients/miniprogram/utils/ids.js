// Random ids: clientPunchId (one per punch, the server's idempotency key) and this phone's deviceId.
function bytes(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(Math.floor(Math.random() * 256));
  return out;
}

function uuid() {
  const b = bytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

const DEVICE_KEY = 'attendance.deviceId';

// Kept in storage: the server's DEVICE_NEW / DEVICE_SHARED checks need the same id from the same phone.
function deviceId() {
  let id = wx.getStorageSync(DEVICE_KEY);
  if (!id) {
    id = 'mp-' + uuid();
    wx.setStorageSync(DEVICE_KEY, id);
  }
  return id;
}

module.exports = { uuid, deviceId };
