// Builds elements from data. Text always goes in as text (never as HTML): outbox errors and payloads are not ours.
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of [].concat(children)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const pad = (n) => String(n).padStart(2, '0');

// Local time, short: the year only when it is not this year (tables are narrow on a tablet).
export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  const day = pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  const clock = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  return (d.getFullYear() === new Date().getFullYear() ? '' : d.getFullYear() + '-') + day + ' ' + clock;
}
