// Forms that keep what HR typed when the server refuses it, and say beside each field what is wrong.
// A field is any element with data-field="<API field path>" (e.g. "radiusMeters", "segments[0].start"); its message goes
// in the element with data-error-for="<same path>" next to it. Errors the form has no slot for are listed in the
// form's [data-form-error] element, so nothing the API says is dropped.
import { call, refusal } from './api.js';
import { el } from './dom.js';
import { chinese } from './messages.js';

// A labelled input with its error slot. `input` is the control (built with el()); `path` is the API's field name.
export function field(label, path, input, hint) {
  input.setAttribute('data-field', path);
  if (!input.id) input.id = 'f-' + path.replace(/[^A-Za-z0-9_-]/g, '-');
  const error = el('p', { class: 'field-error', 'data-error-for': path, role: 'alert', hidden: true });
  input.setAttribute('aria-describedby', (hint ? input.id + '-hint ' : '') + input.id + '-error');
  error.id = input.id + '-error';
  return el('div', { class: 'field' }, [
    el('label', { for: input.id }, label),
    input,
    hint ? el('p', { class: 'hint', id: input.id + '-hint' }, hint) : null,
    error,
  ]);
}

export function clearErrors(form) {
  for (const slot of form.querySelectorAll('[data-error-for]')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  const top = form.querySelector('[data-form-error]');
  if (top) { top.textContent = ''; top.hidden = true; }
}

// The slot for an API path: the exact one, else the nearest parent path ("segments[0].start" → "segments[0]" → "segments").
function slotFor(form, path) {
  let p = path;
  while (p) {
    const slot = form.querySelector('[data-error-for="' + CSS.escape(p) + '"]');
    if (slot) return slot;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
  return null;
}

// Shows a refusal on the form: field errors beside their fields, the rest at the top. The inputs are left as typed.
export function showErrors(form, answer) {
  clearErrors(form);
  const top = form.querySelector('[data-form-error]');
  const loose = [];
  const errors = answer.body && answer.body.errors && typeof answer.body.errors === 'object' ? answer.body.errors : {};
  for (const [path, messages] of Object.entries(errors)) {
    const text = [].concat(messages).map(chinese).join('；');
    const slot = slotFor(form, path);
    if (slot) {
      slot.textContent = (slot.textContent ? slot.textContent + '；' : '') + (slot.dataset.errorFor === path ? '' : path + '：') + text;
      slot.hidden = false;
      const input = form.querySelector('[data-field="' + CSS.escape(slot.dataset.errorFor) + '"]');
      if (input) input.setAttribute('aria-invalid', 'true');
    } else {
      loose.push(path + '：' + text);
    }
  }
  const summary = Object.keys(errors).length === 0 ? refusal(answer) : (answer.body.detail || '请检查标出的字段');
  if (top) {
    top.textContent = [summary].concat(loose).join('；');
    top.hidden = false;
  }
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) first.focus();
}

// Sends a form's body; on success calls done(body), on refusal shows it on the form. 401/403 of a lost sign-in → expired().
export async function submit(form, path, { method = 'POST', json, expired, done }) {
  const buttons = form.querySelectorAll('button[type="submit"]');
  for (const b of buttons) b.disabled = true;
  clearErrors(form);
  let answer;
  try {
    answer = await call(path, { method, json });
  } catch {
    answer = { status: 0, ok: false, body: { detail: '无法连接服务器，请检查网络后重试' } };
  } finally {
    for (const b of buttons) b.disabled = false;
  }
  if (answer.status === 401) { expired(); return null; }
  if (!answer.ok) { showErrors(form, answer); return null; }
  if (done) await done(answer.body, answer);
  return answer;
}
