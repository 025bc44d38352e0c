// What the pages a supervisor may open share: the department picker (only the departments the caller may see, from
// GET /api/admin/session), the day statuses in Chinese, and reading a list whose refusal is shown on the filter form.
import { call } from './api.js';
import { el } from './dom.js';
import { showErrors, clearErrors } from './form.js';

export const STATUS = {
  normal: '正常', late: '迟到', serious_late: '严重迟到', early_leave: '早退', missing_in: '上班缺卡', missing_out: '下班缺卡',
  absent: '旷工', rest: '休息', holiday: '节假日', leave: '请假', pending_review: '待复核',
};
export const OFF_DAY = ['rest', 'holiday', 'leave'];
const KINDS = { in: '上班', out: '下班', auto: '自动' };
export const kindLabel = (k) => KINDS[k] || k;

// A <select> of departments: 全部 (HR: everyone; a supervisor: their whole scope) then the departments offered.
export function departmentSelect(caller, path = 'departmentId') {
  const options = [el('option', { value: '' }, caller.everyone ? '全部部门' : '我负责的全部')]
    .concat((caller.departments || []).map((d) => el('option', { value: String(d.id) }, d.name)));
  return el('select', { name: path }, options);
}

export function departmentName(caller, id) {
  const d = (caller.departments || []).find((x) => x.id === id);
  return d ? d.name : (caller.everyone ? '部门 ' + id : '直属下属');
}

// The company's work date (the session's `today`), else the browser's.
export function today(caller) {
  if (caller.today) return caller.today;
  const d = new Date();
  return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
}

// GETs a list for a filter form: the body (and the answer's X-Total-Count, when sent) or null, with the refusal shown on
// the form beside its fields (what was typed stays). A lost sign-in (401) goes through expired().
export async function fetchList(form, path, expired) {
  clearErrors(form);
  let answer;
  try {
    answer = await call(path);
  } catch {
    answer = { status: 0, ok: false, body: { detail: '无法连接服务器，请检查网络后重试' } };
  }
  if (answer.status === 401) { expired(); return null; }
  if (!answer.ok) { showErrors(form, answer); return null; }
  return answer.body;
}

export const hhmm = (iso) => (iso ? iso.slice(11, 16) : '—');
// A table in its scrolling wrapper; the headers from index `numbersFrom` on head columns of numbers (right-aligned).
export const table = (headers, rows, numbersFrom = headers.length) => el('div', { class: 'table-wrap' }, el('table', {}, [
  el('thead', {}, el('tr', {}, headers.map((h, i) => el('th', { scope: 'col', class: i >= numbersFrom ? 'num' : null }, h)))),
  el('tbody', {}, rows),
]));
