// Files the API serves behind the Authorization header (punch photos, the PIPL export): fetched as a blob, never by a
// URL the browser would request without the key. The CSP allows img-src blob:.
import { adminKey } from './api.js';

// Resolves with {status, ok, blob, name}; `name` is the file name of Content-Disposition when the API gave one.
export async function fetchBlob(path) {
  const response = await fetch(path, {
    headers: { Authorization: 'Bearer ' + adminKey() },
    cache: 'no-store',
    credentials: 'omit',
  });
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    return { status: response.status, ok: false, body };
  }
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename="?([^";]+)"?/.exec(disposition);
  return { status: response.status, ok: true, blob: await response.blob(), name: match ? match[1] : null };
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
