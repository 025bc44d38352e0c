// Shared by the set-up pages (打卡地点, 班次, 日历, 部门): an editor panel with a form, repeated rows whose inputs carry
// API paths such as "segments[0].start", delete with an inline confirmation, and small input helpers.
import { call, load, refusal } from './api.js';
import { el } from './dom.js';
import { field, submit } from './form.js';

export const text = (attrs = {}) => el('input', { type: 'text', autocomplete: 'off', ...attrs });
export const number = (attrs = {}) => el('input', { type: 'number', step: 'any', inputmode: 'decimal', ...attrs });
export const select = (options, value, attrs = {}) => el('select', attrs, options.map(([v, label]) =>
  el('option', { value: v, selected: v === value ? true : null }, label)));
export const check = (label, path, checked, hint) => {
  const box = el('input', { type: 'checkbox', 'data-field': path, id: 'f-' + path.replace(/[^A-Za-z0-9_-]/g, '-'), checked: checked ? true : null });
  return el('div', { class: 'field check' }, [
    el('label', { for: box.id }, [box, ' ', label]),
    hint ? el('p', { class: 'hint' }, hint) : null,
    el('p', { class: 'field-error', 'data-error-for': path, role: 'alert', hidden: true }),
  ]);
};

// A number from an input: null when empty or not a number (the API then says what is missing).
export function num(input) {
  const v = input.value.trim();
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
export const str = (input) => (input.value.trim() === '' ? null : input.value.trim());

// Rows of a repeated part of the body (segments, polygon points, Wi-Fi). `cells(values, path)` returns the row's
// inputs as [label, key, input, hint?]; paths are `${name}[${i}].${key}` and renumbered when a row is removed, so the
// API's error for `segments[1].end` lands beside that input.
export function rows(name, cells, { min = 0, addLabel, empty }) {
  const list = el('div', { class: 'rows' });
  const top = el('p', { class: 'field-error', 'data-error-for': name, role: 'alert', hidden: true });
  const none = empty ? el('p', { class: 'hint' }, empty) : null;
  const renumber = () => {
    [...list.children].forEach((row, i) => {
      for (const input of row.querySelectorAll('[data-key]')) {
        const path = name + '[' + i + '].' + input.dataset.key;
        input.setAttribute('data-field', path);
        input.id = 'f-' + path.replace(/[^A-Za-z0-9_-]/g, '-');
        input.closest('.field').querySelector('label').setAttribute('for', input.id);
        input.closest('.field').querySelector('[data-error-for]').setAttribute('data-error-for', path);
      }
      const remove = row.querySelector('button.remove');
      if (remove) remove.disabled = list.children.length <= min;
      const index = row.querySelector('.row-index');
      if (index) index.textContent = String(i + 1);
    });
    if (none) none.hidden = list.children.length > 0;
  };
  const add = (values = {}) => {
    const row = el('div', { class: 'row' }, [el('span', { class: 'row-index', 'aria-hidden': 'true' })]);
    for (const [label, key, input, hint] of cells(values)) {
      input.setAttribute('data-key', key);
      row.append(field(label, name + '[0].' + key, input, hint));
    }
    const remove = el('button', { type: 'button', class: 'small remove' }, '删除此行');
    remove.addEventListener('click', () => { row.remove(); renumber(); });
    row.append(remove);
    list.append(row);
    renumber();
    return row;
  };
  const addButton = el('button', { type: 'button', class: 'small' }, addLabel);
  addButton.addEventListener('click', () => { const row = add(); row.querySelector('input').focus(); });
  const values = () => [...list.children].map((row) => Object.fromEntries(
    [...row.querySelectorAll('[data-key]')].map((input) => [input.dataset.key, input])));
  return { node: el('div', { class: 'rows-block' }, [top, list, none, addButton]), add, values, clear: () => { list.replaceChildren(); renumber(); } };
}

// form.js's submit() (which puts the API's field messages in Chinese, messages.js).
export const save = (form, path, options) => submit(form, path, options);

// A delete button that asks first, in place: 删除 → 确定删除？ [确定删除] [取消]. The refusal shows beside it.
export function deleteButton(what, path, expired, done) {
  const box = el('span', { class: 'confirm' });
  const start = el('button', { type: 'button', class: 'small danger' }, '删除');
  const reset = () => box.replaceChildren(start);
  start.addEventListener('click', () => {
    const yes = el('button', { type: 'button', class: 'small danger' }, '确定删除');
    const no = el('button', { type: 'button', class: 'small' }, '取消');
    no.addEventListener('click', reset);
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      let answer;
      try { answer = await call(path, { method: 'DELETE' }); } catch { answer = { status: 0, body: { detail: '无法连接服务器，请稍后重试' } }; }
      if (answer.status === 401) { expired(); return; }
      if (answer.ok) { await done(); return; }
      box.replaceChildren(start, el('span', { class: 'note error', role: 'alert' }, refusal(answer)));
    });
    box.replaceChildren(el('span', { class: 'note' }, '确定删除' + what + '？'), yes, no);
    yes.focus();
  });
  reset();
  return box;
}

