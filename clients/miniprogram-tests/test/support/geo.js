// The public GCJ-02 transform, so the stand-in wx.getLocation answers as a phone does: GCJ-02 when asked for
// 'gcj02', WGS-84 (hundreds of metres off in China) otherwise. A client that forgot the type lands outside the fence.
const A = 6378245.0;
const EE = 0.00669342162296594323;

function transformLat(x, y) {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLon(x, y) {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

function wgs84ToGcj02(lat, lon) {
  let dLat = transformLat(lon - 105.0, lat - 35.0);
  let dLon = transformLon(lon - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { latitude: lat + dLat, longitude: lon + dLon };
}

// Inverse by fixed-point iteration: millimetre-exact after a few rounds.
function gcj02ToWgs84(lat, lon) {
  let w = { latitude: lat, longitude: lon };
  for (let i = 0; i < 10; i++) {
    const g = wgs84ToGcj02(w.latitude, w.longitude);
    w = { latitude: w.latitude - (g.latitude - lat), longitude: w.longitude - (g.longitude - lon) };
  }
  return w;
}

// A point `north` and `east` metres from a point.
function offset(point, north, east) {
  return {
    latitude: point.latitude + north / 111320,
    longitude: point.longitude + east / (111320 * Math.cos((point.latitude * Math.PI) / 180)),
  };
}

module.exports = { wgs84ToGcj02, gcj02ToWgs84, offset };
