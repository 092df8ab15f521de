// Loads the bundled Electron main process (argv[2]) with a fake `electron` module, opens the
// station behind it and prints one JSON line of what the window and its IPC saw.
const Module = require('node:module');
const [, , mainBundle, appRoot, dbPath] = process.argv;
const listeners = {};
const out = {};
const fake = {
  app: {
    getAppPath: () => appRoot,
    getPath: () => appRoot,
    isPackaged: false,
    enableSandbox() {},
    requestSingleInstanceLock: () => true,
    quit() {},
    on(name, f) {
      listeners[name] = f;
    },
    whenReady: () => Promise.resolve(),
  },
  protocol: { registerSchemesAsPrivileged() {}, handle: (scheme, h) => (fake.serve = h) },
  session: { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, setDevicePermissionHandler() {} } },
  // One handler per channel, as Electron keeps them: the API calls and the live-feed binding.
  ipcMain: { handle: (channel, h) => (fake.handlers[channel] = h) },
  handlers: {},
  Menu: { setApplicationMenu() {}, buildFromTemplate: (t) => t },
  BrowserWindow: class {
    constructor(options) {
      out.webPreferences = options.webPreferences;
      this.webContents = { send() {}, isDestroyed: () => false };
    }
    once() {}
    on() {}
    async loadURL(url) {
      const page = await fake.serve(new Request(url));
      out.url = url;
      out.status = page.status;
      out.csp = page.headers.get('content-security-policy');
      const own = { senderFrame: { url } };
      const call = fake.handlers['batchline:call'];
      const live = fake.handlers['batchline:live-session'];
      out.channels = Object.keys(fake.handlers).sort();
      out.info = await call(own, { method: 'station.info', input: {}, sessionId: null });
      out.login = await call(own, { method: 'auth.login', input: { username: 'op.li', password: 'Batchline-demo-1' }, sessionId: null });
      out.foreign = await call({ senderFrame: { url: 'https://evil.example/' } }, { method: 'station.info', input: {}, sessionId: null });
      out.liveBound = await live(own, { sessionId: out.login.ok ? out.login.value.sessionId : null });
      out.liveForeign = await live({ senderFrame: { url: 'https://evil.example/' } }, { sessionId: null });
      process.stdout.write(JSON.stringify(out) + '\n');
      listeners['will-quit']();
      setTimeout(() => process.exit(0), 300);
    }
  },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'electron' ? fake : load.call(this, request, ...rest);
};
process.argv = [process.argv[0], appRoot, '--db', dbPath];
require(mainBundle);
