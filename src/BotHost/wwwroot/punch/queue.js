// Punches waiting to be sent, in IndexedDB (they survive a reload, a crash or a closed tab). Each keeps its
// clientPunchId, device time and photo, so a resend is byte-for-byte the same request and the server's idempotency
// answers 200 instead of storing it twice.
const DB = 'attendance-punch';
const STORE = 'queue';

let opened;

function open() {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'clientPunchId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

async function run(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const put = (item) => run('readwrite', (s) => s.put(item));
export const remove = (clientPunchId) => run('readwrite', (s) => s.delete(clientPunchId));
export const all = async () => ((await run('readonly', (s) => s.getAll())) || []).sort((a, b) => a.createdAt - b.createdAt);
