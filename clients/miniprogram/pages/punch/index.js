// 打卡: today's shift and punch window, one big button, the verdict with its Chinese message, today's punches
// (queued ones too). Built with Component() as the mini-program allows for pages, so the tools that test
// components (miniprogram-simulate) run it as it is.
const api = require('../../utils/api');
const consents = require('../../utils/consents');
const device = require('../../utils/device');
const ids = require('../../utils/ids');
const queue = require('../../utils/queue');
const session = require('../../utils/session');
const views = require('../../utils/views');

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const pad = (n) => String(n).padStart(2, '0');

function query(params) {
  return Object.keys(params).filter((k) => params[k] !== undefined && params[k] !== null)
    .map((k) => k + '=' + encodeURIComponent(params[k])).join('&');
}

Component({
  data: {
    clockTime: '--:--',
    clockDate: '',
    online: true,
    who: '',
    login: null,
    shift: { name: '加载中…', times: '—', window: '—' },
    dayKind: '',
    punching: false,
    step: '',
    answer: null,
    punches: [],
    queuedCount: 0,
  },

  methods: {
    onLoad() {
      this.today = null;
      // Until the server says otherwise location is used; a withdrawal stops every location read.
      this.locationUsed = true;
      this.offQueue = queue.onChange((e) => this.onQueueEvent(e));
      this.onNetwork = (res) => this.setData({ online: res.isConnected });
      wx.onNetworkStatusChange(this.onNetwork);
      wx.getNetworkType({ success: (r) => this.setData({ online: r.networkType !== 'none' }) });
    },

    onShow() {
      this.startClock();
      return this.enter();
    },

    onHide() {
      this.stopClock();
    },

    onUnload() {
      // Answers still on their way must not redraw a page that is gone.
      this.unloaded = true;
      this.stopClock();
      if (this.offQueue) this.offQueue();
      if (wx.offNetworkStatusChange) wx.offNetworkStatusChange(this.onNetwork);
    },

    startClock() {
      this.stopClock();
      this.tick();
      this.clock = setInterval(() => this.tick(), 1000);
    },

    stopClock() {
      if (this.clock) clearInterval(this.clock);
      this.clock = null;
    },

    tick() {
      const d = new Date();
      this.setData({
        clockTime: pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()),
        clockDate: d.getFullYear() + '年' + (d.getMonth() + 1) + '月' + d.getDate() + '日 ' + WEEKDAYS[d.getDay()],
      });
    },

    async enter() {
      let s;
      try {
        s = await session.ensure();
      } catch (e) {
        this.setData({ login: { message: e.message, next: e.next || '' } });
        this.renderPunches();
        return;
      }
      this.setData({ login: null, who: s.userId });
      await Promise.all([this.loadToday(), this.loadConsent()]);
      await queue.flush();
      this.renderPunches();
    },

    onRetryLogin() {
      return this.enter();
    },

    async loadToday() {
      let r = null;
      try {
        r = await api.request('/api/me/today');
      } catch (e) {
        r = null;
      }
      if (this.unloaded) return;
      if (r && r.ok) {
        this.today = r.body;
        this.setData({ who: this.today.name + '（' + this.today.userId + '）', shift: views.dayLine(this.today), dayKind: this.today.dayKind });
      } else if (!this.today) {
        this.setData({ shift: { name: r ? '暂时无法读取' : '离线，联网后显示', times: '—', window: '—' } });
      }
      this.renderPunches();
    },

    async loadConsent() {
      try {
        const r = await consents.load('location');
        if (r.ok) this.locationUsed = consents.used('location', r.body);
      } catch (e) {
        // Offline: keep what was known.
      }
    },

    renderPunches() {
      if (this.unloaded) return;
      const items = [];
      (this.today ? this.today.punches : []).forEach((p) => {
        const v = p.review ? views.reviewView(p.review) : views.verdictView(p);
        items.push({ key: 'p' + p.punchId, text: views.timeOf(p.serverTime) + ' ' + views.kindLabel(p.kind), tag: v.label, tone: v.tone, queued: false });
      });
      const waiting = queue.all();
      waiting.forEach((q) => {
        items.push({
          key: 'q' + q.clientPunchId,
          text: views.timeOf(q.punch.deviceTime) + ' ' + views.kindLabel(q.punch.kind) + (q.photoPath ? '（含照片）' : ''),
          tag: '待发送',
          tone: 'queued',
          queued: true,
        });
      });
      this.setData({ punches: items, queuedCount: waiting.length });
    },

    onQueueEvent(e) {
      if (e.type === 'change') {
        this.renderPunches();
        return;
      }
      if (e.type === 'outcome') {
        this.showOutcome(e.item, e.outcome);
        if (e.outcome.state === 'sent') this.loadToday();
      }
    },

    showOutcome(item, outcome) {
      if (this.unloaded) return;
      const at = views.timeOf(item.punch.deviceTime);
      if (outcome.state === 'sent') {
        this.setData({ answer: views.answerView(outcome.punch) });
      } else if (outcome.state === 'queued') {
        const info = outcome.info;
        this.setData({
          answer: {
            tone: 'queued', code: 'queued', verdict: '待发送',
            message: '已在 ' + at + ' 记录；' + info.title + (info.message && info.message !== info.title ? '：' + info.message : ''),
            distance: '', next: info.next, findings: [],
          },
        });
      } else {
        const info = outcome.info;
        this.setData({
          answer: {
            tone: 'bad', code: 'dropped', verdict: '打卡未被接受',
            message: info.title + (info.message ? '：' + info.message : ''),
            distance: '', next: at + ' 的这次打卡已放弃。' + info.next, findings: [],
          },
        });
      }
    },

    fail(verdict, message, next) {
      this.setData({ answer: { tone: 'bad', code: 'failed', verdict, message, distance: '', next, findings: [] } });
    },

    async onPunch() {
      if (this.data.punching) return;
      this.setData({ punching: true, answer: null });
      try {
        await this.punch();
      } catch (e) {
        this.fail('未能打卡', e.message || '出现错误', e.next || '请重试；仍不行可提交补卡申请。');
      } finally {
        this.setData({ punching: false, step: '' });
      }
    },

    async punch() {
      let fix = null;
      let locationError = null;
      if (this.locationUsed) {
        this.setData({ step: '正在定位…' });
        try {
          fix = await device.locate();
        } catch (e) {
          locationError = e;
        }
      }
      this.setData({ step: '正在读取 Wi-Fi…' });
      const network = await device.wifi();
      if (!fix && !network) {
        if (this.locationUsed) {
          this.fail('未能打卡', locationError ? locationError.message : '无法获取位置', locationError ? locationError.next : '请打开定位后重试。');
        } else {
          this.fail('未能打卡', '您未授权使用位置信息，且未连接打卡地点的 Wi-Fi', '请连接打卡地点的 Wi-Fi 后重试，或在“隐私授权”中授权位置信息。');
        }
        return;
      }

      const punch = {
        clientPunchId: ids.uuid(),
        deviceTime: views.localIso(new Date()),
        kind: 'auto',
        location: fix,
        wifi: network,
        deviceId: ids.deviceId(),
        note: null,
      };
      let photoPath = null;
      if (await this.needsPhoto(fix, network)) {
        this.setData({ step: '该地点要求拍照' });
        photoPath = await device.takePhoto(punch.clientPunchId);
        if (!photoPath) {
          this.fail('已取消', '未拍照，本次没有打卡', '该地点要求拍照打卡，请重新点击打卡并拍照。');
          return;
        }
      }

      queue.put(punch, photoPath);
      this.setData({ step: '正在提交…' });
      const outcomes = await queue.flush();
      if (!outcomes[punch.clientPunchId]) {
        // An older punch still waits (rate limit, server busy): this one goes after it, in order.
        this.setData({
          answer: {
            tone: 'queued', code: 'queued', verdict: '待发送', message: '已在 ' + views.timeOf(punch.deviceTime) + ' 记录，排在之前未发送的打卡之后',
            distance: '', next: '打卡已保存在本机，会按顺序自动发送。', findings: [],
          },
        });
      }
      this.renderPunches();
    },

    // Asks the server which site this fix belongs to; offline, a photo is taken whenever any site may want one.
    async needsPhoto(fix, network) {
      const params = {};
      if (fix) Object.assign(params, fix);
      if (network && network.bssid) params.bssid = network.bssid;
      try {
        const r = await api.request('/api/me/site-check?' + query(params));
        if (r.ok) return Boolean(r.body.requirePhoto || r.body.requireFace);
      } catch (e) {
        // Offline: fall through.
      }
      return Boolean(this.today && this.today.photoRequired);
    },
  },
});
