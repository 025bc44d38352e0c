// jsdom for j-component, plus Node's own fetch, FormData and Blob under their own names: the bridge to the real
// host speaks real HTTP, whatever jsdom offers.
const { TestEnvironment } = require('jest-environment-jsdom');

class MiniProgramEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.nodeHttp = { fetch, FormData, Blob };
  }
}

module.exports = MiniProgramEnvironment;
