// How answers, days and times read on the page (Chinese, plain words).
const KINDS = { in: '上班', out: '下班', auto: '打卡' };

export const kindLabel = (kind) => KINDS[kind] || '打卡';

const pad = (n) => String(n).padStart(2, '0');

// ISO-8601 with the device's offset, as the punch API wants its deviceTime.
export function localIso(d) {
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `.${String(d.getMilliseconds()).padStart(3, '0')}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export const localDate = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

// The wall-clock time written in an ISO string (the server sends company time with its offset).
export function timeOf(iso) {
  const m = /T(\d{2}):(\d{2})/.exec(String(iso || ''));
  return m ? `${m[1]}:${m[2]}` : '';
}

export function dayLine(today) {
  if (today.dayKind === 'holiday') return { name: `节假日${today.calendarName ? '：' + today.calendarName : ''}`, times: '—', window: '—' };
  if (!today.shift) return { name: today.dayKind === 'rest' ? '今日休息' : '未排班', times: '—', window: '—' };
  const s = today.shift;
  return {
    name: s.name,
    times: s.segments.map((x) => `${x.start}–${x.end}`).join('，'),
    window: `${s.checkInOpens}–${s.checkOutCloses}`,
  };
}

export function verdictView(p) {
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
  review: '需主管复核后生效：可在“今日打卡”中说明情况，结果会显示在本页。',
};

export function answerView(p) {
  const v = verdictView(p);
  const codes = (p.findings || []).map((f) => f.code);
  let next = NEXT[v.code];
  if (v.code === 'rejected') {
    next = codes.includes('PHOTO_MISSING') ? '该地点要求拍照，请重新打卡并拍照。'
      : codes.includes('LOCATION_MISSING') ? '请打开定位权限后重新打卡。'
        : codes.includes('LOCATION_OUT_OF_FENCE') ? '请到打卡范围内重新打卡，或提交补卡申请。'
          : '请按提示处理后重新打卡，或提交补卡申请。';
  }
  const distance = p.site
    ? `${p.site.name}${p.site.distanceMeters != null ? `：距离 ${p.site.distanceMeters} 米` : ''}`
    : '未匹配到打卡地点';
  return {
    tone: v.tone,
    code: v.code,
    verdict: v.label,
    // Accepted messages already carry the recorded time; the others get it added.
    message: p.message.includes(timeOf(p.serverTime)) ? p.message : `${p.message}（${timeOf(p.serverTime)}）`,
    distance,
    next: (p.hasPhoto ? '已附照片。' : '') + next,
    findings: (p.findings || []).filter((f) => f.severity !== 'info').map((f) => f.message),
  };
}

// A flagged punch's review (pending / approved / rejected), for the employee's list and the reviewer's cards.
const REVIEW_STATES = {
  pending: { label: '待复核', tone: 'warn' },
  approved: { label: '已通过', tone: 'ok' },
  rejected: { label: '已驳回', tone: 'bad' },
};

export function reviewView(review) {
  const state = REVIEW_STATES[review && review.state] ? review.state : 'pending';
  return { state, ...REVIEW_STATES[state] };
}

// "12-03 08:52" from an ISO time with the company's offset.
export function shortTime(iso) {
  const m = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(String(iso || ''));
  return m ? `${m[1]}-${m[2]} ${m[3]}:${m[4]}` : '';
}

// Who decided, from the audit actor: "user:zhangwei" → zhangwei, an admin key → 管理员.
export function actorLabel(actor) {
  if (!actor) return '';
  if (actor.startsWith('user:')) return actor.slice(5);
  if (actor.startsWith('admin:')) return '管理员';
  return actor;
}

export const MAX_NOTE = 200;
