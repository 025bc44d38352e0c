// 隐私授权: location and face consent, each granted or withdrawn with one button, as on the H5 page. Every answer
// is recorded by the server with its time and notice version.
const consents = require('../../utils/consents');
const { describe } = require('../../utils/errors');

const UNKNOWN = { state: '加载中…', used: false, button: '', grant: true, noticeVersion: '' };

Component({
  data: {
    location: UNKNOWN,
    face: UNKNOWN,
    requiredByCompany: false,
    saving: '',
    error: '',
  },

  methods: {
    onShow() {
      return Promise.all(consents.KINDS.map((kind) => this.load(kind)));
    },

    async load(kind) {
      let r;
      try {
        r = await consents.load(kind);
      } catch (e) {
        this.setData({ [kind]: Object.assign({}, UNKNOWN, { state: e.network ? '离线，联网后显示' : e.message }) });
        return;
      }
      if (r.ok) this.render(kind, r.body);
      else this.setData({ [kind]: Object.assign({}, UNKNOWN, { state: '暂时无法读取' }) });
    },

    render(kind, body) {
      const change = { [kind]: consents.view(kind, body) };
      if (kind === 'location') change.requiredByCompany = Boolean(body.requiredByCompany);
      this.setData(change);
    },

    async onToggle(e) {
      const kind = e.currentTarget.dataset.kind;
      if (this.data.saving) return;
      const granted = this.data[kind].grant;
      this.setData({ saving: kind, error: '' });
      try {
        const r = await consents.set(kind, granted);
        if (r.ok) this.render(kind, r.body);
        else {
          const info = describe(r);
          this.setData({ error: info.title + '：' + info.message });
        }
      } catch (err) {
        this.setData({ error: err.network ? '保存失败，请检查网络后重试' : err.message });
      } finally {
        this.setData({ saving: '' });
      }
    },
  },
});
