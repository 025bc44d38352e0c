// 考勤明细: evaluated days by date range, department or person (GET /api/admin/days?from=&to=&departmentId=&userId=),
// filtered by status in the page, and 导出 CSV of exactly the rows shown (built in the browser; payroll's export is the
// monthly report on 月报).
import { el } from './dom.js';
import { field } from './form.js';
import { STATUS, departmentSelect, fetchList, hhmm, kindLabel, table, today } from './scope.js';

const PAGE_ROWS = 1000;
// The status filter: one choice can stand for several statuses (迟到 includes 严重迟到).
const FILTERS = [
  { value: '', label: '全部状态', match: () => true },
  { value: 'normal', label: '正常', match: (d) => d.status === 'normal' },
  { value: 'late', label: '迟到', match: (d) => d.anomalies.includes('late') || d.anomalies.includes('serious_late') },
  { value: 'early', label: '早退', match: (d) => d.anomalies.includes('early_leave') },
  { value: 'missing', label: '缺卡', match: (d) => d.anomalies.includes('missing_in') || d.anomalies.includes('missing_out') },
  { value: 'absent', label: '旷工', match: (d) => d.anomalies.includes('absent') },
  { value: 'review', label: '待复核', match: (d) => d.status === 'pending_review' || d.punchesInReview > 0 },
  { value: 'off', label: '休息/节假日/请假', match: (d) => ['rest', 'holiday', 'leave'].includes(d.status) },
];
const HEADERS = ['日期', '姓名', '工号', '状态', '上班', '下班', '迟到分钟', '早退分钟', '工作分钟', '打卡记录'];

const punchText = (d) => d.punches.map((p) => hhmm(p.time) + ' ' + kindLabel(p.kind) + (p.verdict === 'review' ? '(待复核)' : '')).join('；');
const cells = (d) => [d.workDate, d.name || '', d.userId, STATUS[d.status] || d.status, hhmm(d.firstIn), hhmm(d.lastOut), d.lateMinutes,
  d.earlyLeaveMinutes, d.workedMinutes, punchText(d)];

// RFC 4180 quoting, and no cell a spreadsheet would run as a formula (as the server's CSV does).
function csvCell(value) {
  let text = String(value ?? '');
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function saveCsv(rows, name) {
  const text = [HEADERS].concat(rows.map(cells)).map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  const link = el('a', { href: URL.createObjectURL(new Blob(['\ufeff' + text], { type: 'text/csv;charset=utf-8' })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}

export function renderDays(main, { expired, caller }) {
  const from = el('input', { type: 'date', value: today(caller) });
  const to = el('input', { type: 'date', value: today(caller) });
  const department = departmentSelect(caller);
  const person = el('input', { type: 'text', placeholder: '工号（userid）', maxlength: '64', spellcheck: 'false', autocapitalize: 'off' });
  const status = el('select', {}, FILTERS.map((f) => el('option', { value: f.value }, f.label)));
  const exportButton = el('button', { type: 'button', disabled: true }, '导出 CSV（当前结果）');
  const form = el('form', { class: 'form-grid days-filters', novalidate: true }, [
    field('开始日期', 'from', from),
    field('结束日期', 'to', to, '最多 62 天'),
    field('部门', 'departmentId', department),
    field('员工', 'userId', person),
    field('状态', 'status', status),
  ]);
  const actions = el('div', { class: 'form-actions' }, [el('button', { type: 'submit', class: 'primary' }, '查询'), exportButton]);
  form.append(actions, el('p', { class: 'form-error', 'data-form-error': true, role: 'alert', hidden: true }));
  const body = el('section', { class: 'panel', 'aria-live': 'polite' });
  main.append(el('section', { class: 'panel' }, form), body);
  let fetched = [];
  let shown = [];

  function show() {
    const filter = FILTERS.find((f) => f.value === status.value) || FILTERS[0];
    shown = fetched.filter(filter.match);
    exportButton.disabled = shown.length === 0;
    const rows = shown.map((d) => el('tr', { 'data-user': d.userId, 'data-date': d.workDate }, [
      el('td', { class: 'status' }, d.workDate),
      el('td', {}, [d.name || d.userId, el('div', { class: 'hint' }, d.userId)]),
      el('td', {}, el('span', { class: 'badge status-' + d.status }, STATUS[d.status] || d.status)),
      el('td', { class: 'status' }, d.firstIn || d.lastOut ? hhmm(d.firstIn) + ' – ' + hhmm(d.lastOut) : '—'),
      el('td', { class: 'status' }, [d.lateMinutes ? '迟到 ' + d.lateMinutes + ' 分' : null, d.earlyLeaveMinutes ? el('div', {}, '早退 ' + d.earlyLeaveMinutes + ' 分') : null,
        el('div', { class: 'hint' }, '工作 ' + Math.floor(d.workedMinutes / 60) + ' 时 ' + (d.workedMinutes % 60) + ' 分')]),
      el('td', { class: 'punch-times' }, d.punches.length === 0 ? el('span', { class: 'hint' }, '无打卡') : punchText(d)),
    ]));
    body.replaceChildren(
      el('p', { class: 'hint' }, '共 ' + shown.length + ' 条' + (fetched.length !== shown.length ? '（筛选前 ' + fetched.length + ' 条）' : '')),
      shown.length === 0 ? el('p', { class: 'empty' }, '没有符合条件的记录。') : table(['日期', '姓名', '状态', '上班 – 下班', '迟到/早退', '打卡'], rows));
  }

  async function load() {
    body.replaceChildren(el('p', { class: 'hint' }, '正在加载…'));
    const query = new URLSearchParams({ from: from.value, to: to.value, limit: String(PAGE_ROWS) });
    if (department.value) query.set('departmentId', department.value);
    if (person.value.trim()) query.set('userId', person.value.trim());
    const list = await fetchList(form, '/api/admin/days?' + query, expired);
    if (!list) { body.replaceChildren(); fetched = []; exportButton.disabled = true; return; }
    fetched = list;
    show();
    if (list.length === PAGE_ROWS) body.prepend(el('p', { class: 'hint' }, '结果较多，只显示前 ' + PAGE_ROWS + ' 条，请缩小日期或部门范围。'));
  }

  status.addEventListener('change', show);
  exportButton.addEventListener('click', () => saveCsv(shown, 'attendance-days-' + from.value + '_' + to.value + '.csv'));
  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  load();
}
