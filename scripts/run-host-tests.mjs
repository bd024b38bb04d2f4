#!/usr/bin/env node
// Runs the extension's integration tests inside a real VS Code extension host (code-server) and
// the Playwright-driven UI tests against the same workbench. See shared/recipes/vscode-host.md.
//
//   npm run test:host                      build the VSIX, run host tests, then UI tests
//   npm run test:host -- --host-only       only the mocha suite inside the extension host
//   npm run test:host -- --ui-only         only the Playwright UI tests
//   npm run test:host -- --skip-build      reuse dist/, the VSIX and out/ from the last build
//
// Environment:
//   HOST_GREP / UI_GREP        mocha --grep for the host / UI layer
//   TEST_LAYER=host|ui|all     same as --host-only / --ui-only
//   SKIP_BUILD=1               same as --skip-build
//   HOST_TIMEOUT_MS            how long the host layer may take (default 300000)
//   KEEP_STATE=1               keep the per-run state folder (it is kept anyway on failure)
//   VERBOSE=1                  also stream code-server's own log and the whole workbench log
//   CHROMIUM_PATH              browser binary (default /usr/bin/chromium)
//   GOGS_KEY_HYGIENE_NO_KEYRING=1  no private gnome-keyring (the extension then uses SecretStorage)
//
// The last line printed is always `N passed, N failed` (both layers summed); the exit code is
// non-zero on any failure, on a timeout, or when the host never activated the extension.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = path.join(ROOT, 'test-results');
const VSIX = path.join(ROOT, 'gogs-key-hygiene.vsix');
const args = new Set(process.argv.slice(2));
const layer = args.has('--host-only') ? 'host' : args.has('--ui-only') ? 'ui' : (process.env.TEST_LAYER ?? 'all');
const runHost = layer === 'all' || layer === 'host';
const runUi = layer === 'all' || layer === 'ui';
const skipBuild = args.has('--skip-build') || process.env.SKIP_BUILD === '1';
const verbose = process.env.VERBOSE === '1';
const HOST_TIMEOUT_MS = Number(process.env.HOST_TIMEOUT_MS ?? 300_000);
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

let passed = 0;
let failed = 0;
const problems = [];
const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`[run-host-tests] ${msg}`);
function fail(msg) {
  failed += 1;
  problems.push(msg);
  console.log(`[run-host-tests] FAIL: ${msg}`);
}

let server; // code-server ChildProcess (own process group)
let stateRoot; // per-run state folder
let serverLog; // write stream of code-server's output (stateRoot/code-server.log)
let workbench; // compiled out/test/ui/workbench.js

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  return { code: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stdout: r.stdout ?? '' };
}

