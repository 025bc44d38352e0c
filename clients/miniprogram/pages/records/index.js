// 我的考勤: the month's days with their status, and each flagged punch with its review state and a way to explain
// it to the supervisor (once, at most 200 characters).
const api = require('../../utils/api');
const { describe } = require('../../utils/errors');
const views = require('../../utils/views');

const pad = (n) => String(n).padStart(2, '0');

function monthOf(d) {
  return d.getFullYear() + '-' + pad(d.getMonth() + 1);
}

function lastDay(month) {
  const [y, m] = month.split('-').map(Number);
  return month + '-' + pad(new Date(y, m, 0).getDate());
}

function shift(month, delta) {
  const [y, m] = month.split('-').map(Number);
  return monthOf(new Date(y, m - 1 + delta, 1));
}

// A punch a supervisor has to look at: scored `review`, whatever they decided since.
function flaggedDates(days) {
  return days.filter((d) => d.punchesInReview > 0 || (d.punches || []).some((p) => p.source !== 'correction'
    && ['review', 'approved', 'rejected'].indexOf(p.verdict) >= 0)).map((d) => d.workDate);
}

Component({
  data: {
    month: '',
    monthLabel: '',
    isCurrentMonth: true,
    loading: false,
    error: '',
    days: [],
    anomalies: 0,
    flagged: [],
    explainId: null,
    draft: '',
    draftCount: '0/200',
    explainError: '',
    maxNote: views.MAX_NOTE,
  },

  methods: {
    onLoad() {
      this.setData({ month: monthOf(new Date()) });
    },

    onShow() {
      return this.load();
    },

    onPrevMonth() {
      this.setData({ month: shift(this.data.month, -1) });
      return this.load();
    },

    onNextMonth() {
      if (this.data.isCurrentMonth) return undefined;
      this.setData({ month: shift(this.data.month, 1) });
      return this.load();
    },

    async load() {
      const month = this.data.month;
      const today = views.localDate(new Date());
      const isCurrentMonth = month === today.slice(0, 7);
      const to = isCurrentMonth ? today : lastDay(month);
      const [y, m] = month.split('-');
      this.setData({ loading: true, error: '', isCurrentMonth, monthLabel: y + '年' + Number(m) + '月' });
      let r;
      try {
        r = await api.request('/api/me/days?from=' + month + '-01&to=' + to);
      } catch (e) {
        this.setData({ loading: false, error: e.network ? '网络不可用，联网后显示' : e.message });
        return;
      }
      if (!r.ok) {
        const info = describe(r);
        this.setData({ loading: false, error: info.title + '：' + info.message });
        return;
      }
      // Newest first: this week matters more than the 1st.
      const days = r.body.slice().reverse().map((d) => ({
        workDate: d.workDate,
        weekday: views.weekday(d.workDate),
        status: d.status,
        label: d.statusLabel || d.status,
        tone: views.dayTone(d.status),
        detail: views.dayDetail(d),
      }));
      this.setData({ days, anomalies: days.filter((d) => views.CALM.indexOf(d.status) < 0).length });
      await this.loadFlagged(flaggedDates(r.body));
      this.setData({ loading: false });
    },

    async loadFlagged(dates) {
      const flagged = [];
      for (const date of dates) {
        let r;
        try {
          r = await api.request('/api/me/punches?date=' + date);
        } catch (e) {
          break;
        }
        if (!r.ok) continue;
        r.body.filter((p) => p.review).forEach((p) => flagged.push(this.flaggedView(p)));
      }
      this.setData({ flagged });
    },

    flaggedView(p) {
      const r = p.review;
      const v = views.reviewView(r);
      let outcome = '';
      if (v.state === 'rejected') outcome = '已驳回（原因：' + (r.reason || '未填写') + '）';
      else if (v.state === 'approved') outcome = r.reason ? '已通过（说明：' + r.reason + '）' : '已通过复核，按打卡时间计入考勤';
      return {
        punchId: p.punchId,
        text: p.workDate + ' ' + views.timeOf(p.serverTime) + ' ' + views.kindLabel(p.kind),
        findings: (p.findings || []).filter((f) => f.severity !== 'info').map((f) => f.message).join('；'),
        state: v.state,
        label: v.label,
        tone: v.tone,
        outcome,
        explanation: r.explanation || '',
        canExplain: v.state === 'pending' && !r.explanation,
        waiting: v.state === 'pending' && Boolean(r.explanation),
      };
    },

    onExplain(e) {
      this.setData({ explainId: e.currentTarget.dataset.punchId, draft: '', draftCount: '0/' + views.MAX_NOTE, explainError: '' });
    },

    onCancelExplain() {
      this.setData({ explainId: null, draft: '', explainError: '' });
    },

    onDraft(e) {
      const draft = e.detail.value;
      this.setData({ draft, draftCount: draft.length + '/' + views.MAX_NOTE });
    },

    async onSubmitExplain() {
      const text = this.data.draft.trim();
      if (!text) {
        this.setData({ explainError: '请填写说明' });
        return;
      }
      const id = this.data.explainId;
      let r;
      try {
        r = await api.request('/api/me/punches/' + id + '/explanation', { method: 'POST', data: { text } });
      } catch (e) {
        this.setData({ explainError: e.network ? '网络不可用，请联网后再提交说明' : e.message });
        return;
      }
      if (!r.ok) {
        const info = describe(r);
        this.setData({ explainError: info.message || info.title });
        return;
      }
      const flagged = this.data.flagged.map((f) => (f.punchId === id
        ? Object.assign({}, f, { explanation: r.body.explanation, canExplain: false, waiting: true }) : f));
      this.setData({ flagged, explainId: null, draft: '' });
    },

    // 补卡 is a tab: switchTab carries no query, so the date goes through the app.
    onCorrect(e) {
      getApp().globalData.correctionDate = e.currentTarget.dataset.date;
      wx.switchTab({ url: '/pages/correction/index' });
    },
  },
});
