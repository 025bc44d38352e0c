// WeCom markdown, the common subset, built as DOM nodes: text is only ever set through textContent (never innerHTML),
// so anything the service sent shows as the characters it is. Supported: # headings, > quotes, **bold**, `code`,
// <font color="info|comment|warning">…</font>, [text](url) (http(s) and same-origin paths only) and <@userid> mentions.

const INLINE = /\*\*([^*\n]+?)\*\*|<font\s+color\s*=\s*["']?(info|comment|warning)["']?\s*>([\s\S]*?)<\/font>|\[([^\]\n]+)\]\(([^)\s]+)\)|<@([A-Za-z0-9_.@-]{1,64})>|`([^`\n]+)`/g;

// names: userId -> display name, for mentions.
export function renderMarkdown(content, names = new Map(), me = null) {
  const root = document.createElement('div');
  root.className = 'md';
  const lines = String(content ?? '').replace(/\r\n?/g, '\n').split('\n');
  let quote = null;
  for (const raw of lines) {
    const q = /^\s*>\s?(.*)$/.exec(raw);
    if (q) {
      if (!quote) {
        quote = document.createElement('blockquote');
        root.append(quote);
      } else {
        quote.append(document.createElement('br'));
      }
      inline(quote, q[1], names, me);
      continue;
    }
    quote = null;
    const h = /^\s*(#{1,6})\s+(.*)$/.exec(raw);
    const line = document.createElement('div');
    if (h) {
      line.className = 'h h' + h[1].length;
      inline(line, h[2], names, me);
    } else if (raw.trim() === '') {
      line.className = 'blank';
    } else {
      inline(line, raw, names, me);
    }
    root.append(line);
  }
  return root;
}

export function safeUrl(url) {
  if (typeof url !== 'string') return null;
  if (/^\/(?!\/)/.test(url)) return url;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

export function mention(userId, names, me) {
  const span = document.createElement('span');
  span.className = 'mention' + (me && userId.toLowerCase() === me.toLowerCase() ? ' me' : '');
  span.dataset.userId = userId;
  span.textContent = userId === '@all' || userId === 'all' ? '@所有人' : '@' + (names.get(userId) || userId);
  return span;
}

function inline(parent, text, names, me) {
  let at = 0;
  INLINE.lastIndex = 0;
  for (let m = INLINE.exec(text); m; m = INLINE.exec(text)) {
    if (m.index > at) plain(parent, text.slice(at, m.index));
    at = INLINE.lastIndex;
    if (m[1] !== undefined) {
      const b = document.createElement('strong');
      b.textContent = m[1];
      parent.append(b);
    } else if (m[2] !== undefined) {
      const f = document.createElement('span');
      f.className = 'font-' + m[2];
      // A font may hold bold text or a link; parse its inside again (the regex is reset after).
      const saved = INLINE.lastIndex;
      inline(f, m[3], names, me);
      INLINE.lastIndex = saved;
      parent.append(f);
    } else if (m[4] !== undefined) {
      const href = safeUrl(m[5]);
      if (href) {
        const a = document.createElement('a');
        a.href = href;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        a.textContent = m[4];
        parent.append(a);
      } else {
        parent.append(document.createTextNode(m[0]));
      }
    } else if (m[6] !== undefined) {
      parent.append(mention(m[6], names, me));
    } else if (m[7] !== undefined) {
      const c = document.createElement('code');
      c.textContent = m[7];
      parent.append(c);
    }
  }
  if (at < text.length) plain(parent, text.slice(at));
}

// Runs separated by ideographic spaces (a digest's "应到 3　实到 3　迟到 1") are kept whole when the line wraps.
function plain(parent, text) {
  if (!text.includes('\u3000')) {
    parent.append(document.createTextNode(text));
    return;
  }
  text.split('\u3000').forEach((run, i) => {
    if (i > 0) parent.append(document.createTextNode('\u3000'));
    if (run) parent.append(Object.assign(document.createElement('span'), { className: 'nw', textContent: run }));
  });
}
