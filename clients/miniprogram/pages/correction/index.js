// 补卡: the request form (date, 上班/下班, time, reason) with the month's allowance shown, and the requests so far.
const api = require('../../utils/api');
const { describe } = require('../../utils/errors');
const views = require('../../utils/views');

const KINDS = [{ value: 'in', label: '上班' }, { value: 'out', label: '下班' }];

function allowanceText(a) {
  return '本月可补卡 ' + a.monthlyLimit + ' 次，已用 ' + a.used + ' 次，剩余 ' + a.remaining + ' 次；只能补最近 ' + a.maxDaysBack + ' 天内的卡';
}

Component({
  data: {
    date: '',
    today: '',
    earliest: '',
    kindIndex: 0,
    kinds: KINDS.map((k) => k.label),
    time: '09:00',
    reason: '',
    allowance: null,
    allowanceText: '加载中…',
    submitting: false,
    result: null,
    requests: [],
  },

  methods: {
    onLoad() {
      const today = views.localDate(new Date());
      this.setData({ today, date: today });
    },

    onShow() {
      // 我的考勤 hands over the day to correct (a tab switch carries no query).
      const app = typeof getApp === 'function' ? getApp() : null;
      if (app && app.globalData && app.globalData.correctionDate) {
        this.setData({ date: app.globalData.correctionDate, result: null });
        app.globalData.correctionDate = null;
      }
      return Promise.all([this.loadAllowance(), this.loadRequests()]);
    },

    async loadAllowance() {
      let r;
      try {
        r = await api.request('/api/me/corrections/allowance?month=' + this.data.date.slice(0, 7));
      } catch (e) {
        this.setData({ allowanceText: e.network ? '离线，联网后显示' : e.message });
        return;
      }
      if (r.ok) {
        this.setData({ allowance: r.body, allowanceText: allowanceText(r.body), earliest: r.body.earliestDate });
      } else {
        this.setData({ allowanceText: '暂时无法读取' });
      }
    },

    async loadRequests() {
      let r;
      try {
        r = await api.request('/api/me/corrections');
      } catch (e) {
        return;
      }
      if (r.ok) this.setData({ requests: r.body.slice(0, 10).map(views.correctionView) });
    },

    onDate(e) {
      const monthChanged = e.detail.value.slice(0, 7) !== this.data.date.slice(0, 7);
      this.setData({ date: e.detail.value });
      return monthChanged ? this.loadAllowance() : undefined;
    },

    onKind(e) {
      this.setData({ kindIndex: Number(e.detail.value) });
    },

    onTime(e) {
      this.setData({ time: e.detail.value });
    },

    onReason(e) {
      this.setData({ reason: e.detail.value });
    },

    async onSubmit() {
      if (this.data.submitting) return;
      const body = { date: this.data.date, kind: KINDS[this.data.kindIndex].value, time: this.data.time, reason: this.data.reason.trim() };
      if (!body.reason) {
        this.setData({ result: { tone: 'bad', text: '请填写补卡原因' } });
        return;
      }
      this.setData({ submitting: true, result: null });
      try {
        let r;
        try {
          r = await api.request('/api/me/corrections', { method: 'POST', data: body });
        } catch (e) {
          this.setData({ result: { tone: 'bad', text: e.network ? '网络不可用，请联网后再提交补卡' : e.message } });
          return;
        }
        if (r.ok) {
          this.setData({
            result: { tone: 'ok', text: '已提交 ' + body.date + ' ' + views.kindLabel(body.kind) + ' ' + body.time + ' 的补卡申请，等待审批' },
            reason: '',
          });
          await Promise.all([this.loadAllowance(), this.loadRequests()]);
        } else {
          const info = describe(r);
          this.setData({ result: { tone: 'bad', text: info.message || info.title, next: info.next } });
        }
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
