// The app: sends queued punches whenever the network comes back or the mini-program comes to the front.
const queue = require('./utils/queue');
const session = require('./utils/session');

App({
  globalData: {
    // Set by 我的考勤 before it switches to the 补卡 tab (switchTab carries no query).
    correctionDate: null,
  },

  onLaunch() {
    wx.onNetworkStatusChange((res) => {
      if (res.isConnected) this.flushQueue();
    });
  },

  onShow() {
    this.flushQueue();
  },

  // Only with a session at hand: signing in is the pages' business (they show why it failed).
  flushQueue() {
    if (!session.current() || !queue.all().length) return Promise.resolve({});
    return queue.flush();
  },
});
