// 审计: GET /api/admin/audit searched by actor, action, entity and date range, newest first, paged; details shown as
// indented JSON (as text: details are not ours to render as HTML).
import { call, refusal } from './api.js';
import { el, time } from './dom.js';
import { clearErrors, field, showErrors } from './form.js';

const PAGE_SIZE = 50;

// A local date (yyyy-MM-dd) as the instant its day starts in this browser's zone, ISO with offset.
function startOf(date, plusDays = 0) {
  const [y, m, d] = date.split('-').map(Number);
  const at = new Date(y, m - 1, d + plusDays);
  const pad = (n) => String(Math.abs(n)).padStart(2, '0');
  const off = -at.getTimezoneOffset();
  return y && m && d ? at.getFullYear() + '-' + pad(at.getMonth() + 1) + '-' + pad(at.getDate()) + 'T00:00:00'
    + (off >= 0 ? '+' : '-') + pad(Math.trunc(off / 60)) + ':' + pad(off % 60) : date;
}

// Details as one line per top-level key (its value as compact JSON): readable in a table cell, nothing dropped.
function details(text) {
  if (!text) return el('span', { class: 'hint' }, '—');
  let value;
  try { value = JSON.parse(text); } catch { return el('pre', { class: 'audit-details' }, text); }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return el('pre', { class: 'audit-details' }, JSON.stringify(value));
  return el('div', { class: 'audit-details' }, Object.entries(value).map(([k, v]) => el('div', {}, [
    el('span', { class: 'key' }, k + ': '), typeof v === 'string' ? v : JSON.stringify(v),
  ])));
}

export function renderAudit(main, { expired }) {
  const inputs = {
    actor: el('input', { name: 'actor', placeholder: '如 user:zhangwei' }),
    action: el('input', { name: 'action', placeholder: '如 punch.decide' }),
    entityType: el('input', { name: 'entityType', placeholder: '如 employee、punch' }),
    entityId: el('input', { name: 'entityId', placeholder: '如 wangfang' }),
    from: el('input', { name: 'from', type: 'date' }),
    to: el('input', { name: 'to', type: 'date' }),
  };
  const form = el('form', { class: 'panel audit-search', novalidate: true }, [
    el('div', { class: 'form-grid' }, [
      field('操作人', 'actor', inputs.actor),
      field('操作', 'action', inputs.action, '填写前缀即包含其下所有操作'),
      field('对象类型', 'entityType', inputs.entityType),
      field('对象编号', 'entityId', inputs.entityId),
      field('开始日期', 'from', inputs.from),
      field('结束日期（含）', 'to', inputs.to),
    ]),
    el('p', { class: 'form-error', 'data-form-error': true, role: 'alert', hidden: true }),
    el('div', { class: 'form-actions' }, [
      el('button', { type: 'submit', class: 'primary' }, '查询'),
      el('button', { type: 'reset' }, '清空'),
    ]),
  ]);
  const results = el('section', { class: 'panel', 'aria-labelledby': 'audit-title' });
  main.append(form, results);
  let offset = 0;

  function query() {
    const q = new URLSearchParams();
    for (const name of ['actor', 'action', 'entityType', 'entityId']) {
      const v = inputs[name].value.trim();
      if (v) q.set(name, v);
    }
    if (inputs.from.value) q.set('from', startOf(inputs.from.value));
    if (inputs.to.value) q.set('to', startOf(inputs.to.value, 1));
    q.set('limit', String(PAGE_SIZE));
    q.set('offset', String(offset));
    return q;
  }

  async function search() {
    const body = el('div', {}, el('p', { class: 'hint' }, '正在加载…'));
    results.replaceChildren(el('h2', { id: 'audit-title' }, '审计记录'), body);
    clearErrors(form);
    let answer;
    try {
      answer = await call('/api/admin/audit?' + query());
    } catch {
      answer = { status: 0, ok: false, body: { detail: '无法连接服务器，请稍后重试' } };
    }
    if (answer.status === 401) { expired(); return; }
    if (!answer.ok) {
      // A refusal (400 with errors per field) goes beside the fields of the form, which keeps what was typed.
      showErrors(form, answer);
      body.replaceChildren(el('p', { class: 'error' }, refusal(answer)));
      return;
    }
    const rows = answer.body;
    if (rows.length === 0) {
      body.replaceChildren(el('p', { class: 'empty' }, offset > 0 ? '没有更多记录。' : '没有符合条件的记录。'));
    } else {
      body.replaceChildren(el('div', { class: 'table-wrap' }, el('table', { class: 'audit-table' }, [
        el('thead', {}, el('tr', {}, ['时间', '操作人', '操作', '对象', '详情'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, rows.map((r) => el('tr', { 'data-audit-id': String(r.id) }, [
          el('td', { class: 'nowrap' }, time(r.at)),
          el('td', { class: 'code' }, r.actor),
          el('td', { class: 'code' }, r.action),
          el('td', {}, [r.entityType, el('div', { class: 'code' }, r.entityId)]),
          el('td', {}, details(r.details)),
        ]))),
      ])));
    }
    body.append(el('div', { class: 'form-actions' }, [
      offset > 0 ? el('button', { type: 'button', class: 'small', onclick: () => { offset = Math.max(0, offset - PAGE_SIZE); search(); } }, '上一页') : null,
      rows.length === PAGE_SIZE ? el('button', { type: 'button', class: 'small', onclick: () => { offset += PAGE_SIZE; search(); } }, '下一页') : null,
      el('span', { class: 'hint' }, '第 ' + (offset / PAGE_SIZE + 1) + ' 页，最新的在前'),
    ]));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    offset = 0;
    search();
  });
  form.addEventListener('reset', () => setTimeout(() => { offset = 0; search(); }));
  search();
}
