// 班次: shifts: work segments (HH:mm), the punch windows, grace, the late tiers, flexible minutes, a rest break and
// overtime. Every input carries the API's field path (segments[0].start, overtime.minimumMinutes…), so the
// validator's message shows beside it. A new shift starts as 09:00–18:00 with a 12:00–13:00 break.
import { el } from './dom.js';
import { field } from './form.js';
import { check, headRow, num, number, recordPage, rows, str, text } from './kit.js';

const clock = (attrs = {}) => text({ inputmode: 'numeric', maxlength: 5, placeholder: 'HH:mm', class: 'clock', ...attrs });
const minutes = (value, attrs = {}) => number({ value: value ?? '', step: 1, min: 0, ...attrs });
const span = (r) => (r ? r.start + '–' + r.end : '—');

export function renderShifts(main, ctx) {
  recordPage(main, ctx, {
    key: 'shifts',
    path: '/api/admin/shifts',
    noun: '班次',
    title: '班次列表',
    empty: '还没有班次。点击“新建班次”，默认为 09:00–18:00 的白班，改好时间即可保存；再到“排班”页把班次排给部门或员工。',
    intro: '班次规定上下班时间和打卡规则。时间用 24 小时制 HH:mm；下班时间早于上班时间表示次日（如 22:00–06:00 夜班）。',
    label: (s) => s.name + '（' + s.id + '）',
    list: (shifts, actions) => el('div', { class: 'table-wrap' }, el('table', {}, [
      headRow(['名称', '上班时段', '打卡时间范围', '迟到 / 早退宽限', '严重迟到 / 旷工', '午休', '加班', ctx.caller.everyone ? '操作' : null]),
      el('tbody', {}, shifts.map((s) => el('tr', { 'data-shift-id': s.id }, [
        el('td', { class: 'name' }, [el('strong', {}, s.name), el('div', { class: 'code' }, s.id)]),
        el('td', { class: 'segments' }, s.segments.map((r) => el('div', {}, span(r)))),
        el('td', {}, ['上班前 ' + s.checkInOpensMinutesBefore + ' 分钟起', el('div', { class: 'hint' }, '下班后 ' + s.checkOutClosesMinutesAfter + ' 分钟止')]),
        el('td', {}, s.lateGraceMinutes + ' / ' + s.earlyLeaveGraceMinutes + ' 分钟'
          + (s.flexibleMinutes ? '，弹性 ' + s.flexibleMinutes + ' 分钟' : '')),
        el('td', {}, '迟到超过 ' + s.seriousLateMinutes + ' / ' + s.absentLateMinutes + ' 分钟'),
        el('td', {}, span(s.restBreak)),
        el('td', {}, s.overtime ? '下班 ' + s.overtime.startsAfterMinutes + ' 分钟后起算' : el('span', { class: 'hint' }, '不计')),
        actions(s),
      ]))),
    ])),
    editor,
  });
}

