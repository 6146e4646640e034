// Runs the integration suite inside a real VS Code without downloading one: the VS Code 1.100
// server + web workbench from the `code-server` npm package, opened in Debian's Chromium (headless)
// through playwright-core.
//
// Flow: start code-server on 127.0.0.1:<free port> -> open the workbench with a `payload` query that
// sets extensionDevelopmentPath / extensionTestsPath -> the (remote, Node) extension host loads the
// extension and runs dist/test/integration/suite/index.js (mocha) -> the workbench forwards the
// extension host's console output to window.codeAutomationLog and its exit code to
// window.codeAutomationExit, both exposed here by Playwright.
//
// The driver also serves the suite's UI requests (the extension host cannot see the workbench): a
// test logs   [[CLAIMS_DRIVER {"id":"...","action":"screenshot"|"lineTokens",...}]]   and waits for
// $CLAIMS_DRIVER_DIR/<id>.json, written here with the result.
//
// Every child process is started here, its PID recorded, and killed by that PID (process group).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

const DRIVER_RE = /\[\[CLAIMS_DRIVER (\{.*\})\]\]/;
const SUMMARY_RE = /^(\d+) passed, (\d+) failed, (\d+) skipped$/;
// Benign workbench start-up chatter the automation logger also forwards (CLAIMS_TEST_VERBOSE=1 shows it).
const NOISE = [/^Resolv(ing|ed) connection token/, /^Creating a socket/, /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/, /^\[Service Worker\]/, /^ChatSessionStore:/, /^Started local extension host/,
  /^\[(Extension Host|LocalProcess)\]/];

const T0 = Date.now();
const log = (...a) => console.log(`[code-server-host +${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

async function waitForHttp(url, timeoutMs, isAlive) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error('code-server exited before it became ready');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch { /* not up yet */ }
    await sleep(250);
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms`);
}

/** Live (non-zombie) members of process group `pgid`, from /proc; null if /proc is unusable. */
function liveGroupMembers(pgid) {
  try {
    const live = [];
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      let stat;
      try { stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8'); } catch { continue; }
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // [state, ppid, pgrp, ...]
      if (Number(f[2]) === pgid && f[0] !== 'Z') live.push(Number(d));
    }
    return live;
  } catch { return null; }
}

/** Kills the process group led by `pid` (spawned with detached:true, so pgid === pid). */
async function killGroup(pid, label) {
  if (!pid) return;
  const alive = () => {
    const live = liveGroupMembers(pid); // zombies linger when we are PID 1's child in a namespace
    if (live) return live.length > 0;
    try { process.kill(-pid, 0); return true; } catch { return false; }
  };
  if (!alive()) return;
  try { process.kill(-pid, 'SIGTERM'); } catch { /* gone */ }
  for (let i = 0; i < 50 && alive(); i++) await sleep(100);
  if (alive()) {
    log(`${label} (pgid ${pid}) ignored SIGTERM, sending SIGKILL`);
    try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
    for (let i = 0; i < 30 && alive(); i++) await sleep(100);
  }
}

