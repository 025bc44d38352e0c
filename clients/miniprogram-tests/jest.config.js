// The mini-program's tests: its pages in miniprogram-simulate (j-component on jsdom, WXML compiled by the official
// wcc), with wx.* stood in for and wx.request / wx.uploadFile bridged to the real host the harness started
// (tests/MiniProgram.Tests, or MP_BASE_URL and friends set by hand; see docs/miniprogram.md).
module.exports = {
  testEnvironment: '<rootDir>/test/support/environment.js',
  testMatch: ['<rootDir>/test/**/*.test.js'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  // Two cores on the machines this runs on, shared with the host under test.
  maxWorkers: 2,
  testTimeout: 60000,
  // The rate-limit test waits out the server's real one-minute window.
  slowTestThreshold: 90,
};
