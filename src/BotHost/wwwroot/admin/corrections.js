// 补卡审批: 补卡 requests the caller may decide (GET /api/admin/corrections), pending first, with 通过/驳回
// (POST /api/admin/corrections/{id}/decision); history tabs; a refusal (not yours, already decided) beside the buttons.
// Supervisors see their scope and decide within it: deciding is their part, so the buttons are theirs too.
import { call, refusal } from './api.js';
import { el, time } from './dom.js';
import { field } from './form.js';
import { departmentSelect, fetchList, hhmm, kindLabel, table } from './scope.js';

const TABS = [
  { state: 'pending', label: '待审批' },
  { state: 'approved', label: '已通过' },
  { state: 'rejected', label: '已驳回' },
  { state: 'all', label: '全部' },
];
const STATES = { pending: '待审批', approved: '已通过', rejected: '已驳回' };

export function renderCorrections(main, { expired, caller }) {
  let tab = 'pending';
  const month = el('input', { type: 'month', placeholder: 'yyyy-MM' });
  const department = departmentSelect(caller);
  const form = el('form', { class: 'toolbar', novalidate: true }, [
    field('月份', 'month', month, '空 = 不限'),
    field('部门', 'departmentId', department),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'primary' }, '查询')),
  ]);
  form.append(el('p', { class: 'form-error', 'data-form-error': true, role: 'alert', hidden: true }));
  const tabs = el('div', { class: 'tabs', role: 'tablist' });
  const body = el('div', { role: 'tabpanel' });
  main.append(form, el('section', { class: 'panel' }, [tabs, body]));

  async function decide(row, approve, buttons, note) {
    for (const b of buttons) b.disabled = true;
    note.className = 'note';
    note.textContent = '处理中…';
    let answer;
    try {
      answer = await call('/api/admin/corrections/' + row.id + '/decision', { method: 'POST', json: { approve } });
    } catch {
      answer = { status: 0, ok: false, body: { detail: '无法连接服务器，请稍后重试' } };
    }
    if (answer.status === 401) { expired(); return; }
    if (!answer.ok) {
      for (const b of buttons) b.disabled = false;
      note.textContent = refusal(answer);
      note.className = 'note error';
      note.setAttribute('role', 'alert');
      return;
    }
    note.textContent = approve ? '已通过' : '已驳回';
    note.className = 'note ok';
    await load();
  }

  async function load() {
    tabs.replaceChildren(...TABS.map((t) => el('button', {
      type: 'button', role: 'tab', 'aria-selected': String(t.state === tab), 'data-state': t.state,
      onclick: () => { tab = t.state; load(); },
    }, t.label)));
    body.replaceChildren(el('p', { class: 'hint' }, '正在加载…'));
    const query = new URLSearchParams({ state: tab, limit: '500' });
    if (month.value) query.set('month', month.value);
    if (department.value) query.set('departmentId', department.value);
    const list = await fetchList(form, '/api/admin/corrections?' + query, expired);
    if (!list) { body.replaceChildren(); return; }
    if (list.length === 0) {
      body.replaceChildren(el('p', { class: 'empty' }, tab === 'pending' ? '没有待审批的补卡申请。' : '没有补卡申请。'));
      return;
    }
    const rows = list.map((c) => {
      const note = el('span', { class: 'note' });
      let action = null;
      if (c.mayDecide) {
        const ok = el('button', { type: 'button', class: 'primary small' }, '通过');
        const no = el('button', { type: 'button', class: 'small' }, '驳回');
        ok.addEventListener('click', () => decide(c, true, [ok, no], note));
        no.addEventListener('click', () => decide(c, false, [ok, no], note));
        action = [el('div', { class: 'decide' }, [ok, no]), note];
      } else if (c.state === 'pending') {
        action = el('span', { class: 'hint' }, '不能审批自己的补卡');
      }
      return el('tr', { 'data-correction-id': String(c.id) }, [
        el('td', {}, [c.name || c.userId, el('div', { class: 'hint' }, (c.departmentName || '') + ' · ' + c.userId)]),
        el('td', { class: 'status' }, [c.workDate, el('div', { class: 'hint' }, kindLabel(c.kind) + '卡 ' + hhmm(c.time))]),
        el('td', { class: 'reason' }, c.reason),
        el('td', { class: 'state' }, [
          el('span', { class: 'badge correction-' + c.state }, STATES[c.state] || c.state),
          el('div', { class: 'hint' }, '申请于 ' + time(c.createdAt)),
          c.decidedAt ? el('div', { class: 'hint' }, '处理于 ' + time(c.decidedAt)) : null,
          c.decidedBy ? el('div', { class: 'hint' }, '处理人 ' + c.decidedBy) : null,
        ]),
        el('td', { class: 'actions' }, action),
      ]);
    });
    body.replaceChildren(table(['申请人', '补卡', '原因', '状态', '操作'], rows));
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  load();
}
