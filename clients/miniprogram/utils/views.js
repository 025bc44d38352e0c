// How answers, days and times read in the mini-program: the same words as the H5 punch page
// (src/BotHost/wwwroot/punch/views.js), so an employee sees one vocabulary whichever way they punch.
const KINDS = { in: '上班', out: '下班', auto: '打卡' };

const kindLabel = (kind) => KINDS[kind] || '打卡';

const pad = (n) => String(n).padStart(2, '0');

// ISO-8601 with the phone's offset, as the punch API wants its deviceTime.
function localIso(d) {
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes()) +
    ':' + pad(d.getSeconds()) + '.' + String(d.getMilliseconds()).padStart(3, '0') + sign + pad(Math.floor(abs / 60)) + ':' + pad(abs % 60);
}

const localDate = (d) => d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());

// The wall-clock time written in an ISO string (the server sends company time with its offset).
function timeOf(iso) {
  const m = /T(\d{2}):(\d{2})/.exec(String(iso || ''));
  return m ? m[1] + ':' + m[2] : '';
}

function dayLine(today) {
  if (today.dayKind === 'holiday') return { name: '节假日' + (today.calendarName ? '：' + today.calendarName : ''), times: '—', window: '—' };
  if (!today.shift) return { name: today.dayKind === 'rest' ? '今日休息' : '未排班', times: '—', window: '—' };
  const s = today.shift;
  return {
    name: s.name,
    times: s.segments.map((x) => x.start + '–' + x.end).join('，'),
    window: s.checkInOpens + '–' + s.checkOutCloses,
  };
}

function verdictView(p) {
  if (p.verdict === 'rejected') return { label: '打卡失败', tone: 'bad', code: 'rejected' };
  if (p.verdict === 'review') return { label: '待复核', tone: 'warn', code: 'review' };
  if (p.isField) return { label: '外勤打卡', tone: 'warn', code: 'field' };
  if (p.isLocationException) return { label: '打卡成功（地点异常）', tone: 'warn', code: 'location_exception' };
  return { label: '打卡成功', tone: 'ok', code: 'accepted' };
}

const NEXT = {
  accepted: '无需其他操作。',
  location_exception: '已记为地点异常：如确在岗，请向主管说明，或提交补卡申请。',
  field: '已记为外勤打卡，主管可以看到。',
  review: '需主管复核后生效：可在“我的考勤”中说明情况。',
};

// The punch answer as the employee reads it: verdict, the server's message, site and distance, what to do next.
function answerView(p) {
  const v = verdictView(p);
  const codes = (p.findings || []).map((f) => f.code);
  let next = NEXT[v.code];
  if (v.code === 'rejected') {
    next = codes.indexOf('PHOTO_MISSING') >= 0 ? '该地点要求拍照，请重新打卡并拍照。'
      : codes.indexOf('LOCATION_MISSING') >= 0 ? '请打开定位权限后重新打卡。'
        : codes.indexOf('LOCATION_OUT_OF_FENCE') >= 0 ? '请到打卡范围内重新打卡，或提交补卡申请。'
          : '请按提示处理后重新打卡，或提交补卡申请。';
  }
  const distance = p.site
    ? p.site.name + (p.site.distanceMeters != null ? '：距离 ' + p.site.distanceMeters + ' 米' : '')
    : '未匹配到打卡地点';
  const at = timeOf(p.serverTime);
  const message = String(p.message || '');
  return {
    tone: v.tone,
    code: v.code,
    verdict: v.label,
    // Accepted messages already carry the recorded time; the others get it added.
    message: !at || message.indexOf(at) >= 0 ? message : message + '（' + at + '）',
    distance,
    next: (p.hasPhoto ? '已附照片。' : '') + next,
    findings: (p.findings || []).filter((f) => f.severity !== 'info').map((f) => f.message),
  };
}

const REVIEW_STATES = {
  pending: { label: '待复核', tone: 'warn' },
  approved: { label: '已通过', tone: 'ok' },
  rejected: { label: '已驳回', tone: 'bad' },
};

function reviewView(review) {
  const state = REVIEW_STATES[review && review.state] ? review.state : 'pending';
  return Object.assign({ state }, REVIEW_STATES[state]);
}

// HH:mm of an instant on the phone's clock: 补卡 times come back in UTC, and employees' phones are set to the
// company's zone.
function clockOf(iso) {
  const d = new Date(iso);
  return isNaN(d.getTime()) ? '' : pad(d.getHours()) + ':' + pad(d.getMinutes());
}

const CORRECTION_STATES = { pending: '待审批', approved: '已通过', rejected: '已驳回' };

function correctionView(c) {
  const state = String(c.state).toLowerCase();
  return {
    id: c.id,
    text: c.workDate + ' ' + kindLabel(c.kind) + ' ' + clockOf(c.time),
    reason: c.reason,
    label: CORRECTION_STATES[state] || c.state,
    tone: state === 'approved' ? 'ok' : state === 'rejected' ? 'bad' : 'warn',
    state,
  };
}

// Statuses that need no attention; everything else is shown as an anomaly.
const CALM = ['normal', 'rest', 'holiday', 'leave'];

function dayTone(status) {
  if (status === 'normal') return 'ok';
  if (CALM.indexOf(status) >= 0) return 'muted';
  if (status === 'pending_review') return 'warn';
  return 'bad';
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function weekday(date) {
  const [y, m, d] = date.split('-').map(Number);
  return WEEKDAYS[new Date(y, m - 1, d).getDay()];
}

function dayDetail(d) {
  const parts = [];
  if (d.firstIn) parts.push('上班 ' + timeOf(d.firstIn));
  if (d.lastOut) parts.push('下班 ' + timeOf(d.lastOut));
  if (d.lateMinutes) parts.push('迟到 ' + d.lateMinutes + ' 分钟');
  if (d.earlyLeaveMinutes) parts.push('早退 ' + d.earlyLeaveMinutes + ' 分钟');
  if (d.punchesInReview) parts.push(d.punchesInReview + ' 次打卡待复核');
  return parts.join('，');
}

const MAX_NOTE = 200;

module.exports = {
  kindLabel, localIso, localDate, timeOf, clockOf, dayLine, verdictView, answerView, reviewView, correctionView, dayTone, weekday, dayDetail,
  CALM, MAX_NOTE,
};
