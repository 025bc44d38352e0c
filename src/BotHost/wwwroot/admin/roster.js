// 排班: a people × dates grid (a week or a month), each cell the shift the person works and whose roster decides it
// (their own or their department's); HR changes cells and saves them; the month goes out and comes back as an Excel
// sheet (工号, 姓名, one column per date), and every refused cell of an import is listed with its row, column and reason.
import { credential, load as loadInto, refusal } from './api.js';
import { el } from './dom.js';
import { clearErrors, field, showErrors, submit } from './form.js';

const WEEKDAYS = ['', '一', '二', '三', '四', '五', '六', '日'];
const REST = '__rest';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
const parse = (text) => { const [y, m, d] = text.split('-').map(Number); return new Date(y, m - 1, d || 1); };
const addDays = (d, n) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
const monday = (d) => addDays(d, -((d.getDay() + 6) % 7));

// A cell's value for its select: a shift id, REST, or '' (no roster reaches the date).
const valueOf = (cell) => (cell.kind === 'work' ? cell.shiftId : cell.kind === 'none' ? '' : REST);

export function renderRoster(main, { expired, caller }) {
  const canWrite = caller.everyone;
  const today = new Date();
  const state = { view: 'month', anchor: new Date(today.getFullYear(), today.getMonth(), 1), departmentId: '' };
  const gridPanel = el('section', { class: 'panel', 'aria-labelledby': 'roster-title' });
  const importPanel = el('section', { class: 'panel', 'aria-labelledby': 'roster-import-title' });
  main.append(gridPanel);
  if (canWrite) main.append(importPanel);

  const month = () => state.anchor.getFullYear() + '-' + pad(state.anchor.getMonth() + 1);
  function range() {
    if (state.view === 'week') {
      const from = monday(state.anchor);
      return [from, addDays(from, 6)];
    }
    const from = new Date(state.anchor.getFullYear(), state.anchor.getMonth(), 1);
    return [from, new Date(from.getFullYear(), from.getMonth() + 1, 0)];
  }

  function move(step) {
    const a = state.anchor;
    state.anchor = state.view === 'week' ? addDays(a, 7 * step) : new Date(a.getFullYear(), a.getMonth() + step, 1);
    loadGrid();
  }

  // The toolbar: week or month, the period, the department; export is the month shown.
  const viewSelect = el('select', { id: 'roster-view' }, [
    el('option', { value: 'month' }, '按月'), el('option', { value: 'week' }, '按周'),
  ]);
  viewSelect.addEventListener('change', () => {
    state.view = viewSelect.value;
    if (state.view === 'month') state.anchor = new Date(state.anchor.getFullYear(), state.anchor.getMonth(), 1);
    loadGrid();
  });
  const departmentSelect = el('select', { id: 'roster-department' }, el('option', { value: '' }, '全部部门'));
  departmentSelect.addEventListener('change', () => { state.departmentId = departmentSelect.value; loadGrid(); });
  const period = el('strong', { class: 'roster-period', 'aria-live': 'polite' });
  const prev = el('button', { type: 'button', class: 'small', onclick: () => move(-1) }, '上个月');
  const next = el('button', { type: 'button', class: 'small', onclick: () => move(1) }, '下个月');
  const exportNote = el('span', { class: 'note' });
  const exportButton = el('button', { type: 'button', class: 'small' }, '导出 Excel');
  exportButton.addEventListener('click', () => exportMonth(exportButton, exportNote));
  const body = el('div', {}, el('p', { class: 'hint' }, '正在加载…'));
  gridPanel.append(
    el('h2', { id: 'roster-title' }, '排班表'),
    el('div', { class: 'toolbar roster-toolbar' }, [
      el('div', { class: 'field' }, [el('label', { for: 'roster-view' }, '视图'), viewSelect]),
      el('div', { class: 'field' }, [el('label', { for: 'roster-department' }, '部门'), departmentSelect]),
      el('div', { class: 'roster-nav' }, [prev, period, next]),
      el('div', { class: 'roster-export' }, [exportButton, exportNote]),
    ]),
    body,
  );

  async function exportMonth(button, note) {
    button.disabled = true;
    note.className = 'note';
    note.textContent = '正在导出…';
    try {
      const response = await fetch('/api/admin/rosters/' + month() + '.xlsx', {
        headers: { Authorization: 'Bearer ' + credential() }, cache: 'no-store', credentials: 'omit',
      });
      if (response.status === 401) { expired(); return; }
      if (!response.ok) {
        let parsed = null;
        try { parsed = await response.json(); } catch { parsed = null; }
        note.textContent = refusal({ status: response.status, body: parsed });
        note.className = 'note error';
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      const link = el('a', { href: url, download: '排班-' + month() + '.xlsx', hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      note.textContent = '已导出 ' + month();
      note.className = 'note ok';
    } catch {
      note.textContent = '无法连接服务器，请稍后重试';
      note.className = 'note error';
    } finally {
      button.disabled = false;
    }
  }

  async function loadDepartments() {
    const list = await loadInto('/api/admin/departments', el('div'), expired);
    if (!list) return;
    for (const d of list) departmentSelect.append(el('option', { value: String(d.id) }, d.name));
  }

  async function loadGrid() {
    const [from, to] = range();
    viewSelect.value = state.view;
    prev.textContent = state.view === 'week' ? '上一周' : '上个月';
    next.textContent = state.view === 'week' ? '下一周' : '下个月';
    period.textContent = state.view === 'week' ? iso(from) + ' 至 ' + iso(to) : from.getFullYear() + ' 年 ' + (from.getMonth() + 1) + ' 月';
    exportButton.textContent = '导出 Excel（' + month() + '）';
    body.replaceChildren(el('p', { class: 'hint' }, '正在加载…'));
    const query = '/api/admin/rosters?from=' + iso(from) + '&to=' + iso(to) + (state.departmentId ? '&departmentId=' + state.departmentId : '');
    const grid = await loadInto(query, body, expired);
    if (!grid) return;
    renderGrid(grid);
    if (canWrite) importMonth.value = month();
  }

  function renderGrid(grid) {
    if (grid.people.length === 0) {
      body.replaceChildren(el('p', { class: 'empty' }, '此范围内没有员工。'));
      return;
    }
    const names = Object.fromEntries(grid.shifts.map((s) => [s.id, s.name]));
    const form = el('form', { class: 'roster-form', novalidate: true });
    const head = el('tr', {}, [
      el('th', { scope: 'col', class: 'roster-person' }, '员工'),
      ...grid.days.map((d) => el('th', { scope: 'col', class: 'roster-day ' + d.kind, title: d.name || null }, [
        el('span', { class: 'roster-date' }, d.date.slice(5)),
        el('span', { class: 'roster-weekday' }, '周' + WEEKDAYS[d.weekday]),
        d.kind === 'holiday' ? el('span', { class: 'roster-mark' }, d.name || '假') : null,
        d.kind === 'makeup' ? el('span', { class: 'roster-mark' }, '班') : null,
      ])),
    ]);
    const rows = grid.people.map((p) => el('tr', { 'data-user': p.userId }, [
      el('th', { scope: 'row', class: 'roster-person' }, [p.name, el('div', { class: 'code' }, p.userId)]),
      ...p.cells.map((cell, i) => {
        const day = grid.days[i];
        const source = cell.source === 'person' ? '本人排班' : cell.source === 'department' ? '部门排班' : '未排班';
        const shown = cell.kind === 'work' ? (names[cell.shiftId] || cell.shiftId) : cell.kind === 'none' ? '—' : '休';
        const td = el('td', {
          class: 'roster-cell ' + (cell.source || 'none') + ' ' + cell.kind,
          'data-date': day.date,
          title: day.date + ' · ' + shown + ' · ' + source,
        });
        if (!canWrite) {
          td.append(shown);
          return td;
        }
        const select = el('select', { 'aria-label': p.name + ' ' + day.date + '（' + source + '）', 'data-user': p.userId, 'data-date': day.date },
          [
            cell.kind === 'none' ? el('option', { value: '' }, '—') : null,
            ...grid.shifts.map((s) => el('option', { value: s.id }, s.name)),
            el('option', { value: REST }, '休'),
          ]);
        select.value = valueOf(cell);
        select.dataset.initial = select.value;
        select.addEventListener('change', () => {
          td.classList.toggle('changed', select.value !== select.dataset.initial);
          changed.textContent = countChanged() ? '已修改 ' + countChanged() + ' 格，尚未保存' : '';
        });
        td.append(select);
        return td;
      }),
    ]));
    const changed = el('span', { class: 'note' });
    const countChanged = () => form.querySelectorAll('td.changed').length;
    form.append(
      el('p', { class: 'form-error', 'data-form-error': true, role: 'alert', hidden: true }),
      el('div', { class: 'table-wrap roster-wrap' }, el('table', { class: 'roster-grid' }, [el('thead', {}, head), el('tbody', {}, rows)])),
      el('p', { class: 'hint roster-legend' }, [
        el('span', { class: 'roster-key person' }, '本人'), ' 本人排班 ',
        el('span', { class: 'roster-key department' }, '部门'), ' 部门排班 ',
        el('span', { class: 'roster-key none' }, '—'), ' 未排班 · 表头红色为节假日，“班”为调休上班日',
      ]),
      canWrite ? el('div', { class: 'form-actions' }, [
        el('button', { type: 'submit', class: 'primary' }, '保存修改'),
        el('button', { type: 'button', onclick: () => loadGrid() }, '放弃修改'),
        changed,
      ]) : null,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const cells = [...form.querySelectorAll('td.changed select')];
      for (const s of form.querySelectorAll('select[data-field]')) s.removeAttribute('data-field');
      for (const slot of form.querySelectorAll('td [data-error-for]')) slot.remove();
      if (cells.length === 0) {
        clearErrors(form);
        changed.textContent = '没有修改';
        return;
      }
      const changes = cells.map((s, i) => {
        s.setAttribute('data-field', 'changes[' + i + '].shiftId');
        s.parentElement.append(el('p', { class: 'field-error', 'data-error-for': 'changes[' + i + '].shiftId', hidden: true }));
        return { userId: s.dataset.user, date: s.dataset.date, shiftId: s.value === REST ? null : s.value || null };
      });
      await submit(form, '/api/admin/rosters/cells', {
        json: { changes },
        expired,
        done: async (result) => {
          await loadGrid();
          importResult.replaceChildren(el('p', { class: 'ok' }, '已保存：修改 ' + result.applied + ' 格' +
            (result.unchanged ? '，' + result.unchanged + ' 格本来如此' : '')));
        },
      });
    });
    body.replaceChildren(form);
  }

  // Import: the month's sheet as the request body; the answer lists every refused cell.
  // Text and a styled label rather than the browser's own month and file widgets, which speak the browser's language.
  const importMonth = el('input', { type: 'text', required: true, value: month(), inputmode: 'numeric', placeholder: '例如 2026-03', maxlength: '7' });
  const fileInput = el('input', { type: 'file', id: 'roster-file', class: 'roster-file-input', accept: '.xlsx,' + XLSX, required: true });
  const fileName = el('span', { class: 'roster-file-name' }, '未选择文件');
  fileInput.addEventListener('change', () => { fileName.textContent = fileInput.files[0] ? fileInput.files[0].name : '未选择文件'; });
  const dryRun = el('input', { type: 'checkbox', id: 'roster-dry-run' });
  const importResult = el('div', { class: 'roster-result', 'aria-live': 'polite' });
  const importForm = el('form', { novalidate: true }, [
    el('p', { class: 'hint' }, '表格格式：第 1 行为表头（工号、姓名、各日期如 2026-03-01），每行一名员工，单元格填班次名称或编号，休息填“休”，留空表示不修改。'
      + '有效的单元格会写入，无法导入的单元格逐一列出（行、列、原因）；同一文件重复导入不会重复写入。'),
    el('div', { class: 'form-grid' }, [
      field('月份（yyyy-MM）', 'month', importMonth),
      fileField(),
    ]),
    el('label', { class: 'roster-check', for: 'roster-dry-run' }, [dryRun, ' 仅检查，不保存']),
    el('p', { class: 'form-error', 'data-form-error': true, role: 'alert', hidden: true }),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'primary' }, '导入 Excel')),
    importResult,
  ]);
  // The file input is visually hidden behind its label (a button look); its error slot is form.js's like any field.
  function fileField() {
    const wrap = field('Excel 文件（.xlsx，不超过 4 MB）', 'file', fileInput);
    const label = wrap.querySelector('label');
    wrap.insertBefore(el('div', { class: 'roster-file' }, [el('label', { for: 'roster-file', class: 'roster-file-button' }, '选择文件'), fileName]),
      fileInput);
    label.removeAttribute('for');
    return wrap;
  }
  importPanel.append(el('h2', { id: 'roster-import-title' }, '导入 Excel'), importForm);

  importForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(importForm);
    importResult.replaceChildren();
    const file = fileInput.files[0];
    const monthOk = /^\d{4}-(0[1-9]|1[0-2])$/.test(importMonth.value.trim());
    if (!monthOk || !file) {
      const errors = {};
      if (!monthOk) errors.month = ['请填写月份，格式如 2026-03'];
      if (!file) errors.file = ['请选择要导入的 xlsx 文件'];
      showErrors(importForm, { status: 400, body: { detail: '请检查标出的字段', errors } });
      return;
    }
    const button = importForm.querySelector('button[type="submit"]');
    button.disabled = true;
    importResult.replaceChildren(el('p', { class: 'hint' }, '正在导入…'));
    let answer;
    try {
      const response = await fetch('/api/admin/rosters/import?month=' + encodeURIComponent(importMonth.value.trim()) + (dryRun.checked ? '&dryRun=true' : ''), {
        method: 'POST',
        headers: { Authorization: 'Bearer ' + credential(), 'Content-Type': XLSX, Accept: 'application/json' },
        body: file, cache: 'no-store', credentials: 'omit',
      });
      let parsed = null;
      try { parsed = await response.json(); } catch { parsed = null; }
      answer = { status: response.status, ok: response.ok, body: parsed };
    } catch {
      answer = { status: 0, ok: false, body: { detail: '无法连接服务器，请检查网络后重试' } };
    } finally {
      button.disabled = false;
    }
    if (answer.status === 401) { expired(); return; }
    if (!answer.ok) {
      importResult.replaceChildren();
      showErrors(importForm, answer);
      return;
    }
    showImport(answer.body);
    if (!answer.body.dryRun) {
      const [y, m] = answer.body.month.split('-').map(Number);
      state.anchor = new Date(y, m - 1, 1);
      state.view = 'month';
      await loadGrid();
    }
  });

  function showImport(r) {
    const summary = (r.dryRun ? '检查完成（未保存）：将修改 ' : '导入完成：已修改 ') + r.applied + ' 格，' + r.unchanged + ' 格无变化，涉及 '
      + r.people + ' 名员工；' + (r.refused.length ? r.refused.length + ' 处无法导入（见下表）' : '没有无法导入的单元格');
    const parts = [el('p', { class: r.refused.length ? 'error' : 'ok', role: 'status' }, summary)];
    if (r.refused.length) {
      parts.push(el('div', { class: 'table-wrap' }, el('table', { class: 'roster-refused' }, [
        el('thead', {}, el('tr', {}, ['行', '列', '表头', '工号', '内容', '原因'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, r.refused.map((c) => el('tr', { 'data-cell': c.column + c.row }, [
          el('td', { class: 'nowrap' }, String(c.row)),
          el('td', { class: 'nowrap' }, c.column),
          el('td', { class: 'nowrap' }, c.header || '—'),
          el('td', { class: 'nowrap' }, c.userId || '—'),
          el('td', { class: 'nowrap' }, c.value || '—'),
          el('td', { class: 'error' }, c.reason),
        ]))),
      ])));
    }
    importResult.replaceChildren(...parts);
  }

  loadDepartments();
  loadGrid();
}