// A page of one kind of record: a list panel and, when editing, an editor panel above it.
// `editor(record|null)` returns {form fields (nodes), body(): the JSON, id(): the id} ; `list(records)` the table.
export function recordPage(main, { expired, caller }, opts) {
  const editorPanel = el('section', { class: 'panel editor', 'aria-labelledby': opts.key + '-editor-title', hidden: true });
  const listPanel = el('section', { class: 'panel', 'aria-labelledby': opts.key + '-list-title' });
  const status = el('p', { class: 'note ok', role: 'status' });
  main.append(el('p', { class: 'hint intro' }, opts.intro), status, editorPanel, listPanel);
  const canWrite = caller.everyone;

  function edit(record) {
    status.textContent = '';
    const parts = opts.editor(record);
    const form = el('form', { novalidate: true, 'data-form': opts.key }, [
      el('p', { class: 'form-error', 'data-form-error': true, role: 'alert', hidden: true }),
      ...parts.nodes,
      el('div', { class: 'form-actions' }, [
        el('button', { type: 'submit', class: 'primary' }, '保存'),
        el('button', { type: 'button', class: 'cancel' }, '取消'),
      ]),
    ]);
    form.querySelector('button.cancel').addEventListener('click', () => { editorPanel.hidden = true; editorPanel.replaceChildren(); });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const id = parts.id();
      await save(form, opts.path + '/' + encodeURIComponent(id || '-'), {
        method: 'PUT', json: parts.body(), expired,
        done: async (saved, answer) => {
          editorPanel.hidden = true;
          editorPanel.replaceChildren();
          status.textContent = (answer.status === 201 ? '已创建：' : '已保存：') + opts.label(saved);
          await reload();
        },
      });
    });
    editorPanel.replaceChildren(el('h2', { id: opts.key + '-editor-title' }, record ? '编辑' + opts.noun + '：' + opts.label(record) : '新建' + opts.noun), form);
    editorPanel.hidden = false;
    if (parts.ready) parts.ready(form);
    const first = form.querySelector('input:not([disabled]), select');
    if (first) first.focus();
  }

  async function reload() {
    const body = el('div', {}, el('p', { class: 'hint' }, '正在加载…'));
    const add = canWrite ? el('button', { type: 'button', class: 'primary small' }, '新建' + opts.noun) : null;
    if (add) add.addEventListener('click', () => edit(null));
    listPanel.replaceChildren(el('div', { class: 'toolbar' }, [el('h2', { id: opts.key + '-list-title' }, opts.title), add]), body);
    const records = await load(opts.path, body, expired);
    if (!records) return;
    if (records.length === 0) {
      body.replaceChildren(el('p', { class: 'empty' }, opts.empty));
      return;
    }
    const actions = (record) => (canWrite ? el('td', { class: 'actions' }, [
      el('button', { type: 'button', class: 'small', onclick: () => edit(record) }, '编辑'), ' ',
      deleteButton(opts.noun + '“' + opts.label(record) + '”', opts.path + '/' + encodeURIComponent(record.id), expired, async () => {
        status.textContent = '已删除：' + opts.label(record);
        await reload();
      }),
    ]) : null);
    body.replaceChildren(opts.list(records, actions));
  }

  reload();
  return { edit, reload };
}

export const headRow = (names) => el('thead', {}, el('tr', {}, names.filter(Boolean).map((h) => el('th', { scope: 'col' }, h))));
