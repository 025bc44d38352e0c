// A phone for the mini-program: the wx.* platform APIs and nothing else. wx.request and wx.uploadFile are bridged
// to real HTTP against the host under test (Node's fetch and FormData), with the shapes the WeChat documentation
// gives them; location, Wi-Fi, camera, storage, files and the network state are the phone's, set by the test.
const fs = require('fs');
const os = require('os');
const path = require('path');
const env = require('./env');
const geo = require('./geo');

const { fetch: httpFetch, FormData: HttpFormData, Blob: HttpBlob } = global.nodeHttp;

// wx callbacks never run inside the call that asked for them.
const later = (fn) => Promise.resolve().then(fn);

function queryString(data) {
  return Object.keys(data).filter((k) => data[k] !== undefined && data[k] !== null)
    .map((k) => encodeURIComponent(k) + '=' + encodeURIComponent(data[k])).join('&');
}

function headersObject(headers) {
  const out = {};
  headers.forEach((value, key) => { out[key] = value; });
  return out;
}

function createPhone({ userId, location = null, wifi = null, inWeCom = true }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-phone-'));
  const storage = new Map();
  const networkListeners = [];
  let tempSerial = 0;

  const phone = {
    userId,
    dir,
    online: true,
    // GCJ-02 point the phone stands on ({latitude, longitude, accuracy}), or null: location permission denied.
    location,
    // {SSID, BSSID} of the connected Wi-Fi, or null.
    wifi,
    // What the camera gives: a file path to send, or 'cancel'.
    camera: env.photoPath(),
    // Punch answers to lose: the punch reaches the server, its answer never reaches the phone (a timeout).
    answersToLose: 0,
    calls: { getLocation: [], chooseMedia: [], qyLogin: 0, switchTab: [] },
    // Every request that reached the server: {api, method, path, header, body, status}.
    requests: [],
  };

  const realPath = (wxPath) => {
    if (!String(wxPath).startsWith('wxfile://')) throw new Error('not a wx file path: ' + wxPath);
    return path.join(dir, String(wxPath).slice('wxfile://'.length));
  };

  function checkUrl(url) {
    // A real phone refuses domains that are not in the legal-domain list; here only the host under test is one.
    if (!url.startsWith(env.baseUrl() + '/')) throw new Error('url outside the configured server: ' + url);
  }

  function offline(fail, api) {
    later(() => fail({ errMsg: api + ':fail net::ERR_INTERNET_DISCONNECTED', errno: 600001 }));
  }

  const wx = {
    env: { USER_DATA_PATH: 'wxfile://usr' },

    request(options) {
      const { url, method = 'GET', header = {}, data, dataType = 'json', success, fail, complete } = options;
      checkUrl(url);
      const done = (fn, arg) => { if (fn) fn(arg); if (complete) complete(arg); };
      if (!phone.online) {
        offline((e) => done(fail, e), 'request');
        return { abort() {} };
      }
      let target = url;
      let body;
      if (method === 'GET' && data && typeof data === 'object') {
        const q = queryString(data);
        if (q) target += (url.includes('?') ? '&' : '?') + q;
      } else if (data !== undefined) {
        body = typeof data === 'string' ? data : JSON.stringify(data);
      }
      const record = { api: 'request', method, path: target.slice(env.baseUrl().length), header, body: body ? JSON.parse(body) : undefined };
      httpFetch(target, { method, headers: header, body }).then(async (r) => {
        const text = await r.text();
        record.status = r.status;
        record.responseHeaders = headersObject(r.headers);
        phone.requests.push(record);
        if (phone.answersToLose > 0 && record.path === '/api/punches') {
          phone.answersToLose -= 1;
          done(fail, { errMsg: 'request:fail timeout', errno: 5 });
          return;
        }
        let parsed = text;
        if (dataType === 'json') {
          try { parsed = JSON.parse(text); } catch (e) { parsed = text; }
        }
        done(success, { statusCode: r.status, data: parsed, header: headersObject(r.headers), errMsg: 'request:ok' });
      }, (e) => done(fail, { errMsg: 'request:fail ' + e.message }));
      return { abort() {} };
    },

    // multipart/form-data as WeChat sends it: every formData entry a text part (no filename, no type), then the
    // file in part `name`, named after the file path. Success carries {statusCode, data (a string)}; the headers
    // come only through the task's onHeadersReceived.
    uploadFile(options) {
      const { url, filePath, name, header = {}, formData = {}, success, fail, complete } = options;
      checkUrl(url);
      const headerListeners = [];
      const task = { abort() {}, onProgressUpdate() {}, onHeadersReceived: (l) => headerListeners.push(l), offHeadersReceived() {} };
      const done = (fn, arg) => { if (fn) fn(arg); if (complete) complete(arg); };
      if (!phone.online) {
        offline((e) => done(fail, e), 'uploadFile');
        return task;
      }
      const form = new HttpFormData();
      Object.keys(formData).forEach((k) => form.append(k, String(formData[k])));
      const bytes = fs.readFileSync(realPath(filePath));
      form.append(name, new HttpBlob([bytes]), path.basename(String(filePath)));
      const record = { api: 'uploadFile', method: 'POST', path: url.slice(env.baseUrl().length), header, formData, fileName: name, fileBytes: bytes.length };
      const headers = Object.assign({}, header);
      Object.keys(headers).forEach((k) => { if (k.toLowerCase() === 'content-type') delete headers[k]; });
      httpFetch(url, { method: 'POST', headers, body: form }).then(async (r) => {
        const text = await r.text();
        record.status = r.status;
        record.responseHeaders = headersObject(r.headers);
        phone.requests.push(record);
        if (phone.answersToLose > 0) {
          phone.answersToLose -= 1;
          done(fail, { errMsg: 'uploadFile:fail timeout', errno: 5 });
          return;
        }
        headerListeners.forEach((l) => l({ header: headersObject(r.headers) }));
        done(success, { statusCode: r.status, data: text, errMsg: 'uploadFile:ok' });
      }, (e) => done(fail, { errMsg: 'uploadFile:fail ' + e.message }));
      return task;
    },

    qy: {
      login({ success, fail }) {
        phone.calls.qyLogin += 1;
        const code = env.takeCode(phone.userId);
        later(() => (code ? success({ code, errMsg: 'qy.login:ok' }) : fail({ errMsg: 'qy.login:fail no code left for ' + phone.userId })));
      },
    },

    getLocation(options) {
      phone.calls.getLocation.push(Object.assign({}, options));
      const at = phone.location;
      if (!at) {
        later(() => options.fail({ errMsg: 'getLocation:fail auth deny' }));
        return;
      }
      // A real fix wanders by a metre or so; the server flags exactly repeated coordinates as a mock location.
      const jittered = geo.offset(at, (Math.random() - 0.5) * 2, (Math.random() - 0.5) * 2);
      const fix = options.type === 'gcj02' ? jittered : geo.gcj02ToWgs84(jittered.latitude, jittered.longitude);
      later(() => options.success({
        latitude: fix.latitude, longitude: fix.longitude, accuracy: at.accuracy, speed: 0, altitude: 0,
        verticalAccuracy: 0, horizontalAccuracy: at.accuracy, errMsg: 'getLocation:ok',
      }));
    },

    startWifi({ success }) { later(() => success({ errMsg: 'startWifi:ok' })); },
    stopWifi({ success } = {}) { if (success) later(() => success({ errMsg: 'stopWifi:ok' })); },
    getConnectedWifi({ success, fail }) {
      const w = phone.wifi;
      later(() => (w
        ? success({ wifi: { SSID: w.SSID, BSSID: w.BSSID, secure: true, signalStrength: 90, frequency: 5180 }, errMsg: 'getConnectedWifi:ok' })
        : fail({ errMsg: 'getConnectedWifi:fail no wifi is connected', errCode: 12010 })));
    },

    chooseMedia(options) {
      phone.calls.chooseMedia.push(Object.assign({}, options));
      const source = JSON.stringify(options.sourceType || ['album', 'camera']);
      if (source !== '["camera"]') {
        later(() => options.fail({ errMsg: 'chooseMedia:fail the test phone allows the camera only, asked for ' + source }));
        return;
      }
      if (phone.camera === 'cancel') {
        later(() => options.fail({ errMsg: 'chooseMedia:fail cancel' }));
        return;
      }
      tempSerial += 1;
      const temp = 'wxfile://tmp_' + tempSerial + path.extname(phone.camera);
      fs.copyFileSync(phone.camera, realPath(temp));
      const size = fs.statSync(realPath(temp)).size;
      later(() => options.success({ type: 'image', tempFiles: [{ tempFilePath: temp, size, fileType: 'image' }], errMsg: 'chooseMedia:ok' }));
    },

    getFileSystemManager() {
      return {
        saveFileSync(tempFilePath, filePath) {
          const target = filePath || 'wxfile://store_' + path.basename(realPath(tempFilePath));
          fs.mkdirSync(path.dirname(realPath(target)), { recursive: true });
          fs.renameSync(realPath(tempFilePath), realPath(target));
          return target;
        },
        unlinkSync(filePath) { fs.unlinkSync(realPath(filePath)); },
        accessSync(filePath) { fs.accessSync(realPath(filePath)); },
      };
    },

    // Storage keeps what JSON keeps, as WeChat's does.
    getStorageSync(key) { return storage.has(key) ? JSON.parse(storage.get(key)) : ''; },
    setStorageSync(key, value) { storage.set(key, JSON.stringify(value)); },
    removeStorageSync(key) { storage.delete(key); },

    getNetworkType({ success }) { later(() => success({ networkType: phone.online ? 'wifi' : 'none' })); },
    onNetworkStatusChange(listener) { networkListeners.push(listener); },
    offNetworkStatusChange(listener) {
      const i = networkListeners.indexOf(listener);
      if (i >= 0) networkListeners.splice(i, 1);
    },

    switchTab(options) { phone.calls.switchTab.push(options.url); if (options.success) later(() => options.success({})); },
    showToast() {},
    showModal() {},
  };
  if (!inWeCom) delete wx.qy;

  phone.wx = wx;
  phone.storage = storage;
  phone.stored = (key) => (storage.has(key) ? JSON.parse(storage.get(key)) : undefined);
  phone.setOnline = (online) => {
    phone.online = online;
    networkListeners.slice().forEach((l) => l({ isConnected: online, networkType: online ? 'wifi' : 'none' }));
  };
  phone.file = (wxPath) => realPath(wxPath);
  phone.punchRequests = () => phone.requests.filter((r) => r.path === '/api/punches');
  // The clientPunchId a punch request carried, JSON or multipart.
  phone.punchIdOf = (r) => (r.body ? r.body.clientPunchId : JSON.parse(r.formData.punch).clientPunchId);
  phone.dispose = () => fs.rmSync(dir, { recursive: true, force: true });
  return phone;
}

module.exports = { createPhone };
