#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's vscodeExecutablePath:
//   VSCODE_EXECUTABLE_PATH=test/integration/code-server-as-vscode.mjs npm run test:integration
// It accepts the command line test-electron builds for desktop VS Code
//   <workspace> [--flags...] --extensionTestsPath=X --extensionDevelopmentPath=Y --user-data-dir=Z ...
// and runs those tests in code-server + headless Chromium instead (codeServerHost.mjs). It proves
// the desktop code path (runTests.mjs → test-electron → "VS Code") on a machine without a desktop build.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTestsInCodeServer } from './codeServerHost.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TAKES_VALUE = new Set(['--user-data-dir', '--extensions-dir', '--locale', '--log', '--folder-uri', '--file-uri']);
const opts = { dev: [], tests: undefined, workspace: undefined, userDataDir: undefined };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const flag = a.startsWith('--') ? a.split('=')[0] : undefined;
  const inline = flag && a.includes('=') ? a.slice(a.indexOf('=') + 1) : undefined;
  const value = () => inline ?? argv[++i];
  if (flag === '--extensionDevelopmentPath') opts.dev.push(value());
  else if (flag === '--extensionTestsPath') opts.tests = value();
  else if (flag === '--user-data-dir') opts.userDataDir = value();
  else if (flag && inline === undefined && TAKES_VALUE.has(flag)) i++; // skip its separate value
  else if (!flag && opts.workspace === undefined) opts.workspace = a;
  // other desktop-only flags (--no-sandbox, --disable-gpu, --disable-extensions, ...) do not apply;
  // --disable-workspace-trust is read below
}
if (!opts.tests || opts.dev.length !== 1 || !opts.workspace) {
  console.error(`code-server-as-vscode: need one --extensionDevelopmentPath, --extensionTestsPath and a workspace; got ${JSON.stringify(opts)}`);
  process.exit(2);
}
// runTests.mjs puts user-data in its private run folder: reuse that folder (settings.json is there).
const runDir = opts.userDataDir ? path.dirname(path.resolve(opts.userDataDir)) : fs.mkdtempSync('/tmp/cci-');
const csDir = process.env.CODE_SERVER_DIR || path.join(root, '.vscode-test', 'code-server');
const { code } = await runTestsInCodeServer({
  codeServerBin: path.join(csDir, 'node_modules', '.bin', 'code-server'),
  chromiumPath: process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium',
  extensionDevelopmentPath: opts.dev[0],
  extensionTestsPath: opts.tests,
  workspacePath: opts.workspace,
  runDir,
  artifactsDir: process.env.TEST_ARTIFACTS_DIR || path.join(root, '.vscode-test', 'artifacts'),
  timeoutMs: Number(process.env.VSCODE_TEST_TIMEOUT_MS || 480_000),
  pidFile: process.env.HOST_PIDFILE,
  // test-electron always passes --disable-workspace-trust; runTests.mjs's Restricted Mode phase does not.
  workspaceTrust: !argv.includes('--disable-workspace-trust'),
});
process.exit(code);
