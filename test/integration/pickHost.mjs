// Decides where the integration suite runs and prints one line:
//   "electron <path to a desktop VS Code executable>"   or   "code-server <why>"
//
// Desktop VS Code (through @vscode/test-electron) is used when
//   - VSCODE_EXECUTABLE_PATH is set (nothing is downloaded), or
//   - a desktop build is already in .vscode-test/ (test-electron's cache), or
//   - Microsoft's update service answers within a few seconds: then it is downloaded.
// Anything else (no internet, a failed download) falls back to code-server quickly.
// VSCODE_TEST_HOST=electron|code-server forces the choice.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VSCODE_VERSION = process.env.VSCODE_VERSION || '1.100.3';
const PROBE_MS = Number(process.env.VSCODE_DOWNLOAD_PROBE_MS || 4000);
const DOWNLOAD_MS = Number(process.env.VSCODE_DOWNLOAD_TIMEOUT_MS || 300_000);
const forced = process.env.VSCODE_TEST_HOST;

function out(line) { process.stdout.write(`${line}\n`); process.exit(0); }
function note(msg) { process.stderr.write(`[pickHost] ${msg}\n`); }

if (forced && forced !== 'electron' && forced !== 'code-server') {
  note(`unknown VSCODE_TEST_HOST=${forced}`);
  process.exit(2);
}
if (forced === 'code-server') out('code-server (VSCODE_TEST_HOST)');

if (process.env.VSCODE_EXECUTABLE_PATH) {
  if (!fs.existsSync(process.env.VSCODE_EXECUTABLE_PATH)) {
    note(`VSCODE_EXECUTABLE_PATH=${process.env.VSCODE_EXECUTABLE_PATH} does not exist`);
    process.exit(2);
  }
  out(`electron ${path.resolve(process.env.VSCODE_EXECUTABLE_PATH)}`);
}

// A desktop build test-electron downloaded earlier (its default cache folder is .vscode-test/).
const cached = path.join(root, '.vscode-test', `vscode-${process.platform === 'linux' ? 'linux-x64' : process.platform}-${VSCODE_VERSION}`);
const cachedExe = path.join(cached, process.platform === 'linux' ? 'code' : 'Code');
if (fs.existsSync(cachedExe)) out(`electron ${cachedExe}`);

// Reachability probe: short, so an offline machine falls back at once.
let reachable = false;
try {
  const res = await fetch('https://update.code.visualstudio.com/api/releases/stable', {
    signal: AbortSignal.timeout(PROBE_MS),
  });
  reachable = res.ok;
} catch (e) {
  note(`desktop VS Code not downloadable (${e?.cause?.code ?? e?.name ?? e}); using code-server`);
}
if (!reachable) {
  if (forced === 'electron') { note('VSCODE_TEST_HOST=electron but no desktop VS Code is available'); process.exit(2); }
  out('code-server (no desktop VS Code: VSCODE_EXECUTABLE_PATH unset and the download service is unreachable)');
}

try {
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  const exe = await Promise.race([
    downloadAndUnzipVSCode({ version: VSCODE_VERSION, cachePath: path.join(root, '.vscode-test') }),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`download took over ${DOWNLOAD_MS} ms`)), DOWNLOAD_MS).unref()),
  ]);
  out(`electron ${exe}`);
} catch (e) {
  if (forced === 'electron') { note(`download failed: ${e?.message ?? e}`); process.exit(2); }
  note(`desktop VS Code download failed (${e?.message ?? e}); using code-server`);
  out('code-server (desktop VS Code download failed)');
}
