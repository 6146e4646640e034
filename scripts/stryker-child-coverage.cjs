// Mutation testing only (stryker.config.mjs, cli scope): carries the coverage of child processes
// back to the test process. The CLI tests run dist/cli.js in child processes, whose instrumented
// code records which mutants it reached in its own global; without this, Stryker would see no
// coverage and report every CLI mutant as "no coverage".
//
// In the test process (preloaded before Stryker's TAP hook): sets NODE_OPTIONS so that every
// child node process preloads this file too, and at exit merges what the children wrote into
// this process's coverage, which the hook then reports. In a child: writes its coverage at exit.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const DIR_VAR = 'CLAIMCHECK_STRYKER_CHILD_COVERAGE';
const namespace = () => globalThis[process.env.STRYKER_NAMESPACE ?? '__stryker__'];

if (process.env[DIR_VAR]) {
  // A child: report what it reached.
  const dir = process.env[DIR_VAR];
  process.on('exit', () => {
    const coverage = namespace()?.mutantCoverage;
    if (!coverage) return;
    try {
      fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(coverage), { mode: 0o666 });
    } catch {
      // A child that cannot write (another user, a full disk) only loses coverage, not results.
    }
  });
} else {
  // The test process.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stryker-child-coverage-'));
  fs.chmodSync(dir, 0o1777); // children may run as another user (cli.test.ts runs one as nobody)
  process.env[DIR_VAR] = dir;
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${__filename}`.trim();
  process.on('exit', () => {
    const ns = namespace();
    for (const name of fs.readdirSync(dir)) {
      try {
        const child = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
        if (ns) {
          ns.mutantCoverage ??= { static: {}, perTest: {} };
          for (const source of [child.static ?? {}, ...Object.values(child.perTest ?? {})]) {
            for (const [id, hits] of Object.entries(source)) ns.mutantCoverage.static[id] = (ns.mutantCoverage.static[id] ?? 0) + hits;
          }
        }
      } catch {
        // a half-written file: skip it
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
