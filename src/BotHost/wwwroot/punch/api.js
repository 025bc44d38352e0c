// Talks to the attendance API on this origin. The session token lives in sessionStorage: it is gone when the tab
// closes, and WeCom's OAuth gives a new one on the next visit.
const TOKEN_KEY = 'attendance.session';

export function session() {
  try {
    const s = JSON.parse(sessionStorage.getItem(TOKEN_KEY) || 'null');
    return s && s.token && Date.parse(s.expiresAt) > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s) {
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify({ token: s.token, userId: s.userId, expiresAt: s.expiresAt }));
}

export function clearSession() {
  sessionStorage.removeItem(TOKEN_KEY);
}

// Resolves with {status, ok, body}; rejects only when the network failed (no answer at all).
export async function call(path, { method = 'GET', json, form, auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  const s = session();
  if (auth && s) headers.Authorization = 'Bearer ' + s.token;
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  const response = await fetch(path, { method, headers, body, cache: 'no-store', credentials: 'omit' });
  let parsed = null;
  const text = await response.text();
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = { title: text }; }
  }
  return { status: response.status, ok: response.ok, body: parsed };
}

// A binary answer (a punch photo) with the session's Authorization header, which an <img src> cannot send.
// Resolves with {status, ok, blob, body} (body: the problem when not ok); rejects only when the network failed.
export async function fetchBlob(path) {
  const headers = {};
  const s = session();
  if (s) headers.Authorization = 'Bearer ' + s.token;
  const response = await fetch(path, { headers, cache: 'no-store', credentials: 'omit' });
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    return { status: response.status, ok: false, blob: null, body };
  }
  return { status: response.status, ok: true, blob: await response.blob(), body: null };
}

// One line for the employee from an RFC 7807 problem: the Chinese detail first, then the field messages.
export function problemText(body, fallback = '请求失败，请稍后重试') {
  if (!body) return fallback;
  const parts = [];
  if (body.detail) parts.push(body.detail);
  else if (body.title) parts.push(body.title);
  if (body.errors) {
    for (const [field, messages] of Object.entries(body.errors)) {
      for (const m of [].concat(messages)) {
        if (!parts.includes(m)) parts.push(field === '$' ? m : `${fieldName(field)}：${m}`);
      }
    }
  }
  return parts.join('；') || fallback;
}

const FIELD_NAMES = { date: '日期', kind: '类型', time: '时间', reason: '原因', text: '说明', userId: '用户 ID', code: '登录码' };

function fieldName(field) {
  return FIELD_NAMES[field] || field;
}
