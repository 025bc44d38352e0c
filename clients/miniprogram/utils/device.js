// What only the phone knows: the location (GCJ-02, what the sites are drawn in), the connected Wi-Fi's BSSID and a
// photo from the camera. Each failure becomes a Chinese sentence the punch page can show as it is.
const { call } = require('./wxp');

function deviceError(message, next, code) {
  const e = new Error(message);
  e.next = next;
  e.code = code;
  return e;
}

function denied(e) {
  return /auth|deny|denied|permission|拒绝|权限/i.test((e && e.errMsg) || '');
}

// {latitude, longitude, accuracy, coordinateSystem: 'gcj02'}.
async function locate() {
  let r;
  try {
    r = await call(wx.getLocation, { type: 'gcj02', isHighAccuracy: true, highAccuracyExpireTime: 4000 });
  } catch (e) {
    if (denied(e)) {
      throw deviceError('未允许定位：请允许本小程序使用位置信息', '点击右上角“…”→“设置”打开位置权限后重新打卡。', 'LOCATION_DENIED');
    }
    throw deviceError('无法获取位置，请检查手机定位是否打开', '打开定位后重新打卡；仍不行可提交补卡申请。', 'LOCATION_FAILED');
  }
  const accuracy = Number(r.accuracy);
  return {
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
    // Sent as reported, 0 included (what mock-location apps report: the server flags it). Some phones leave it out;
    // the server requires it, so a modest default stands in.
    accuracy: Number.isFinite(accuracy) && accuracy >= 0 ? accuracy : 50,
    coordinateSystem: 'gcj02',
  };
}

// {ssid, bssid} of the connected Wi-Fi, or null (not connected, Wi-Fi off, or a phone that does not tell).
async function wifi() {
  try {
    await call(wx.startWifi, {});
    const r = await call(wx.getConnectedWifi, {});
    const w = r && r.wifi;
    return w && w.BSSID ? { ssid: w.SSID || null, bssid: w.BSSID } : null;
  } catch (e) {
    return null;
  } finally {
    if (typeof wx.stopWifi === 'function') wx.stopWifi({ fail() {} });
  }
}

// A photo from the camera only (never the album), saved where it outlives this launch: a queued punch is resent
// with the same bytes (the server's idempotency covers the photo). Resolves the saved path, or null on cancel.
async function takePhoto(clientPunchId) {
  let chosen;
  try {
    chosen = await call(wx.chooseMedia, { count: 1, mediaType: ['image'], sourceType: ['camera'], sizeType: ['compressed'], camera: 'front' });
  } catch (e) {
    if (/cancel/i.test((e && e.errMsg) || '')) return null;
    if (denied(e)) throw deviceError('未允许使用相机', '请在设置中允许本小程序使用摄像头后重新打卡。', 'CAMERA_DENIED');
    throw deviceError('无法打开相机', '请重试；仍不行可提交补卡申请。', 'CAMERA_FAILED');
  }
  const temp = chosen.tempFiles[0].tempFilePath;
  const fs = wx.getFileSystemManager();
  return fs.saveFileSync(temp, wx.env.USER_DATA_PATH + '/punch-' + clientPunchId + '.jpg');
}

function removePhoto(path) {
  if (!path) return;
  try {
    wx.getFileSystemManager().unlinkSync(path);
  } catch (e) {
    // Already gone: nothing to clean.
  }
}

module.exports = { locate, wifi, takePhoto, removePhoto };
