// The pages' WXML (compiled by the official wcc) rendered with data as the pages set it: every state's Chinese
// text, without the network.
const mp = require('./support/miniprogram');

let phone;

beforeAll(() => {
  phone = mp.start({ userId: 'mp-login' });
});

afterAll(() => phone.dispose());

test('打卡 shows the shift, the offline banner, each verdict and the queued punches', () => {
  const page = mp.open('punch');
  page.instance.setData({
    online: false,
    who: '王芳（wangfang）',
    shift: { name: '标准班', times: '09:00–18:00', window: '07:00–22:00' },
    answer: {
      tone: 'warn', code: 'location_exception', verdict: '打卡成功（地点异常）', message: '上班打卡成功 08:52',
      distance: '杭州办公室：距离 599 米', next: '已记为地点异常：如确在岗，请向主管说明，或提交补卡申请。', findings: ['不在打卡范围内，距离杭州办公室 599 米'],
    },
    punches: [
      { key: 'p1', text: '08:52 上班', tag: '打卡成功（地点异常）', tone: 'warn', queued: false },
      { key: 'q1', text: '12:01 打卡（含照片）', tag: '待发送', tone: 'queued', queued: true },
    ],
    queuedCount: 1,
  });
  expect(page.text('#net')).toBe('网络已断开：打卡会先保存在本机，联网后自动发送');
  expect(page.text('#who')).toBe('王芳（wangfang）');
  expect(page.text('#today')).toBe('今日班次标准班上下班09:00–18:00可打卡时段07:00–22:00');
  expect(page.text('#punch')).toBe('打卡');
  expect(page.text('#answer-verdict')).toBe('打卡成功（地点异常）');
  expect(page.text('#answer-distance')).toBe('杭州办公室：距离 599 米');
  expect(page.texts('#answer .finding')).toEqual(['· 不在打卡范围内，距离杭州办公室 599 米']);
  expect(page.texts('#punches .list-item')).toEqual(['08:52 上班打卡成功（地点异常）', '12:01 打卡（含照片）待发送']);
  expect(page.all()).toContain('今日打卡（1 条待发送）');

  page.instance.setData({ online: true, punching: true, answer: null, punches: [], queuedCount: 0, login: { message: '登录码无效或已过期', next: '请重新打开小程序。' } });
  expect(page.exists('#net')).toBe(false);
  expect(page.exists('#answer')).toBe(false);
  expect(page.text('#punch')).toBe('打卡中…');
  expect(page.text('#punches')).toBe('暂无打卡记录');
  expect(page.text('#login')).toBe('未登录登录码无效或已过期请重新打开小程序。重新登录');
});

test('我的考勤 shows days, and flagged punches in each review state', () => {
  const page = mp.open('records');
  page.instance.setData({
    monthLabel: '2026年12月',
    days: [
      { workDate: '2026-12-03', weekday: '周四', status: 'late', label: '迟到', tone: 'bad', detail: '上班 09:12，迟到 12 分钟' },
      { workDate: '2026-12-02', weekday: '周三', status: 'normal', label: '正常', tone: 'ok', detail: '上班 08:55，下班 18:02' },
    ],
    anomalies: 1,
    flagged: [
      { punchId: 1, text: '2026-12-03 09:12 上班', findings: '定位精度为 0，疑似模拟定位', state: 'pending', label: '待复核', tone: 'warn', outcome: '', explanation: '', canExplain: true, waiting: false },
      { punchId: 2, text: '2026-12-02 08:55 上班', findings: '', state: 'rejected', label: '已驳回', tone: 'bad', outcome: '已驳回（原因：不在公司）', explanation: '在路上', canExplain: false, waiting: false },
      { punchId: 3, text: '2026-12-01 18:02 下班', findings: '', state: 'approved', label: '已通过', tone: 'ok', outcome: '已通过复核，按打卡时间计入考勤', explanation: '', canExplain: false, waiting: false },
    ],
  });
  expect(page.text('#month')).toBe('2026年12月');
  expect(page.texts('#days .day')).toEqual(['2026-12-03 周四上班 09:12，迟到 12 分钟迟到补卡', '2026-12-02 周三上班 08:55，下班 18:02正常']);
  expect(page.all()).toContain('每日考勤（1 天需关注）');
  const flags = page.texts('#flagged .flag');
  expect(flags[0]).toBe('2026-12-03 09:12 上班待复核定位精度为 0，疑似模拟定位说明情况');
  expect(flags[1]).toBe('2026-12-02 08:55 上班已驳回已驳回（原因：不在公司）我的说明：在路上');
  expect(flags[2]).toBe('2026-12-01 18:02 下班已通过已通过复核，按打卡时间计入考勤');

  page.instance.setData({ explainId: 1, draftCount: '0/200' });
  expect(page.exists('.explain-text')).toBe(true);
  expect(page.text('.explain')).toBe('0/200取消提交说明');
  page.instance.setData({ days: [], flagged: [], anomalies: 0 });
  expect(page.text('#flagged')).toBe('待复核的打卡没有需要复核的打卡');
  expect(page.text('#days')).toBe('每日考勤本月暂无考勤记录');
});

test('补卡 shows the allowance, the form and the requests', () => {
  const page = mp.open('correction');
  page.instance.setData({
    date: '2026-12-03',
    allowance: { monthlyLimit: 3, used: 3, remaining: 0, maxDaysBack: 7 },
    allowanceText: '本月可补卡 3 次，已用 3 次，剩余 0 次；只能补最近 7 天内的卡',
    requests: [{ id: 7, text: '2026-12-03 上班 08:55', reason: '忘记打卡', label: '待审批', tone: 'warn', state: 'pending' }],
    result: { tone: 'bad', text: '补卡申请未通过：本月补卡次数已用完（每月最多 3 次）', next: '请按提示修改后重新提交。' },
  });
  expect(page.text('#allowance')).toBe('补卡额度本月可补卡 3 次，已用 3 次，剩余 0 次；只能补最近 7 天内的卡');
  expect(page.text('#date')).toBe('2026-12-03');
  expect(page.text('#kind')).toBe('上班');
  expect(page.text('#submit')).toBe('提交补卡');
  expect(page.text('#result')).toBe('补卡申请未通过：本月补卡次数已用完（每月最多 3 次）');
  expect(page.texts('#requests .list-item')).toEqual(['2026-12-03 上班 08:55忘记打卡待审批']);
  page.instance.setData({ kindIndex: 1, requests: [] });
  expect(page.text('#kind')).toBe('下班');
  expect(page.text('#requests')).toBe('我的补卡申请暂无补卡申请');
});

test('隐私授权 shows both consents with their buttons and the notice', () => {
  const page = mp.open('privacy');
  expect(page.text('#consent-location-state')).toBe('加载中…');
  page.instance.setData({
    location: { state: '已撤回', used: false, button: '授权', grant: true, noticeVersion: '2026-11' },
    face: { state: '已授权', used: true, button: '撤回授权', grant: false, noticeVersion: '' },
    requiredByCompany: true,
    error: '保存失败，请检查网络后重试',
  });
  expect(page.text('#consent-location-state')).toBe('已撤回');
  expect(page.text('#consent-location')).toBe('授权');
  expect(page.text('#consent-face-state')).toBe('已授权');
  expect(page.text('#consent-face')).toBe('撤回授权');
  expect(page.text('#consent-error')).toBe('保存失败，请检查网络后重试');
  expect(page.all()).toContain('贵公司要求授权位置信息后才会使用定位打卡。');
  expect(page.all()).toContain('告知版本：2026-11');
});