function editor(shift) {
  const s = shift || {
    segments: [{ start: '09:00', end: '18:00' }], checkInOpensMinutesBefore: 120, checkOutClosesMinutesAfter: 240,
    lateGraceMinutes: 0, earlyLeaveGraceMinutes: 0, seriousLateMinutes: 30, absentLateMinutes: 120, flexibleMinutes: 0,
    restBreak: { start: '12:00', end: '13:00' }, requireCheckOut: true, overtime: null,
  };
  const id = text({ value: shift ? shift.id : '', disabled: shift ? true : null, maxlength: 64, placeholder: '例如 day' });
  const name = text({ value: s.name || (shift ? '' : '白班'), maxlength: 64 });
  const segments = rows('segments', (r) => [
    ['上班', 'start', clock({ value: r.start || '' })],
    ['下班', 'end', clock({ value: r.end || '' })],
  ], { min: 1, addLabel: '添加时段', empty: '至少一个时段。' });
  for (const r of s.segments) segments.add(r);

  const m = {};
  const num2 = (key, label, hint, max) => field(label, key, (m[key] = minutes(s[key], { max })), hint);
  const hasBreak = el('input', { type: 'checkbox', id: 'f-hasBreak', checked: s.restBreak ? true : null });
  const breakStart = clock({ value: s.restBreak ? s.restBreak.start : '12:00' });
  const breakEnd = clock({ value: s.restBreak ? s.restBreak.end : '13:00' });
  const breakFields = el('div', { class: 'form-grid' }, [
    field('午休开始', 'restBreak.start', breakStart), field('午休结束', 'restBreak.end', breakEnd, '须在班次时间内；从工作时长中扣除'),
  ]);
  const ot = s.overtime || {};
  const hasOvertime = el('input', { type: 'checkbox', id: 'f-hasOvertime', checked: s.overtime ? true : null });
  const after = minutes(ot.startsAfterMinutes ?? 30, { max: 720 });
  const minimum = minutes(ot.minimumMinutes ?? 30, { max: 1440 });
  const maximum = minutes(ot.maximumMinutes ?? 240, { max: 1440 });
  const overtimeFields = el('div', { class: 'form-grid' }, [
    field('下班后多久起算（分钟）', 'overtime.startsAfterMinutes', after, '例如 30：18:30 之后才算加班'),
    field('最少计入（分钟）', 'overtime.minimumMinutes', minimum, '不足此时长不算加班'),
    field('最多计入（分钟）', 'overtime.maximumMinutes', maximum, '每天加班的上限'),
  ]);
  const toggle = () => { breakFields.hidden = !hasBreak.checked; overtimeFields.hidden = !hasOvertime.checked; };
  hasBreak.addEventListener('change', toggle);
  hasOvertime.addEventListener('change', toggle);
  toggle();

  return {
    id: () => (shift ? shift.id : id.value.trim()),
    nodes: [
      el('div', { class: 'form-grid' }, [
        field('编号', 'id', id, shift ? '编号创建后不能修改' : '1–64 位字母、数字、_ 或 -，例如 day、night'),
        field('名称', 'name', name, '员工和报表中显示的班次名称'),
      ]),
      el('h3', {}, '上班时段'),
      el('p', { class: 'hint' }, '一般班次一个时段；两头班可添加多个时段（按时间顺序，最多 6 个，总跨度不超过 24 小时）。'),
      segments.node,
      el('h3', {}, '打卡时间范围'),
      el('div', { class: 'form-grid' }, [
        num2('checkInOpensMinutesBefore', '上班前多久可打卡（分钟）', '默认 120：08:00 起可打上班卡', 720),
        num2('checkOutClosesMinutesAfter', '下班后多久内可打卡（分钟）', '默认 240：22:00 前可打下班卡', 720),
      ]),
      el('h3', {}, '迟到与早退'),
      el('div', { class: 'form-grid' }, [
        num2('lateGraceMinutes', '迟到宽限（分钟）', '晚到不超过此时长不算迟到；0–240', 240),
        num2('earlyLeaveGraceMinutes', '早退宽限（分钟）', '早走不超过此时长不算早退；0–240', 240),
        num2('seriousLateMinutes', '严重迟到（分钟）', '迟到超过此时长记为严重迟到；不小于迟到宽限', 720),
        num2('absentLateMinutes', '旷工（分钟）', '迟到超过此时长按旷工处理；不小于严重迟到', 720),
        num2('flexibleMinutes', '弹性上班（分钟）', '晚到此时长内不算迟到，但下班须相应延后；0 = 不弹性', 240),
      ]),
      check('必须打下班卡', 'requireCheckOut', s.requireCheckOut !== false, '不勾选：不打下班卡也不算缺卡'),
      el('h3', {}, el('label', { for: 'f-hasBreak' }, [hasBreak, ' 午休（不计入工作时长）'])),
      breakFields,
      el('p', { class: 'field-error', 'data-error-for': 'restBreak', role: 'alert', hidden: true }),
      el('h3', {}, el('label', { for: 'f-hasOvertime' }, [hasOvertime, ' 计算加班'])),
      overtimeFields,
    ],
    body: () => ({
      name: name.value,
      segments: segments.values().map((r) => ({ start: str(r.start), end: str(r.end) })),
      checkInOpensMinutesBefore: num(m.checkInOpensMinutesBefore),
      checkOutClosesMinutesAfter: num(m.checkOutClosesMinutesAfter),
      lateGraceMinutes: num(m.lateGraceMinutes),
      earlyLeaveGraceMinutes: num(m.earlyLeaveGraceMinutes),
      seriousLateMinutes: num(m.seriousLateMinutes),
      absentLateMinutes: num(m.absentLateMinutes),
      flexibleMinutes: num(m.flexibleMinutes),
      restBreak: hasBreak.checked ? { start: str(breakStart), end: str(breakEnd) } : null,
      requireCheckOut: document.getElementById('f-requireCheckOut').checked,
      overtime: hasOvertime.checked ? { startsAfterMinutes: num(after), minimumMinutes: num(minimum), maximumMinutes: num(maximum) } : null,
    }),
  };
}
