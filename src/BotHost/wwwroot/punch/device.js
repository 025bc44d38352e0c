// Location, Wi-Fi and camera: through WeCom's JS-SDK inside WeCom, through the browser's own APIs elsewhere.
import { call } from './api.js';

const SDK = '/punch/vendor/wecom-jssdk-2.4.4.js';
const JS_APIS = ['getLocation', 'chooseImage', 'getLocalImgData', 'startWifi', 'getConnectedWifi'];

export const inWeCom = /wxwork/i.test(navigator.userAgent);

let sdk;

// Loaded only inside WeCom, from this host (never from a CDN); ww.register signs through our server.
export function wecom(config) {
  sdk ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = SDK;
    script.onload = () => resolve(window.ww);
    script.onerror = () => reject(new Error('无法加载企业微信 JS-SDK'));
    document.head.appendChild(script);
  }).then((ww) => {
    let signed;
    const signatures = () => {
      signed ??= call('/api/punch-page/jsapi-config?url=' + encodeURIComponent(location.href.split('#')[0])).then((r) => {
        if (!r.ok) {
          signed = undefined;
          throw new Error('无法获取企业微信授权签名');
        }
        return r.body;
      });
      return signed;
    };
    ww.register({
      corpId: config.corpId,
      agentId: config.agentId,
      jsApiList: JS_APIS,
      getConfigSignature: async () => {
        const c = await signatures();
        return { timestamp: c.timestamp, nonceStr: c.nonceStr, signature: c.signature };
      },
      getAgentConfigSignature: async () => (await signatures()).agentConfig,
    });
    return ww;
  }).catch((e) => {
    // A failed load is tried again on the next punch rather than remembered.
    sdk = undefined;
    throw e;
  });
  return sdk;
}

// The SDK rejects with {errMsg}, the browser APIs with Error objects: one readable line either way.
export function errorText(e, fallback) {
  if (!e) return fallback;
  if (typeof e === 'string') return e;
  return e.message || e.errMsg || fallback;
}

function withTimeout(promise, ms, message) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms))]);
}

// {latitude, longitude, accuracy, coordinateSystem}: GCJ-02 from WeCom (what sites are drawn in), WGS-84 from a
// browser; the server converts.
export async function locate(config) {
  if (inWeCom && config.jsApi) {
    const ww = await wecom(config);
    let r;
    try {
      r = await withTimeout(ww.getLocation({ type: 'gcj02' }), 20000, '定位超时');
    } catch (e) {
      throw new Error(/deny|denied|auth/i.test(errorText(e, '')) ? '未允许定位：请在企业微信中允许本应用使用位置' : errorText(e, '无法获取位置'));
    }
    return { latitude: Number(r.latitude), longitude: Number(r.longitude), accuracy: Number(r.accuracy) || 50, coordinateSystem: 'gcj02' };
  }
  if (!navigator.geolocation) throw new Error('此浏览器不支持定位');
  const position = await new Promise((resolve, reject) =>
    navigator.geolocation.getCurrentPosition(resolve, (e) => reject(new Error(geoError(e))),
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 }));
  const c = position.coords;
  return { latitude: c.latitude, longitude: c.longitude, accuracy: c.accuracy, coordinateSystem: 'wgs84' };
}

function geoError(e) {
  if (e && e.code === 1) return '未允许定位：请在系统或浏览器设置中允许本页面使用位置';
  if (e && e.code === 3) return '定位超时，请到开阔处重试';
  return '无法获取位置，请检查定位是否打开';
}

// {ssid, bssid} of the connected Wi-Fi where WeCom tells it; null elsewhere (browsers never do).
export async function wifi(config) {
  if (!(inWeCom && config.jsApi)) return null;
  try {
    const ww = await wecom(config);
    await withTimeout(ww.startWifi(), 5000, 'wifi');
    const r = await withTimeout(ww.getConnectedWifi(), 5000, 'wifi');
    const w = r && r.wifi;
    return w && w.BSSID ? { ssid: w.SSID || null, bssid: w.BSSID } : null;
  } catch {
    return null;
  }
}

// A photo from the camera only (never a file pick): WeCom's camera, or getUserMedia → canvas → JPEG in a browser.
export async function photoFromWeCom(config) {
  const ww = await wecom(config);
  let chosen;
  try {
    chosen = await ww.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['camera'], defaultCameraMode: 'front' });
  } catch (e) {
    // Closing the camera without a shot is a cancel, not an error.
    if (/cancel/i.test(errorText(e, ''))) return null;
    throw new Error(errorText(e, '无法打开相机'));
  }
  const data = await ww.getLocalImgData({ localId: chosen.localIds[0] });
  const base64 = String(data.localData).replace(/^data:[^,]*,/, '');
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  return new Blob([bytes], { type: 'image/jpeg' });
}

export async function openCamera(video) {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new Error('此浏览器无法使用摄像头');
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
  } catch {
    throw new Error('无法打开摄像头：请允许本页面使用摄像头');
  }
  video.srcObject = stream;
  await video.play().catch(() => {});
  if (!video.videoWidth) await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
  return stream;
}

export function closeCamera(video, stream) {
  if (stream) stream.getTracks().forEach((t) => t.stop());
  video.srcObject = null;
}

export async function snapshot(video) {
  const scale = Math.min(1, 640 / Math.max(video.videoWidth, video.videoHeight));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(video.videoWidth * scale);
  canvas.height = Math.round(video.videoHeight * scale);
  canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  if (!blob) throw new Error('拍照失败，请重试');
  return blob;
}
