// Talks to /api/admin on this origin with the signed-in credential: an admin key or a session token (WeCom sign-in),
// both sent as Authorization: Bearer. It lives in sessionStorage: gone when the tab closes, never in a URL.
const KEY = 'attendance.credential';

export const credential = () => sessionStorage.getItem(KEY);
export const saveCredential = (value) => sessionStorage.setItem(KEY, value);
export const clearCredential = () => sessionStorage.removeItem(KEY);

// Resolves with {status, ok, body}; rejects only when the network failed (no answer at all).
// `key: null` sends no credential (sign-in routes); by default the stored one is sent.
export async function call(path, { method = 'GET', json, key = credential() } = {}) {
  const headers = { Accept: 'application/json' };
  if (key) headers.Authorization = 'Bearer ' + key;
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const response = await fetch(path, { method, headers, body, cache: 'no-store', credentials: 'omit' });
  const text = await response.text();
  let parsed = null;
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = { title: text }; }
  }
  return { status: response.status, ok: response.ok, body: parsed };
}

// A refusal in Chinese: the problem's detail (the API writes it in Chinese), each field error, else a line for the status.
export function refusal({ status, body }) {
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return (body && body.detail) || '无权限执行此操作';
  const parts = [];
  if (body && typeof body.detail === 'string' && body.detail) parts.push(body.detail);
  if (body && body.errors && typeof body.errors === 'object') {
    for (const [field, messages] of Object.entries(body.errors)) {
      parts.push(field + '：' + [].concat(messages).join('；'));
    }
  }
  if (parts.length > 0) return parts.join('；');
  if (status === 404) return '未找到（可能已被删除）';
  if (status === 409) return '当前状态不允许此操作';
  if (status >= 500) return '服务器出错（' + status + '），请稍后重试';
  return '请求被拒绝（' + status + '）';
}

// Reads a list or record for a page: null when it could not (the reason is shown in `into`), and a lost sign-in
// (401) sends the user back to sign-in through expired().
export async function load(path, into, expired) {
  let answer;
  try {
    answer = await call(path);
  } catch {
    into.replaceChildren(errorLine('无法连接服务器，请稍后重试'));
    return null;
  }
  if (answer.status === 401) {
    expired();
    return null;
  }
  if (!answer.ok) {
    into.replaceChildren(errorLine(refusal(answer)));
    return null;
  }
  return answer.body;
}

function errorLine(text) {
  const p = document.createElement('p');
  p.className = 'error';
  p.setAttribute('role', 'alert');
  p.textContent = text;
  return p;
}
