// Runs the bundled integration suite (dist/test/integration/suite/index.js) in a real VS Code.
//
//   VSCODE_TEST_HOST=electron     desktop VS Code via @vscode/test-electron, VSCODE_EXECUTABLE_PATH
//                                 (pickHost.mjs resolves a cached or downloaded build into it)
//   VSCODE_TEST_HOST=code-server  VS Code server of the code-server npm package + headless Chromium
//   unset                         electron when VSCODE_EXECUTABLE_PATH is set, else code-server
//
// Two launches ("phases"), one after the other, each a fresh VS Code with its own user data:
//   main        the fixture workspace fixtures/workspace/, Workspace Trust off (every other test);
//   restricted  fixtures/restricted-workspace/ with Workspace Trust ON and the folder not trusted,
//               so VS Code opens it in Restricted Mode (suite/*.restricted.test.ts only).
// Each workspace is copied to a private run folder first: tests edit, save and change settings.
// Normally started by scripts/test-integration.sh, which installs, builds, isolates and cleans up.
//
// Exit code 0 only when every phase printed 'N passed, 0 failed, N skipped', its host exited 0, at
// least one test ran, and an unfiltered run (no CLAIMS_TEST_GREP) ran at least MIN_TESTS (below).
// The combined 'N passed, N failed, N skipped' line is written to <artifacts>/summary.txt.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------------
// THE SUITE'S KNOWN SIZE. An unfiltered run in which fewer tests than this ran fails: a test file
// that no longer loads, a suite() that registers nothing or a phase that never started must not
// look green. Raise the number when you add tests (lowering it needs a reason in the commit).
// "Ran" = passed + failed; skipped tests count only on a host without the UI driver (desktop VS
// Code, where the screenshot and rendered-token tests skip by design).
const MIN_TESTS = {
  main: 40,       // suite/*.test.ts except *.restricted.test.ts
  restricted: 7,  // suite/*.restricted.test.ts
};
// ---------------------------------------------------------------------------------------------

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const extensionDevelopmentPath = root;
const extensionTestsPath = path.join(root, 'dist', 'test', 'integration', 'suite', 'index.js');
const artifactsDir = path.resolve(process.env.TEST_ARTIFACTS_DIR || path.join(root, '.vscode-test', 'artifacts'));
const timeoutMs = Number(process.env.VSCODE_TEST_TIMEOUT_MS || 480_000);
const host = process.env.VSCODE_TEST_HOST || (process.env.VSCODE_EXECUTABLE_PATH ? 'electron' : 'code-server');
const grep = process.env.CLAIMS_TEST_GREP || '';
const SUMMARY_RE = /^(\d+) passed, (\d+) failed, (\d+) skipped$/;

/** Phase name → its fixture folder, Workspace Trust, artifacts folder. */
const PHASES = [
  { name: 'main', fixture: 'workspace', workspaceTrust: false, artifacts: artifactsDir },
  { name: 'restricted', fixture: 'restricted-workspace', workspaceTrust: true, artifacts: path.join(artifactsDir, 'restricted') },
];

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

/** User settings that keep the workbench quiet and deterministic (same file layout for both hosts). */
function userSettings(workspaceTrust) {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'git.enabled': false,
    ...(workspaceTrust
      ? {
          // Trust on, and nothing trusted: the folder opens in Restricted Mode. No start-up modal
          // asking whether to trust it (a user who dismisses it lands in the same state), no banner.
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
          'security.workspace.trust.banner': 'never',
          'security.workspace.trust.untrustedFiles': 'open',
        }
      : { 'security.workspace.trust.enabled': false }),
    'editor.hover.delay': 100,
    'editor.fontSize': 14,
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',
    'chat.commandCenter.enabled': false,
  };
}

