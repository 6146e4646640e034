// StrykerJS configuration for `npm run mutate` (scripts/mutate.mjs), which runs one scope at a
// time: MUTATE_SCOPE picks the files to mutate and the test files that can kill their mutants.
// Not part of CI: a full run takes hours on two cores. See docs/testing.md.
//
// Test runner: @stryker-mutator/tap-runner runs each test file as `node -r <hook> --import tsx
// <file>`; node's test runner prints TAP when its output is not a terminal, and the hook reports
// which mutants each file reached ("perTest" coverage is per test file here).
// The CLI is tested through the built dist/cli.js in child processes (test/unit/cli*.test.ts):
// `buildCommand` bundles the instrumented sources into dist/, and a child inherits the active
// mutant through __STRYKER_ACTIVE_MUTANT__. Its coverage would not reach the runner (the TAP
// runner reports coverage even with coverageAnalysis "off", so every CLI mutant would be "no
// coverage"): scripts/stryker-child-coverage.cjs, preloaded before the runner's hook, carries the
// children's coverage back to the test process.

const SCOPES = {
  arithmetic: { mutate: ['server/src/engine/arithmetic.ts', 'server/src/engine/values.ts'] },
  rules: { mutate: ['server/src/engine/rules/**/*.ts'] },
  parser: { mutate: ['server/src/engine/parser.ts'] },
  features: { mutate: ['server/src/engine/features/**/*.ts'] },
  'engine-other': {
    mutate: [
      'server/src/engine/**/*.ts',
      '!server/src/engine/arithmetic.ts',
      '!server/src/engine/values.ts',
      '!server/src/engine/rules/**',
      '!server/src/engine/parser.ts',
      '!server/src/engine/features/**',
    ],
  },
  cli: {
    mutate: ['server/src/cli/**/*.ts'],
    testFiles: ['test/unit/cli*.test.ts'],
    nodeArgs: ['-r', './scripts/stryker-child-coverage.cjs', '-r', '{{hookFile}}', '--import', 'tsx'],
  },
};

const scope = process.env.MUTATE_SCOPE ?? 'arithmetic';
const chosen = SCOPES[scope];
if (!chosen) throw new Error(`MUTATE_SCOPE=${scope}: expected one of ${Object.keys(SCOPES).join(', ')}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // MUTATE_FILES narrows a scope to some files or line ranges, e.g. server/src/cli/run.ts:155-219.
  mutate: process.env.MUTATE_FILES ? process.env.MUTATE_FILES.split(',') : chosen.mutate,
  testRunner: 'tap',
  tap: {
    // The CLI test files reach the engine only in child processes, whose coverage is not seen:
    // they cannot kill an engine mutant under perTest coverage, so engine scopes leave them out.
    testFiles: chosen.testFiles ?? ['test/unit/!(cli*).test.ts'],
    nodeArgs: chosen.nodeArgs ?? ['--import', 'tsx'],
    forceBail: true,
  },
  coverageAnalysis: chosen.coverageAnalysis ?? 'perTest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Builds dist/ from the instrumented sources. The sandbox folder is private (0700) and
  // cli.test.ts runs dist/cli.js as nobody when root, so this also opens it for reading.
  // (Stryker runs the command without a shell: no && here.)
  buildCommand: 'node scripts/mutate.mjs --build-sandbox',
  // Two cores shared with other work: one test process at a time.
  concurrency: 1,
  timeoutMS: 20000,
  timeoutFactor: 2,
  ignorePatterns: ['.vscode-test', 'dist', 'reports', '*.vsix', '.scratch', 'tmp'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${scope}.html` },
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 85, low: 70, break: null },
};