async function teardown() {
  await workbench?.closeBrowser().catch(() => undefined);
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
    const timer = setTimeout(() => { try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await exited;
    clearTimeout(timer);
  }
  await keyringBus?.stop().catch(() => undefined);
  if (serverLog) await new Promise((r) => serverLog.end(r));
  if (stateRoot) {
    for (const f of ['code-server.log', 'host-results.json']) {
      if (fs.existsSync(path.join(stateRoot, f))) fs.copyFileSync(path.join(stateRoot, f), path.join(RESULTS_DIR, f));
    }
    if (failed === 0 && process.env.KEEP_STATE !== '1') fs.rmSync(stateRoot, { recursive: true, force: true });
    else log(`state kept for inspection: ${stateRoot}`);
  }
}

async function finish(code) {
  await teardown();
  if (problems.length) log(`problems:\n  - ${problems.join('\n  - ')}`);
  log(`total ${secs(Date.now() - t0)}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed > 0 ? 1 : 0));
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { fail(`interrupted by ${sig}`); void finish(130); });
}

// ---------------------------------------------------------------- build
function build() {
  let t = Date.now();
  const pkg = run('npm', ['run', 'package']);
  if (pkg.code !== 0) { console.log(pkg.out); throw new Error('`npm run package` failed'); }
  const size = fs.statSync(VSIX).size;
  log(`VSIX built: ${path.basename(VSIX)}, ${(size / 1024).toFixed(1)} KB, ${secs(Date.now() - t)}`);
  t = Date.now();
  const tsc = run('npm', ['run', 'compile:tests']);
  if (tsc.code !== 0) { console.log(tsc.out); throw new Error('`npm run compile:tests` failed'); }
  log(`tests compiled in ${secs(Date.now() - t)}`);
}

// ---------------------------------------------------------------- state + server
function makeState() {
  stateRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-host-'));
  const dirs = {};
  for (const d of ['home', 'user-data', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache', 'xdg-state', 'runtime', 'tmp', 'chromium-profile', 'dev-extension']) {
    dirs[d] = path.join(stateRoot, d);
    fs.mkdirSync(dirs[d], { recursive: true, mode: 0o700 });
  }
  // The host only runs extensionTestsPath for a development extension; this one is an empty
  // stand-in with its own id, so the extension under test is the installed VSIX.
  fs.writeFileSync(path.join(dirs['dev-extension'], 'package.json'), JSON.stringify({
    name: 'gogs-key-hygiene-test-runner', publisher: 'gogs-key-hygiene-tests', version: '0.0.0',
    engines: { vscode: manifest.engines.vscode },
  }, null, 2));
  // User settings: no welcome page or walkthrough stealing focus, no telemetry, no updates.
  fs.mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs['user-data'], 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
  }, null, 2));
  return dirs;
}

/** A fresh copy of test/fixtures/workspace (or an empty folder) outside any git repository. */
function makeWorkspace(name) {
  const ws = path.join(stateRoot, name);
  const fixture = path.join(ROOT, 'test', 'fixtures', 'workspace');
  if (fs.existsSync(fixture)) fs.cpSync(fixture, ws, { recursive: true });
  else fs.mkdirSync(ws, { recursive: true });
  return ws;
}

function isolatedEnv(dirs) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k.startsWith('npm_')) continue;
    env[k] = v;
  }
  Object.assign(env, {
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs['xdg-config'],
    XDG_DATA_HOME: dirs['xdg-data'],
    XDG_CACHE_HOME: dirs['xdg-cache'],
    XDG_STATE_HOME: dirs['xdg-state'],
    XDG_RUNTIME_DIR: dirs.runtime,
    TMPDIR: dirs.tmp,
    EXTENSIONS_GALLERY: '{"serviceUrl":""}',
    // Seams for the tests running in the extension host (which inherits this environment).
    GOGS_KEY_HYGIENE_TEST: '1',
    GOGS_KEY_HYGIENE_RESULTS_DIR: RESULTS_DIR,
    GOGS_KEY_HYGIENE_HOST_RESULTS_FILE: path.join(stateRoot, 'host-results.json'),
    GOGS_KEY_HYGIENE_USER_DATA_DIR: dirs['user-data'],
    GOGS_KEY_HYGIENE_BROWSER_PROFILE_DIR: dirs['chromium-profile'],
    GOGS_KEY_HYGIENE_EXPECT_VSIX: '1',
  });
  if (process.env.HOST_GREP) env.HOST_GREP = process.env.HOST_GREP;
  return env;
}

async function startServer(bin, dirs, env) {
  serverLog = fs.createWriteStream(path.join(stateRoot, 'code-server.log'));
  const common = ['--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions];

  let t = Date.now();
  // A copy, so a concurrent `npm run package` cannot hand the server a half-written file.
  const vsix = path.join(stateRoot, path.basename(VSIX));
  fs.copyFileSync(VSIX, vsix);
  const inst = run(bin, [...common, '--install-extension', vsix], { env });
  serverLog.write(inst.out);
  if (inst.code !== 0 || !/was successfully installed/.test(inst.out)) {
    console.log(inst.out);
    throw new Error('code-server --install-extension failed');
  }
  log(`VSIX installed into the server in ${secs(Date.now() - t)}`);

  t = Date.now();
  server = spawn(bin, [
    ...common,
    '--auth', 'none', '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
  ], { cwd: dirs.home, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('code-server did not report its port within 60 s')), 60_000);
    let buf = '';
    const onData = (chunk) => {
      const s = chunk.toString();
      serverLog.write(s);
      if (verbose) process.stdout.write(s.replace(/^/gm, '[code-server] '));
      buf += s;
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(buf);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.once('exit', (code) => { clearTimeout(timer); reject(new Error(`code-server exited early (code ${code}); see test-results/code-server.log`)); });
  });
  log(`code-server ${url} up in ${secs(Date.now() - t)}`);
  return url;
}

// ---------------------------------------------------------------- host layer
async function runHostLayer(baseUrl, dirs) {
  const t = Date.now();
  const resultsFile = path.join(stateRoot, 'host-results.json');
  const remote = (p) => `vscode-remote://${new URL(baseUrl).host}${p}`;
  const ws = makeWorkspace('workspace-host');

  let onExit;
  const exited = new Promise((r) => { onExit = r; });
  const wb = await workbench.Workbench.open({
    folder: ws,
    waitForReady: false,
    payload: [
      ['extensionDevelopmentPath', remote(dirs['dev-extension'])],
      ['extensionTestsPath', remote(path.join(ROOT, 'out', 'test', 'host', 'index.js'))],
    ],
    beforeGoto: async (page) => {
      await page.exposeFunction('codeAutomationLog', (type, messages) => {
        const text = (Array.isArray(messages) ? format(...messages) : String(messages)).replace(/\x1b\[[0-9;]*m/g, '');
        // The workbench's own log is long; show what the extension host and the tests print.
        if (verbose || type === 'error' || /\[ExtensionService\]|\[Extension Host\]|\[host\]|passing|failing|pending|^\s{2,}/.test(text)) {
          for (const line of text.split('\n')) console.log(`[host:${type}] ${line}`);
        }
      });
      await page.exposeFunction('codeAutomationExit', (code) => onExit(code));
    },
  });

  let timer;
  const timeout = new Promise((r) => { timer = setTimeout(() => r('timeout'), HOST_TIMEOUT_MS); });
  const code = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (code === 'timeout') {
    const shot = path.join(RESULTS_DIR, 'host-timeout.png');
    await wb.page.screenshot({ path: shot }).catch(() => undefined);
    fail(`host tests did not finish within ${HOST_TIMEOUT_MS} ms (screenshot: ${path.relative(ROOT, shot)})`);
  }
  await wb.close();

  if (!fs.existsSync(resultsFile)) {
    if (code !== 'timeout') fail(`the extension host exited with code ${code} without writing host-results.json (tests not loaded?)`);
  } else {
    const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    log(`VS Code version seen in the host: ${r.vscodeVersion} (uiKind ${r.uiKind}, remote ${r.remoteName})`);
    passed += r.passed;
    failed += r.failed;
    for (const tst of r.tests.filter((x) => x.state === 'failed')) problems.push(`host: ${tst.title}: ${tst.error}`);
    if (r.pending) log(`host: ${r.pending} test(s) skipped (not counted as passed)`);
    if (!r.extensionActive) fail(`the host never activated ${EXTENSION_ID}`);
    if (code !== 0 && r.failed === 0 && code !== 'timeout') fail(`the extension host exited with code ${code}`);
  }
  log(`host layer done in ${secs(Date.now() - t)}`);
}

// ---------------------------------------------------------------- UI layer
async function runUiLayer() {
  const t = Date.now();
  process.env.GKH_UI_WORKSPACE = makeWorkspace('workspace-ui');
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env.UI_GREP) mocha.grep(process.env.UI_GREP);
  const uiDir = path.join(ROOT, 'out', 'test', 'ui');
  const files = fs.readdirSync(uiDir, { recursive: true }).filter((f) => f.endsWith('.test.js')).sort();
  if (files.length === 0) { fail('no UI test files under out/test/ui'); return; }
  for (const f of files) mocha.addFile(path.join(uiDir, f));
  let uiPassed = 0;
  let uiFailed = 0;
  // A screenshot of every open window after each failed test, before the suites' after hooks.
  mocha.suite.afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    for (const f of await workbench.screenshotAllPages(`ui-failure-${this.currentTest.fullTitle()}`)) {
      log(`screenshot of the failure: ${path.relative(ROOT, f)}`);
    }
  });
  await new Promise((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => { uiPassed += 1; });
    runner.on('fail', (tst, err) => { uiFailed += 1; problems.push(`ui: ${tst.fullTitle()}: ${err?.message ?? err}`); });
  });
  passed += uiPassed;
  failed += uiFailed;
  if (uiPassed + uiFailed === 0) fail('no UI test ran (check UI_GREP)');
  log(`UI layer done in ${secs(Date.now() - t)} (${uiPassed} passed, ${uiFailed} failed)`);
}