/** The driver's UI actions, run in the workbench page on behalf of a test. */
function makeActions(page, artifactsDir) {
  let misses = 0;
  const waitVisible = async (req) => {
    if (!req.waitFor) return true;
    try {
      let loc = page.locator(req.waitFor);
      if (req.hasText) loc = loc.filter({ hasText: req.hasText });
      await loc.first().waitFor({ state: 'visible', timeout: req.timeoutMs ?? 10_000 });
      await sleep(req.settleMs ?? 400); // let the widget finish rendering (fade-in)
      return true;
    } catch (e) {
      const miss = path.join(artifactsDir, `driver-miss-${++misses}.png`);
      log(`${req.waitFor}${req.hasText ? ` with "${req.hasText}"` : ''} not visible (${e.message.split('\n')[0]}); see ${miss}`);
      await page.screenshot({ path: miss }).catch(() => {});
      return false;
    }
  };
  return {
    async screenshot(req) {
      const name = String(req.name ?? 'screenshot').replace(/[^\w.-]/g, '_');
      if (req.moveMouseTo) await page.mouse.move(req.moveMouseTo[0], req.moveMouseTo[1]);
      const visible = await waitVisible(req);
      const file = path.join(artifactsDir, `${name}.png`);
      await page.screenshot({ path: file });
      log(`screenshot ${file}${visible ? '' : ' (awaited element not visible)'}`);
      if (req.pressAfter) await page.keyboard.press(req.pressAfter);
      return { file, visible };
    },
    // The rendered spans (and their colours) of the first visible editor line containing `text`.
    async lineTokens(req) {
      const deadline = Date.now() + (req.timeoutMs ?? 15_000);
      for (;;) {
        const spans = await page.evaluate((text) => {
          const lines = [...document.querySelectorAll('.monaco-editor .view-lines .view-line')]
            .filter((l) => l.offsetParent !== null && (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(text));
          if (!lines.length) return null;
          return [...lines[0].querySelectorAll(':scope > span > span')].map((s) => ({
            text: (s.textContent ?? '').replace(/\u00a0/g, ' '),
            className: s.className,
            color: getComputedStyle(s).color,
          }));
        }, req.text);
        if (spans || Date.now() > deadline) return { spans: spans ?? [] };
        await sleep(200);
      }
    },
    // The "Developer: Inspect Editor Tokens and Scopes" widget, once it shows a token containing `token`:
    // { token: 'J9039', scopes: innermost first, text }.
    async tmScopes(req) {
      const deadline = Date.now() + (req.timeoutMs ?? 10_000);
      let last = null;
      for (;;) {
        last = await page.evaluate(() => {
          const widget = document.querySelector('.token-inspect-widget');
          if (!widget) return null;
          const rows = {};
          for (const tr of widget.querySelectorAll('tr')) {
            const key = tr.querySelector('.tiw-metadata-key')?.textContent?.trim();
            const value = tr.querySelector('.tiw-metadata-value');
            if (key && value && !(key in rows)) rows[key] = value.innerText;
          }
          const tokenEl = widget.querySelector('.tiw-token');
          const lengthText = tokenEl?.querySelector('.tiw-token-length')?.textContent ?? '';
          const token = tokenEl ? (tokenEl.textContent ?? '').replace(lengthText, '').trim() : (rows['textmate token'] ?? '');
          return { token, scopes: (rows['textmate scopes'] ?? '').split('\n').map((x) => x.trim()).filter(Boolean), text: widget.innerText };
        });
        if (last && last.token.includes(req.token)) return last;
        if (Date.now() > deadline) {
          await page.screenshot({ path: path.join(artifactsDir, `driver-miss-${++misses}.png`) }).catch(() => {});
          return { token: last?.token ?? '', scopes: last?.scopes ?? [], text: last?.text ?? '(no widget)' };
        }
        await sleep(150);
      }
    },
    // innerText of the first visible element matching `selector` (containing `hasText`).
    async text(req) {
      const visible = await waitVisible({ waitFor: req.selector, hasText: req.hasText, settleMs: 200 });
      let loc = page.locator(req.selector);
      if (req.hasText) loc = loc.filter({ hasText: req.hasText });
      const text = visible ? await loc.first().innerText({ timeout: 5_000 }) : '';
      return { text, visible };
    },
    async press(req) {
      await page.keyboard.press(req.key);
      return {};
    },
    // Clicks the first visible element matching `selector` (containing `hasText`), as a user would.
    async click(req) {
      const visible = await waitVisible({ waitFor: req.selector, hasText: req.hasText, settleMs: 200, timeoutMs: req.timeoutMs });
      if (!visible) return { clicked: false };
      let loc = page.locator(req.selector);
      if (req.hasText) loc = loc.filter({ hasText: req.hasText });
      await loc.first().click({ timeout: 5_000 });
      return { clicked: true };
    },
  };
}

/**
 * @param {object} o
 * @param {string} o.codeServerBin              path to node_modules/.bin/code-server
 * @param {string} o.extensionDevelopmentPath
 * @param {string} o.extensionTestsPath         absolute path of the bundled mocha entry (index.js)
 * @param {string} o.workspacePath              folder to open
 * @param {string} o.runDir                     private, short, writable folder (removed by the caller)
 * @param {string} o.artifactsDir               screenshots, logs, summary.txt
 * @param {string} [o.chromiumPath]             default /usr/lib/chromium/chromium (Debian "chromium")
 * @param {number} [o.timeoutMs]                hard limit for the whole test run
 * @param {Record<string,string>} [o.extensionHostEnv] extra env (code-server passes it to the extension host)
 * @param {string} [o.pidFile]                  where to record code-server's PID (for the caller's cleanup)
 * @param {boolean} [o.workspaceTrust]          leave Workspace Trust on (default off: --disable-workspace-trust);
 *                                              with it on, a folder nobody trusted opens in Restricted Mode
 * @returns {Promise<{code:number, summary?:string}>}
 */
export async function runTestsInCodeServer(o) {
  const artifactsDir = path.resolve(o.artifactsDir);
  fs.mkdirSync(artifactsDir, { recursive: true });
  const runDir = o.runDir;
  const driverDir = path.join(runDir, 'driver');
  fs.mkdirSync(driverDir, { recursive: true });
  const userData = path.join(runDir, 'user-data');
  const serverLogPath = path.join(artifactsDir, 'code-server.log');
  const timeoutMs = o.timeoutMs ?? 480_000;

  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const base = `http://${authority}`;

  let server; let browser; let exitCode = 1; let summary; let cleanupPromise;
  const cleanup = () => (cleanupPromise ??= (async () => {
    if (browser) { try { await Promise.race([browser.close(), sleep(10_000)]); } catch { /* ignore */ } }
    if (server) await killGroup(server.pid, 'code-server');
    if (o.pidFile) fs.rmSync(o.pidFile, { force: true });
    // Keep VS Code's own logs (extension host, the language client's output channel, ...).
    const keep = path.join(artifactsDir, 'vscode-logs');
    fs.rmSync(keep, { recursive: true, force: true });
    if (fs.existsSync(path.join(userData, 'logs'))) fs.cpSync(path.join(userData, 'logs'), keep, { recursive: true });
  })());
  const onSignal = (sig) => { log(`got ${sig}, cleaning up`); cleanup().finally(() => process.exit(130)); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // 1. code-server on loopback only, with fresh state folders.
    const serverLog = fs.openSync(serverLogPath, 'w');
    server = spawn(o.codeServerBin, [
      '--auth', 'none', '--bind-addr', authority,
      '--disable-telemetry', '--disable-update-check',
      // Workspace Trust is per server process (the workbench gets enableWorkspaceTrust from it).
      ...(o.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override', '--disable-file-downloads', '--disable-proxy',
      '--ignore-last-opened',
      '--user-data-dir', userData,
      '--extensions-dir', path.join(runDir, 'extensions'),
      '--config', path.join(runDir, 'config.yaml'),
    ], {
      detached: true, // own process group: the server and everything it forks die by its PID
      stdio: ['ignore', serverLog, serverLog],
      env: {
        ...process.env,
        ...o.extensionHostEnv,
        CLAIMS_DRIVER_DIR: driverDir,
        EXTENSIONS_GALLERY: '{}', // no extension gallery (default: open-vsx.org)
        XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
        XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
        TMPDIR: runDir, // extension-host IPC sockets land here: keep the path short (108-byte limit)
      },
    });
    fs.closeSync(serverLog);
    if (o.pidFile && server.pid) fs.writeFileSync(o.pidFile, String(server.pid));
    log(`code-server pid ${server.pid} on ${base}${o.workspaceTrust ? ', Workspace Trust on' : ''} (log: ${serverLogPath})`);
    let serverExited = false;
    server.on('exit', (code, sig) => { serverExited = true; log(`code-server exited (${code ?? sig})`); });
    await waitForHttp(`${base}/healthz`, 60_000, () => !serverExited);
    log('code-server ready');

    // 2. Headless Chromium from Debian, driven by playwright-core (no browser download).
    browser = await chromium.launch({
      executablePath: o.chromiumPath ?? '/usr/lib/chromium/chromium',
      headless: true,
      timeout: 60_000,
      args: [
        '--no-sandbox', // root
        '--disable-gpu', '--disable-dev-shm-usage',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-quic', '--no-first-run', '--no-default-browser-check', '--disable-domain-reliability',
        '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication',
      ],
    });
    log(`chromium ${browser.version()} launched`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();

    // The page may only talk to our loopback server.
    const blocked = new Set();
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.protocol === 'data:' || u.protocol === 'blob:' || u.host === authority) return route.continue();
      blocked.add(u.origin);
      return route.abort();
    });

    const actions = makeActions(page, artifactsDir);
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    const serve = async (req) => {
      const id = String(req.id ?? '').replace(/[^\w.-]/g, '_');
      let result;
      try {
        const fn = actions[req.action];
        if (!fn) throw new Error(`unknown driver action ${req.action}`);
        result = { ok: true, ...(await fn(req)) };
      } catch (e) {
        result = { ok: false, error: String(e?.message ?? e) };
        log(`driver ${req.action} failed: ${result.error}`);
      }
      fs.writeFileSync(path.join(driverDir, `${id}.json.tmp`), JSON.stringify(result));
      fs.renameSync(path.join(driverDir, `${id}.json.tmp`), path.join(driverDir, `${id}.json`));
    };

    await page.exposeFunction('codeAutomationLog', async (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      const m = DRIVER_RE.exec(text);
      if (m) {
        try { await serve(JSON.parse(m[1])); } catch (e) { log(`bad driver request: ${e.message}`); }
        return;
      }
      if (process.env.CLAIMS_TEST_VERBOSE || !NOISE.some((re) => re.test(text))) {
        (type === 'error' ? console.error : console.log)(text);
      }
      const sm = SUMMARY_RE.exec(text.trim());
      if (sm) summary = { line: text.trim(), failed: Number(sm[2]) };
    });
    await page.exposeFunction('codeAutomationExit', async (code) => { resolveExit(code); });
    page.on('pageerror', (e) => console.error(`[browser pageerror] ${e.message}`));
    page.on('crash', () => { console.error('[browser] page crashed'); resolveExit(3); });

    const remote = (p) => `vscode-remote://${authority}${path.resolve(p)}`;
    const payload = [
      ['extensionDevelopmentPath', remote(o.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(o.extensionTestsPath)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const url = `${base}/?folder=${encodeURIComponent(path.resolve(o.workspacePath))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    log('opening the workbench; the extension host runs the suite');
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    let timer;
    const timedOut = new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); });
    const result = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      log(`the suite did not finish within ${timeoutMs} ms`);
      await page.screenshot({ path: path.join(artifactsDir, 'timeout.png') }).catch(() => {});
      exitCode = 124;
    } else {
      log(`extension host exited with ${JSON.stringify(result)}`);
      exitCode = Number.isInteger(result) ? result : 1;
    }
    if (blocked.size) log(`blocked non-loopback requests from the page: ${[...blocked].join(', ')}`);
  } catch (e) {
    if (!cleanupPromise) console.error(`[code-server-host] ${e.stack ?? e}`);
    exitCode = 1;
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (exitCode !== 0) {
    try {
      const tail = fs.readFileSync(serverLogPath, 'utf8').split('\n').slice(-30).join('\n');
      console.error(`[code-server-host] last lines of ${serverLogPath}:\n${tail}`);
    } catch { /* no log */ }
  }
  return { code: exitCode, summary: summary?.line };
}
