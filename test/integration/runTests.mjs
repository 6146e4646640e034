// Runs the bundled integration suite (dist/test/integration/suite/index.js) in a real VS Code.
//
//   VSCODE_TEST_HOST=electron     desktop VS Code via @vscode/test-electron, VSCODE_EXECUTABLE_PATH
//                                 (pickHost.mjs resolves a cached or downloaded build into it)
//   VSCODE_TEST_HOST=code-server  VS Code server of the code-server npm package + headless Chromium
//   unset                         electron when VSCODE_EXECUTABLE_PATH is set, else code-server
//
// Normally started by scripts/test-integration.sh, which installs, builds, isolates and cleans up.
// The fixture workspace is copied to a private run folder first: tests edit, save and change settings.
// Exit code 0 only when the suite printed 'N passed, 0 failed, N skipped' and its host exited 0.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const extensionDevelopmentPath = root;
const extensionTestsPath = path.join(root, 'dist', 'test', 'integration', 'suite', 'index.js');
const fixtureWorkspace = path.join(root, 'test', 'integration', 'fixtures', 'workspace');
const artifactsDir = path.resolve(process.env.TEST_ARTIFACTS_DIR || path.join(root, '.vscode-test', 'artifacts'));
const timeoutMs = Number(process.env.VSCODE_TEST_TIMEOUT_MS || 480_000);
const host = process.env.VSCODE_TEST_HOST || (process.env.VSCODE_EXECUTABLE_PATH ? 'electron' : 'code-server');
const SUMMARY_RE = /^(\d+) passed, (\d+) failed, (\d+) skipped$/;

for (const f of [extensionTestsPath, path.join(root, 'dist', 'extension.js'), path.join(root, 'dist', 'server.js')]) {
  if (!fs.existsSync(f)) {
    console.error(`[runTests] missing ${f}: build first (node scripts/build.mjs && node test/integration/build.mjs)`);
    process.exit(2);
  }
}
fs.mkdirSync(artifactsDir, { recursive: true });
const summaryFile = path.join(artifactsDir, 'summary.txt');
fs.rmSync(summaryFile, { force: true });

// Private run folder: short path (extension-host sockets live below it), removed at the end.
const ownRunDir = !process.env.CLAIMS_RUN_DIR;
const runDir = process.env.CLAIMS_RUN_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'cci-'));
const workspacePath = path.join(runDir, 'workspace');
fs.rmSync(workspacePath, { recursive: true, force: true });
fs.cpSync(fixtureWorkspace, workspacePath, { recursive: true });

// User settings that keep the workbench quiet and deterministic (same file layout for both hosts).
const userData = path.join(runDir, 'user-data');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'editor.hover.delay': 100,
  'editor.fontSize': 14,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'chat.commandCenter.enabled': false,
}, null, 2));

const extensionHostEnv = {
  CLAIMS_TEST_ARTIFACTS: artifactsDir,
  ...(process.env.CLAIMS_TEST_GREP ? { CLAIMS_TEST_GREP: process.env.CLAIMS_TEST_GREP } : {}),
};

let code = 1;
let summaryLine;
try {
  if (host === 'electron') {
    const { runTests } = await import('@vscode/test-electron');
    if (!process.env.VSCODE_EXECUTABLE_PATH) throw new Error('electron host needs VSCODE_EXECUTABLE_PATH (see pickHost.mjs)');
    try {
      code = await runTests({
        vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH, // spawned as is: nothing is downloaded
        extensionDevelopmentPath,
        extensionTestsPath,
        // test-electron adds --no-sandbox --disable-gpu-sandbox --disable-updates --skip-welcome
        // --skip-release-notes --disable-workspace-trust --extensionTestsPath= --extensionDevelopmentPath=
        launchArgs: [
          workspacePath,
          '--disable-extensions', // other installed extensions; the one under development still loads
          '--disable-gpu',
          `--user-data-dir=${userData}`,
          `--extensions-dir=${path.join(runDir, 'extensions')}`,
        ],
        extensionTestsEnv: extensionHostEnv,
      });
    } catch (e) {
      console.error(`[runTests] ${e?.message ?? e}`);
      code = 1;
    }
  } else if (host === 'code-server') {
    const { runTestsInCodeServer } = await import('./codeServerHost.mjs');
    const csDir = process.env.CODE_SERVER_DIR || path.join(root, '.vscode-test', 'code-server');
    const r = await runTestsInCodeServer({
      codeServerBin: path.join(csDir, 'node_modules', '.bin', 'code-server'),
      chromiumPath: process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium',
      extensionDevelopmentPath,
      extensionTestsPath,
      workspacePath,
      runDir,
      artifactsDir,
      timeoutMs,
      extensionHostEnv,
      pidFile: process.env.HOST_PIDFILE,
    });
    code = r.code;
    summaryLine = r.summary;
  } else {
    console.error(`[runTests] unknown VSCODE_TEST_HOST=${host}`);
    code = 2;
  }
} finally {
  if (ownRunDir) fs.rmSync(runDir, { recursive: true, force: true });
}

// The suite writes its summary line to summary.txt (both hosts); the code-server host also saw it
// in the log. A crashed extension host can report exit code 0: only trust a complete summary.
if (fs.existsSync(summaryFile)) summaryLine = fs.readFileSync(summaryFile, 'utf8').trim().split('\n').pop();
else if (summaryLine) fs.writeFileSync(summaryFile, `${summaryLine}\n`);
const m = summaryLine ? SUMMARY_RE.exec(summaryLine) : null;
if (!m) {
  console.error('[runTests] the suite reported no "N passed, N failed, N skipped" line (extension host crashed, or the tests never ran)');
  if (code === 0) code = 1;
} else if (Number(m[2]) > 0 && code === 0) {
  code = 1;
}
console.log(`[runTests] ${host}: exit code ${code}`);
process.exit(code);