// ---------------------------------------------------------------- keyring
let keyringBus; // PrivateBus of out/test/support/privateBus.js

/**
 * A PRIVATE D-Bus session with a fresh, unlocked gnome-keyring in this run's HOME/XDG folders,
 * so the extension's OS keychain backend (keytar → libsecret → Secret Service) is real in the
 * host tests and never the developer's own keyring. Sets DBUS_SESSION_BUS_ADDRESS and
 * GOGS_KEY_HYGIENE_KEYRING_TEST=1 in `env`. GOGS_KEY_HYGIENE_NO_KEYRING=1 skips it (then
 * `auto` falls back to SecretStorage). Missing dbus-daemon/gnome-keyring-daemon: fails in CI,
 * warns elsewhere.
 */
async function startKeyring(dirs, env) {
  delete env.DBUS_SESSION_BUS_ADDRESS;
  if (process.env.GOGS_KEY_HYGIENE_NO_KEYRING === '1') { log('no keyring (GOGS_KEY_HYGIENE_NO_KEYRING=1)'); return; }
  const have = (cmd) => run('sh', ['-c', `command -v ${cmd}`]).code === 0;
  if (!have('dbus-daemon') || !have('gnome-keyring-daemon')) {
    const msg = 'dbus-daemon or gnome-keyring-daemon is missing (scripts/setup.sh installs dbus-x11 and gnome-keyring)';
    if (process.env.CI) throw new Error(msg);
    log(`WARNING: ${msg}; the host tests run without an OS keychain`);
    return;
  }
  const { startPrivateBus } = require(path.join(ROOT, 'out', 'test', 'support', 'privateBus.js'));
  const t = Date.now();
  keyringBus = await startPrivateBus('unlocked', {
    HOME: dirs.home, XDG_CONFIG_HOME: dirs['xdg-config'], XDG_DATA_HOME: dirs['xdg-data'],
    XDG_CACHE_HOME: dirs['xdg-cache'], XDG_RUNTIME_DIR: dirs.runtime,
  });
  env.DBUS_SESSION_BUS_ADDRESS = keyringBus.env.DBUS_SESSION_BUS_ADDRESS;
  env.GOGS_KEY_HYGIENE_KEYRING_TEST = '1';
  log(`private D-Bus session with an unlocked gnome-keyring up in ${secs(Date.now() - t)}`);
}