/** Desktop VS Code without test-electron (which always adds --disable-workspace-trust). */
function spawnDesktop(executable, args, env) {
  return new Promise((resolve) => {
    const child = spawn(executable, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (e) => { console.error(`[runTests] ${e.message}`); resolve(1); });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Launches one VS Code for `phase`; returns { code, summary } (summary: its closing line, if any). */
async function runPhase(phase) {
  const phaseDir = phase.name === 'main' ? runDir : path.join(runDir, phase.name);
  const workspacePath = path.join(phaseDir, 'workspace');
  fs.rmSync(workspacePath, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'test', 'integration', 'fixtures', phase.fixture), workspacePath, { recursive: true });
  const userData = path.join(phaseDir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(userSettings(phase.workspaceTrust), null, 2));
  fs.mkdirSync(phase.artifacts, { recursive: true });
  const phaseSummary = path.join(phase.artifacts, 'summary.txt');
  if (phase.name !== 'main') fs.rmSync(phaseSummary, { force: true });

  const extensionHostEnv = {
    CLAIMS_TEST_ARTIFACTS: phase.artifacts,
    CLAIMS_TEST_PHASE: phase.name,
    ...(grep ? { CLAIMS_TEST_GREP: grep } : {}),
  };
  console.log(`[runTests] phase ${phase.name}: ${phase.fixture}/, Workspace Trust ${phase.workspaceTrust ? 'on (folder not trusted)' : 'off'}`);
  let code = 1;
  let summary;
  if (host === 'electron') {
    if (!process.env.VSCODE_EXECUTABLE_PATH) throw new Error('electron host needs VSCODE_EXECUTABLE_PATH (see pickHost.mjs)');
    const launchArgs = [
      workspacePath,
      '--disable-extensions', // other installed extensions; the one under development still loads
      '--disable-gpu',
      `--user-data-dir=${userData}`,
      `--extensions-dir=${path.join(phaseDir, 'extensions')}`,
    ];
    if (!phase.workspaceTrust) {
      const { runTests } = await import('@vscode/test-electron');
      try {
        code = await runTests({
          vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH, // spawned as is: nothing is downloaded
          extensionDevelopmentPath,
          extensionTestsPath,
          // test-electron adds --no-sandbox --disable-gpu-sandbox --disable-updates --skip-welcome
          // --skip-release-notes --disable-workspace-trust --extensionTestsPath= --extensionDevelopmentPath=
          launchArgs,
          extensionTestsEnv: extensionHostEnv,
        });
      } catch (e) {
        console.error(`[runTests] ${e?.message ?? e}`);
        code = 1;
      }
    } else {
      // The same command line as test-electron's, without --disable-workspace-trust.
      code = await spawnDesktop(process.env.VSCODE_EXECUTABLE_PATH, [
        ...launchArgs,
        '--no-sandbox', '--disable-gpu-sandbox', '--disable-updates', '--skip-welcome', '--skip-release-notes',
        `--extensionTestsPath=${extensionTestsPath}`, `--extensionDevelopmentPath=${extensionDevelopmentPath}`,
      ], { ...extensionHostEnv, TEST_ARTIFACTS_DIR: phase.artifacts });
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
      runDir: phaseDir,
      artifactsDir: phase.artifacts,
      timeoutMs: phase.name === 'main' ? timeoutMs : Math.min(timeoutMs, 120_000),
      extensionHostEnv,
      pidFile: process.env.HOST_PIDFILE,
      workspaceTrust: phase.workspaceTrust,
    });
    code = r.code;
    summary = r.summary;
  } else {
    console.error(`[runTests] unknown VSCODE_TEST_HOST=${host}`);
    return { code: 2 };
  }
  // The suite writes its summary line to summary.txt (both hosts); the code-server host also saw it
  // in the log. A crashed extension host can report exit code 0: only trust a complete summary.
  if (fs.existsSync(phaseSummary)) summary = fs.readFileSync(phaseSummary, 'utf8').trim().split('\n').pop();
  return { code, summary };
}

// Tests on a host without the UI driver skip by design (desktop VS Code); the stand-in
// code-server-as-vscode.mjs has the driver.
const hostHasDriver = host === 'code-server' || /\.m?js$/.test(process.env.VSCODE_EXECUTABLE_PATH ?? '');
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
let code = 0;
try {
  for (const phase of PHASES) {
    let r;
    try {
      r = await runPhase(phase);
    } catch (e) {
      console.error(`[runTests] phase ${phase.name}: ${e?.stack ?? e}`);
      r = { code: 1 };
    }
    const m = r.summary ? SUMMARY_RE.exec(r.summary) : null;
    if (!m) {
      problems.push(`phase ${phase.name}: the suite reported no "N passed, N failed, N skipped" line (extension host crashed, or the tests never ran)`);
      totals.failed += 1; // the phase itself counts as a failure in the closing line
      if (r.code === 0) r.code = 1;
    } else {
      const [passed, failed, skipped] = [Number(m[1]), Number(m[2]), Number(m[3])];
      totals.passed += passed; totals.failed += failed; totals.skipped += skipped;
      console.log(`[runTests] phase ${phase.name}: ${r.summary} (host exit code ${r.code})`);
      if (failed > 0 && r.code === 0) r.code = 1;
      const ran = passed + failed + (hostHasDriver ? 0 : skipped);
      if (!grep && ran < MIN_TESTS[phase.name]) {
        problems.push(`phase ${phase.name}: ${ran} tests ran, fewer than the suite's known minimum of ${MIN_TESTS[phase.name]} (MIN_TESTS in test/integration/runTests.mjs)`);
        if (r.code === 0) r.code = 1;
      }
    }
    if (r.code !== 0 && code === 0) code = r.code;
  }
} finally {
  if (ownRunDir) fs.rmSync(runDir, { recursive: true, force: true });
}
if (totals.passed + totals.failed === 0) {
  problems.push(grep
    ? `no test ran: CLAIMS_TEST_GREP=${JSON.stringify(grep)} matches no test title`
    : 'no test ran');
  if (code === 0) code = 1;
}
for (const p of problems) console.error(`[runTests] ${p}`);
const combined = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
fs.writeFileSync(summaryFile, `${combined}\n`);
console.log(`[runTests] ${host}: ${combined}; exit code ${code}`);
process.exit(code);
