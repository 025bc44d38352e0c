// What the harness hands over: the host, an admin key for seeding, single-use login codes per employee, a JPEG.
const path = require('path');

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(name + ' is not set: run these tests through tests/MiniProgram.Tests (dotnet test), '
      + 'or set MP_BASE_URL, MP_ADMIN_KEY and MP_CODES by hand (docs/miniprogram.md).');
  }
  return value;
}

const baseUrl = () => required('MP_BASE_URL').replace(/\/+$/, '');
const adminKey = () => required('MP_ADMIN_KEY');
const photoPath = () => process.env.MP_PHOTO || path.resolve(__dirname, '../../../../tests/Browser.Tests/Fixtures/face.jpg');
const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../../miniprogram');

let pool = null;

// The next unused wx.qy.login code of userId (each test file signs in as its own people).
function takeCode(userId) {
  pool = pool || JSON.parse(required('MP_CODES'));
  const codes = pool[userId] || [];
  return codes.shift() || null;
}

// Test set-up and checks only (never the mini-program's path): the API with the admin key or a session token.
async function http(method, urlPath, { body, token } = {}) {
  const f = typeof nodeHttp === 'object' ? nodeHttp.fetch : fetch;
  const headers = { Accept: 'application/json', Authorization: 'Bearer ' + (token || adminKey()) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await f(baseUrl() + urlPath, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = text; }
  return { status: r.status, body: parsed, headers: r.headers };
}

async function expectOk(method, urlPath, options) {
  const r = await http(method, urlPath, options);
  if (r.status < 200 || r.status >= 300) throw new Error(method + ' ' + urlPath + ' → ' + r.status + ' ' + JSON.stringify(r.body));
  return r.body;
}

module.exports = { baseUrl, adminKey, photoPath, takeCode, http, expectOk, MINIPROGRAM_ROOT };
