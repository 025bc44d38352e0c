// 日历: a year's work calendar: the shipped China holidays and 调休 make-up workdays (source "seed") with the
// company's own overrides on top (source "override"). An override is set with PUT /api/admin/calendar/{date} and
// removed with DELETE (the shipped calendar then applies to that date again). Ordinary weekdays and weekends that
// nobody changed are not listed: Monday–Friday are worked, weekends rest.
import { load } from './api.js';
import { el } from './dom.js';
import { field } from './form.js';
import { deleteButton, headRow, save, select, text } from './kit.js';

const KINDS = [
  ['holiday', '节假日（放假）'],
  ['workday', '上班日（如调休上班）'],
  ['rest', '休息日'],
];
const KIND_LABELS = { holiday: '节假日', workday: '上班（调休）', rest: '休息' };
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const weekday = (date) => '周' + WEEKDAYS[new Date(date + 'T00:00:00').getDay()];

export function renderCalendar(main, { expired, caller }) {
  let year = new Date().getFullYear();
  const status = el('p', { class: 'note ok', role: 'status' });
  const formPanel = el('section', { class: 'panel', 'aria-labelledby': 'calendar-form-title' });
  const listPanel = el('section', { class: 'panel', 'aria-labelledby': 'calendar-list-title' });
  main.append(el('p', { class: 'hint intro' },
    '默认按国家法定节假日和调休安排（随系统发布），周一至周五上班、周末休息。公司有不同安排时，在此添加调整，只影响该日期；相关考勤会重新计算。'),
  status, caller.everyone ? formPanel : null, listPanel);

  const date = el('input', { type: 'date', min: '2000-01-01', max: '2099-12-31' });
  const kind = select(KINDS, 'holiday');
  const name = text({ maxlength: 32, placeholder: '例如 公司年会、调休上班' });
  const form = el('form', { novalidate: true, 'data-form': 'calendar' }, [
    el('p', { class: 'form-error', 'data-form-error': true, role: 'alert', hidden: true }),
    el('div', { class: 'form-grid' }, [
      field('日期', 'date', date),
      field('这一天', 'kind', kind, '节假日：放假且计为节假日；上班日：即使是周末也要上班；休息日：普通休息'),
      field('名称', 'name', name, '可不填；最多 32 个字'),
    ]),
    el('div', { class: 'form-actions' }, [el('button', { type: 'submit', class: 'primary' }, '保存调整')]),
  ]);
  formPanel.append(el('h2', { id: 'calendar-form-title' }, '添加或修改调整'), form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const day = date.value;
    await save(form, '/api/admin/calendar/' + (day || '-'), {
      method: 'PUT', json: { kind: kind.value, name: name.value.trim() || null }, expired,
      done: async (saved) => {
        status.textContent = '已保存：' + saved.date + ' ' + (KIND_LABELS[saved.kind] || saved.kind) + ' ' + saved.name;
        year = Number(saved.date.slice(0, 4));
        await reload();
      },
    });
  });

  const change = (entry) => {
    date.value = entry.date;
    kind.value = entry.kind;
    name.value = entry.name;
    date.focus();
  };

  async function reload() {
    const body = el('div', {}, el('p', { class: 'hint' }, '正在加载…'));
    const prev = el('button', { type: 'button', class: 'small', onclick: () => { year -= 1; reload(); } }, '上一年');
    const next = el('button', { type: 'button', class: 'small', onclick: () => { year += 1; reload(); } }, '下一年');
    listPanel.replaceChildren(el('div', { class: 'toolbar' }, [el('h2', { id: 'calendar-list-title' }, year + ' 年'), prev, next]), body);
    const entries = await load('/api/admin/calendar?year=' + year, body, expired);
    if (!entries) return;
    if (entries.length === 0) {
      body.replaceChildren(el('p', { class: 'empty' }, year + ' 年没有节假日数据，也没有公司调整：按周一至周五上班处理。可在上方添加调整。'));
      return;
    }
    body.replaceChildren(el('div', { class: 'table-wrap' }, el('table', {}, [
      headRow(['日期', '类型', '名称', '来源', caller.everyone ? '操作' : null]),
      el('tbody', {}, entries.map((e) => el('tr', { 'data-date': e.date, class: e.source === 'override' ? 'override' : null }, [
        el('td', { class: 'date' }, [e.date, ' ', el('span', { class: 'hint' }, weekday(e.date))]),
        el('td', {}, el('span', { class: 'badge kind-' + e.kind }, KIND_LABELS[e.kind] || e.kind)),
        el('td', {}, e.name),
        el('td', {}, e.source === 'override' ? '公司调整' : '法定安排'),
        caller.everyone ? el('td', { class: 'actions' }, [
          el('button', { type: 'button', class: 'small', onclick: () => change(e) }, e.source === 'override' ? '修改' : '调整'),
          ' ',
          e.source === 'override' ? deleteButton('此调整（恢复法定安排）', '/api/admin/calendar/' + e.date, expired, async () => {
            status.textContent = '已移除调整：' + e.date;
            await reload();
          }) : null,
        ]) : null,
      ]))),
    ])));
  }

  reload();
}
