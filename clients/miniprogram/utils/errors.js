// Every answer the service can give, as a Chinese headline, a line of detail and the next step. Problem details
// (RFC 7807) carry Chinese `detail`/`title` for what the employee can act on and English for developers: only the
// Chinese ones are shown, with field errors named in Chinese.
const { header } = require('./wxp');

const FIELD_NAMES = {
  date: '日期', kind: '类型', time: '时间', reason: '原因', text: '说明', code: '登录码', month: '月份',
  clientPunchId: '打卡编号', deviceTime: '手机时间', deviceId: '设备', note: '备注', punch: '打卡数据', photo: '照片',
  location: '位置', 'location.latitude': '纬度', 'location.longitude': '经度', 'location.accuracy': '定位精度',
  'location.coordinateSystem': '坐标系', wifi: 'Wi-Fi', 'wifi.bssid': 'Wi-Fi（BSSID）', 'wifi.ssid': 'Wi-Fi 名称', granted: '授权',
};

const CJK = /[\u3400-\u9fff]/;

function chinese(text) {
  return typeof text === 'string' && CJK.test(text) ? text : '';
}

function fieldName(field) {
  return FIELD_NAMES[field] || FIELD_NAMES[String(field).split('.')[0]] || field;
}

// One line from a problem: its Chinese detail or title, then each field error ("日期：只能补最近 7 天内的卡").
function problemText(body, fallback) {
  const parts = [];
  if (body && typeof body === 'object') {
    const lead = chinese(body.detail) || chinese(body.title);
    if (lead) parts.push(lead);
    const errors = body.errors && typeof body.errors === 'object' ? body.errors : {};
    Object.keys(errors).forEach((field) => {
      [].concat(errors[field]).forEach((m) => {
        const said = chinese(m);
        if (said && parts.some((p) => p.indexOf(said) >= 0)) return;
        const line = field === '$' ? (said || '内容格式不正确') : fieldName(field) + '：' + (said || '格式不正确');
        if (parts.indexOf(line) < 0) parts.push(line);
      });
    });
  }
  return parts.join('；') || fallback || '';
}

// The problem's Chinese detail or title, else the fallback: for answers whose field errors say nothing more.
function chineseOr(body, fallback) {
  return (body && (chinese(body.detail) || chinese(body.title))) || fallback;
}

// Seconds to wait from Retry-After (delta seconds or an HTTP date); null when absent or unreadable.
function retryAfterSeconds(headers, now) {
  const value = header(headers, 'Retry-After');
  if (value === undefined || value === null || value === '') return null;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Math.max(1, parseInt(text, 10));
  const at = Date.parse(text);
  return isNaN(at) ? null : Math.max(1, Math.ceil((at - (now || Date.now())) / 1000));
}

// {title, message, next, retryAfter} for an API answer or a network failure. `context` picks the wording of the
// next step: 'punch' (queued punches are sent again by themselves), 'photo', or anything else.
function describe(result, context) {
  const punch = context === 'punch';
  if (!result || result.network) {
    return {
      title: '网络不可用',
      message: '没有连上考勤服务',
      next: punch ? '打卡已保存在本机，联网后自动发送。' : '请检查网络后重试。',
      retryAfter: null,
    };
  }
  const status = result.status;
  const body = result.body;
  const retryAfter = retryAfterSeconds(result.headers);
  switch (status) {
    case 400:
      return { title: '提交的内容有误', message: problemText(body, '请求格式不正确'), next: '请检查后重新提交。', retryAfter };
    case 401:
      return { title: '登录已过期', message: chinese(body && body.detail) || '需要重新登录', next: '请重新打开小程序；未发送的打卡会保留。', retryAfter };
    case 403:
      return { title: '没有权限', message: chineseOr(body, '您无权进行此操作'), next: '如有疑问请联系人事或管理员。', retryAfter };
    case 404:
      return { title: '未找到', message: chineseOr(body, '要找的记录不存在'), next: '请刷新后重试。', retryAfter };
    case 409:
      return { title: '已处理过', message: problemText(body, '该操作与已有记录冲突'), next: '请刷新查看最新状态。', retryAfter };
    case 413:
      return { title: '照片太大', message: chineseOr(body, '照片超过了允许的大小'), next: '请重新打卡并拍照（照片会自动压缩）。', retryAfter };
    case 415:
      return { title: '照片无法识别', message: chineseOr(body, '只接受相机拍摄的 JPEG 或 PNG 照片'), next: '请重新打卡，用相机拍照。', retryAfter };
    case 422:
      return { title: '未通过', message: problemText(body, '申请未通过'), next: '请按提示修改后重新提交。', retryAfter };
    case 429: {
      const wait = retryAfter || 60;
      return {
        title: '操作过于频繁',
        message: '服务器要求等待 ' + wait + ' 秒',
        next: punch ? '打卡已保存在本机，' + wait + ' 秒后自动重新发送。' : '请 ' + wait + ' 秒后再试。',
        retryAfter: wait,
      };
    }
    case 502:
      return { title: '暂时无法连接企业微信', message: chineseOr(body, '考勤服务联系不上企业微信'), next: '请稍后重试。', retryAfter };
    case 503:
      return {
        title: '服务暂时不可用',
        message: chineseOr(body, '考勤服务正在维护或繁忙'),
        next: punch ? '打卡已保存在本机，稍后自动重新发送。' : '请稍后重试。',
        retryAfter,
      };
    default:
      if (status >= 500) {
        return { title: '服务器出错', message: '错误代码 ' + status, next: punch ? '打卡已保存在本机，稍后自动重新发送。' : '请稍后重试。', retryAfter };
      }
      return { title: '请求失败', message: problemText(body, '错误代码 ' + status), next: '请稍后重试。', retryAfter };
  }
}

// Answers worth sending again unchanged: no answer, a timeout, rate limits, the server's own failures, and 401
// (once a new sign-in works). Every other 4xx will never succeed with the same body.
function transient(result) {
  if (!result || result.network) return true;
  const s = result.status;
  return s === 401 || s === 408 || s === 425 || s === 429 || s >= 500;
}

module.exports = { describe, problemText, retryAfterSeconds, transient, fieldName };
