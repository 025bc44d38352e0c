// 今日: per department, how many are expected today, present, late, missing a punch and waiting on a review; each
// number opens the people behind it. Counted in the page from GET /api/admin/days?date=<the company's today> (one read,
// the caller's scope applied by the API), so it agrees with 考勤明细 to the person.
import { el } from './dom.js';
import { field } from './form.js';
import { STATUS, OFF_DAY, departmentName, fetchList, hhmm, kindLabel, table, today } from './scope.js';

// What each column counts (docs/console.md says the same).
const expected = (d) => !OFF_DAY.includes(d.status);
const present = (d) => expected(d) && (d.firstIn || d.lastOut || d.punches.some((p) => p.counts));
const COLUMNS = [
  { key: 'expected', label: '应到', test: expected },
  { key: 'present', label: '已到', test: present },
  { key: 'late', label: '迟到', test: (d) => d.anomalies.includes('late') || d.anomalies.includes('serious_late') },
  { key: 'missing', label: '缺卡', test: (d) => expected(d) && (!present(d) || ['missing_in', 'missing_out', 'absent'].some((a) => d.anomalies.includes(a))) },
  { key: 'review', label: '待复核', test: (d) => d.punchesInReview > 0 || d.status === 'pending_review' },
];

export function renderToday(main, { expired, caller }) {
  const date = el('input', { type: 'date', value: today(caller), required: true });
  const form = el('form', { class: 'toolbar', novalidate: true }, [
    field('日期', 'date', date),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'primary' }, '刷新')),
  ]);
  form.append(el('p', { class: 'form-error', 'data-form-error': true, role: 'alert', hidden: true }));
  const summary = el('section', { class: 'panel', 'aria-labelledby': 'today-title' });
  const people = el('section', { class: 'panel', 'aria-labelledby': 'people-title', hidden: true });
  main.append(form, summary, people);

  function showPeople(title, list) {
    people.hidden = false;
    const rows = list.map((d) => el('tr', { 'data-user': d.userId }, [
      el('td', {}, [d.name || d.userId, el('div', { class: 'hint' }, d.userId)]),
      el('td', {}, el('span', { class: 'badge status-' + d.status }, STATUS[d.status] || d.statusLabel || d.status)),
      el('td', { class: 'punch-times' }, d.punches.length === 0 ? el('span', { class: 'hint' }, '无打卡')
        : d.punches.map((p) => el('div', {}, hhmm(p.time) + ' ' + kindLabel(p.kind) + (p.verdict === 'review' ? '（待复核）' : p.counts ? '' : '（不计）')))),
    ]));
    people.replaceChildren(el('h2', { id: 'people-title' }, title),
      list.length === 0 ? el('p', { class: 'empty' }, '没有人。') : table(['姓名', '状态', '打卡'], rows));
    people.scrollIntoView({ block: 'nearest' });
  }

  async function load() {
    summary.replaceChildren(el('h2', { id: 'today-title' }, '各部门出勤'), el('p', { class: 'hint' }, '正在加载…'));
    people.hidden = true;
    const days = await fetchList(form, '/api/admin/days?date=' + encodeURIComponent(date.value), expired);
    if (!days) { summary.lastChild.textContent = ''; return; }
    const groups = new Map();
    for (const d of days) {
      const key = d.departmentId ?? 0;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(d);
    }
    const lines = [...groups.entries()].sort((a, b) => a[0] - b[0])
      .map(([id, list]) => ({ name: departmentName(caller, id), id, list }));
    if (lines.length > 1) lines.push({ name: '合计', id: 'all', list: days });
    const rows = lines.map((line) => el('tr', { 'data-department': String(line.id), class: line.id === 'all' ? 'total' : null }, [
      el('th', { scope: 'row' }, line.name),
      ...COLUMNS.map((c) => {
        const who = line.list.filter(c.test);
        return el('td', { class: 'count' }, el('button', {
          type: 'button', class: 'count-link', 'data-count': c.key, 'aria-label': line.name + ' ' + c.label + ' ' + who.length + ' 人',
          onclick: () => showPeople(line.name + ' · ' + c.label + '（' + who.length + ' 人）', who),
        }, String(who.length)));
      }),
    ]));
    summary.replaceChildren(el('h2', { id: 'today-title' }, '各部门出勤（' + date.value + '）'),
      days.length === 0 ? el('p', { class: 'empty' }, '这一天没有需要出勤的人。')
        : table(['部门'].concat(COLUMNS.map((c) => c.label)), rows, 1),
      el('p', { class: 'hint' }, '应到：当天需要上班的人；已到：有有效打卡；缺卡：未打卡或缺上/下班卡、旷工；待复核：有打卡等待人工复核。点数字查看名单。'));
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  load();
}
