// Calls the attendance API with the session token. Resolves {status, ok, body, headers} for every HTTP answer;
// rejects only when there was no answer at all ({network: true}), or when signing in failed (session.js errors).
// A 401 signs in again once and repeats the call once.
const config = require('../config');
const session = require('./session');
const { call } = require('./wxp');

function networkError(e) {
  const err = new Error((e && e.errMsg) || 'request:fail');
  err.network = true;
  return err;
}

function parse(data) {
  if (typeof data !== 'string') return data === undefined ? null : data;
  if (!data) return null;
  try {
    return JSON.parse(data);
  } catch (e) {
    return { title: data };
  }
}

async function once(path, { method, data }, token) {
  let r;
  try {
    r = await call(wx.request, {
      url: config.serverUrl + path,
      method,
      header: Object.assign({ Accept: 'application/json', Authorization: 'Bearer ' + token },
        data === undefined ? {} : { 'Content-Type': 'application/json' }),
      data: data === undefined ? undefined : JSON.stringify(data),
      // The body is parsed here: a problem+json answer or an empty 204 must not trip WeChat's own JSON parsing.
      dataType: 'text',
      timeout: config.requestTimeoutMs,
    });
  } catch (e) {
    throw networkError(e);
  }
  return { status: r.statusCode, ok: r.statusCode >= 200 && r.statusCode < 300, body: parse(r.data), headers: r.header || {} };
}

async function withSession(send) {
  let s = await session.ensure();
  let r = await send(s.token);
  if (r.status === 401) {
    session.clear();
    s = await session.renew();
    r = await send(s.token);
  }
  return r;
}

function request(path, options = {}) {
  return withSession((token) => once(path, { method: options.method || 'GET', data: options.data }, token));
}

// multipart/form-data through wx.uploadFile: `formData` fields become text parts, the file goes in part `name`.
// uploadFile's success carries no headers, so they are taken from the task's onHeadersReceived (Retry-After).
function uploadOnce(path, { filePath, name, formData }, token) {
  return new Promise((resolve, reject) => {
    let headers = {};
    const task = wx.uploadFile({
      url: config.serverUrl + path,
      filePath,
      name,
      formData,
      header: { Accept: 'application/json', Authorization: 'Bearer ' + token },
      timeout: config.requestTimeoutMs * 2,
      success: (r) => resolve({ status: r.statusCode, ok: r.statusCode >= 200 && r.statusCode < 300, body: parse(r.data), headers }),
      fail: (e) => reject(networkError(e)),
    });
    if (task && typeof task.onHeadersReceived === 'function') {
      task.onHeadersReceived((h) => { headers = (h && h.header) || {}; });
    }
  });
}

function upload(path, options) {
  return withSession((token) => uploadOnce(path, options, token));
}

module.exports = { request, upload };
