// The one place a company configures the mini-program: the HTTPS address of its attendance service (no trailing
// slash). It must also be listed in the mini-program's request and uploadFile legal domains (docs/miniprogram.md).
module.exports = {
  serverUrl: 'https://kq.example.com',
  // wx.request / wx.uploadFile time limit; a punch without an answer stays queued and is sent again, never twice.
  requestTimeoutMs: 15000,
};
