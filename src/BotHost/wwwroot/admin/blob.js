// Files the API serves behind the Authorization header (punch photos, the PIPL export): fetched as a blob, never by a
// URL the browser would request without the key. The CSP allows img-src blob:.
import { credential } from './api.js';

// Resolves with {status, ok, blob, name}; `name` is the file name of Content-Disposition when the API gave one.
export async function fetchBlob(path) {
  const response = await fetch(path, {
    headers: { Authorization: 'Bearer ' + credential() },
    cache: 'no-store',
    credentials: 'omit',
  });
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    return { status: response.status, ok: false, body };
  }
  return { status: response.status, ok: true, blob: await response.blob(), name: fileName(response.headers.get('Content-Disposition')) };
}

// The file name of a Content-Disposition: the UTF-8 one (filename*, a Chinese report name) before the plain one.
function fileName(disposition) {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}

// Saves a blob as a download and forgets it.
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// Downloads a file the API answers (a report) under the server's file name, else `fallback`. Resolves with null, or
// with the {status, ok, body} of a refusal for the page to show.
export async function downloadFile(path, fallback) {
  const answer = await fetchBlob(path);
  if (!answer.ok) return answer;
  download(answer.blob, answer.name || fallback);
  return null;
}
