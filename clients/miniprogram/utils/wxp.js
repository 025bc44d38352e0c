// wx.* APIs take success/fail callbacks; the pages read better with promises. Rejections carry WeChat's own
// {errMsg, errCode} so callers can tell a refusal (auth deny, cancel) from a failure.
function call(api, options) {
  return new Promise((resolve, reject) => {
    api(Object.assign({}, options, { success: resolve, fail: reject }));
  });
}

// A response header whatever case the platform gives its name in (iOS, Android and DevTools differ).
function header(headers, name) {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : headers[key];
}

module.exports = { call, header };
