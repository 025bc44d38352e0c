// 月报: the monthly report (GET /api/admin/reports/monthly) of a month and a department as a table, and its download
// as xlsx or csv: fetched with the Authorization header and saved under the server's file name.
import { downloadFile } from './blob.js';
import { el } from './dom.js';
import { field, showErrors, clearErrors } from './form.js';
import { departmentSelect, fetchList, table, today } from './scope.js';

// The report's columns, headed short (the downloads carry the full headers: 迟到分钟, 旷工天数, …).
const COLUMNS = [
  ['name', '姓名'], ['departmentName', '部门'], ['expectedWorkdays', '应出勤'], ['presentDays', '出勤'], ['lateCount', '迟到'],
  ['lateMinutes', '迟到分'], ['seriousLateCount', '严重迟到'], ['earlyLeaveCount', '早退'], ['earlyLeaveMinutes', '早退分'],
  ['missingPunches', '缺卡'], ['absentDays', '旷工'], ['leaveDays', '请假'], ['overtimeHours', '加班时'], ['fieldPunches', '外勤'],
  ['locationExceptions', '地点异常'], ['pendingDays', '未结算'], ['reviewDays', '待复核'],
];

export function renderMonthly(main, { expired, caller }) {
  const month = el('input', { type: 'month', value: today(caller).slice(0, 7), placeholder: 'yyyy-MM', required: true });
  const department = departmentSelect(caller);
  const xlsx = el('button', { type: 'button', 'data-format': 'xlsx' }, '下载 Excel (xlsx)');
  const csv = el('button', { type: 'button', 'data-format': 'csv' }, '下载 CSV');
  const form = el('form', { class: 'toolbar', novalidate: true }, [
    field('月份', 'month', month),
    field('部门', 'departmentId', department),
    el('div', { class: 'form-actions' }, [el('button', { type: 'submit', class: 'primary' }, '查看'), xlsx, csv]),
  ]);
  form.append(el('p', { class: 'form-error', 'data-form-error': true, role: 'alert', hidden: true }));
  const body = el('section', { class: 'panel' });
  main.append(form, body);

  const query = (format) => {
    const q = new URLSearchParams({ month: month.value, format });
    if (department.value) q.set('departmentId', department.value);
    return '/api/admin/reports/monthly?' + q;
  };

  async function save(button, format) {
    button.disabled = true;
    clearErrors(form);
    let refused;
    try {
      refused = await downloadFile(query(format), 'attendance-' + month.value + '.' + format);
    } catch {
      refused = { status: 0, ok: false, body: { detail: '无法连接服务器，请检查网络后重试' } };
    }
    button.disabled = false;
    if (refused && refused.status === 401) { expired(); return; }
    if (refused) showErrors(form, refused);
  }

  async function load() {
    body.replaceChildren(el('p', { class: 'hint' }, '正在加载…'));
    const report = await fetchList(form, query('json'), expired);
    if (!report) { body.replaceChildren(); return; }
    const rows = report.employees.map((r) => el('tr', { 'data-user': r.userId }, COLUMNS.map(([key], i) => (i === 0
      ? el('td', {}, [r.name, el('div', { class: 'hint' }, r.userId)])
      : el('td', { class: i === 1 ? 'nowrap' : 'count' }, String(r[key]))))));
    body.replaceChildren(el('h2', {}, report.month + ' 月报' + (department.value ? '（' + department.selectedOptions[0].textContent + '）' : '')),
      report.employees.length === 0 ? el('p', { class: 'empty' }, '这个月没有考勤记录。') : el('div', { class: 'report' }, table(COLUMNS.map(([, label]) => label), rows, 2)));
  }

  xlsx.addEventListener('click', () => save(xlsx, 'xlsx'));
  csv.addEventListener('click', () => save(csv, 'csv'));
  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  load();
}
