// Entry point loaded by VS Code's extension host (extensionTestsPath). The same bundle runs under
// desktop VS Code (@vscode/test-electron) and under code-server's VS Code server driven by Chromium.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

// Files run in this order (the suite is one VS Code session); files not listed follow, sorted.
const ORDER = ['activation', 'diagnostics', 'hover', 'codeActions', 'completion', 'format', 'outline',
  'syntax', 'settings', 'config', 'screenshots', 'commands'];

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 60_000, slow: 5_000 });
  if (process.env.CLAIMS_TEST_GREP) mocha.grep(process.env.CLAIMS_TEST_GREP);
  const rank = (f: string): number => {
    const i = ORDER.indexOf(f.replace(/(\.restricted)?\.test\.js$/, ''));
    return i < 0 ? ORDER.length : i;
  };
  // The runner launches VS Code once per phase (runTests.mjs): 'restricted' opens an untrusted folder
  // in Restricted Mode and runs only *.restricted.test.js; the main phase runs every other file.
  const restricted = process.env.CLAIMS_TEST_PHASE === 'restricted';
  const files = fs.readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js') && f.endsWith('.restricted.test.js') === restricted)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats;
        // The plain closing line the runners (and CI log readers) look for.
        const line = `${s?.passes ?? 0} passed, ${failures} failed, ${s?.pending ?? 0} skipped`;
        console.log(line);
        const artifacts = process.env.CLAIMS_TEST_ARTIFACTS;
        if (artifacts) {
          try { fs.writeFileSync(path.join(artifacts, 'summary.txt'), `${line}\n`); } catch { /* reported by the runner */ }
        }
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
