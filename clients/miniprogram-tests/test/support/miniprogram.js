// Runs the mini-program on a phone: app.js as the App, its pages through miniprogram-simulate (WXML compiled by the
// official wcc), with getApp() and the page lifecycle driven as the framework would drive them.
const path = require('path');
const simulate = require('miniprogram-simulate');
const env = require('./env');
const { createPhone } = require('./phone');

const ROOT = env.MINIPROGRAM_ROOT;
const config = require(path.join(ROOT, 'config.js'));

let app = null;
global.App = (definition) => { app = definition; };
global.getApp = () => app;

// The company's one setting, pointed at the host under test.
config.serverUrl = env.baseUrl();

// A new phone (its own storage, files and network) running the app.
function start(options) {
  const phone = createPhone(options);
  global.wx = phone.wx;
  require(path.join(ROOT, 'app.js'));
  app.onLaunch();
  return phone;
}

const pageIds = {};
const opened = [];

// A page left open by a failed test must not redraw into the document jest tears down after it.
function closeAll() {
  opened.splice(0).forEach((p) => p.close());
  require(path.join(ROOT, 'utils/queue')).cancelRetry();
}

afterEach(closeAll);

// A page attached to the document and loaded (onLoad); `show()` runs onShow and waits for it.
function open(name, query = {}) {
  pageIds[name] = pageIds[name] || simulate.load(path.join(ROOT, 'pages', name, 'index'), { rootPath: ROOT });
  const comp = simulate.render(pageIds[name]);
  comp.attach(document.createElement('parent-wrapper'));
  if (comp.instance.onLoad) comp.instance.onLoad(query);
  let closed = false;
  const page = {
    comp,
    instance: comp.instance,
    get data() { return comp.instance.data; },
    show: () => Promise.resolve(comp.instance.onShow && comp.instance.onShow()),
    hide: () => comp.instance.onHide && comp.instance.onHide(),
    close() {
      if (closed) return;
      closed = true;
      if (comp.instance.onUnload) comp.instance.onUnload();
      comp.detach();
    },
    // The rendered text of the first element matching selector ('' when there is none).
    text(selector) {
      const found = comp.querySelector(selector);
      return found ? found.dom.textContent.replace(/\s+/g, ' ').trim() : '';
    },
    texts(selector) {
      return comp.querySelectorAll(selector).map((c) => c.dom.textContent.replace(/\s+/g, ' ').trim());
    },
    exists: (selector) => Boolean(comp.querySelector(selector)),
    tap(selector) {
      const found = comp.querySelector(selector);
      if (!found) throw new Error('nothing to tap at ' + selector);
      found.dispatchEvent('tap');
    },
    // What a picker, input or textarea reports to its bind handler.
    input(selector, event, value) {
      const found = comp.querySelector(selector);
      if (!found) throw new Error('no field at ' + selector);
      found.dispatchEvent(event, { detail: { value } });
    },
    all: () => comp.dom.textContent.replace(/\s+/g, ' ').trim(),
  };
  opened.push(page);
  return page;
}

module.exports = { start, open, simulate, config, getApp: () => app };