// ---------------------------------------------------------------- main
async function main() {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  if (skipBuild) log('skipping the build (--skip-build)');
  else build();
  if (!fs.existsSync(VSIX)) throw new Error(`${path.relative(ROOT, VSIX)} is missing; run without --skip-build`);

  const t = Date.now();
  const inst = run('bash', [path.join(ROOT, 'scripts', 'install-code-server.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (inst.code !== 0) throw new Error('scripts/install-code-server.sh failed');
  const bin = inst.stdout.trim().split('\n').pop();
  const dirs = makeState();
  const env = isolatedEnv(dirs);
  await startKeyring(dirs, env);
  const version = run(bin, ['--version'], { env });
  log(`code-server ready in ${secs(Date.now() - t)}: ${version.stdout.trim().split('\n').pop()}`);
  const baseUrl = await startServer(bin, dirs, env);

  // The browser (and the UI tests, which run in this process) get the same isolation.
  Object.assign(process.env, env, {
    GKH_UI_BASE_URL: baseUrl,
    GKH_RESULTS_DIR: RESULTS_DIR,
    GKH_BROWSER_PROFILE_DIR: dirs['chromium-profile'],
  });
  workbench = require(path.join(ROOT, 'out', 'test', 'ui', 'workbench.js'));

  if (runHost) await runHostLayer(baseUrl, dirs);
  if (runUi) await runUiLayer();
}

main().then(() => finish(), (err) => { fail((verbose ? err?.stack : err?.message) ?? String(err)); return finish(); });
