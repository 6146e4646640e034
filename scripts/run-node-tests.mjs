// Runs node's built-in test runner on every *.test.ts below the given folders, or on the given
// test files (TypeScript via tsx).
// Node 20's --test does not expand globs or pick up .ts files itself, hence this small driver.
//
// No green run without tests: the run fails when it passes no test, when a test file registers
// no test (node counts such a file as one passing test), or when fewer tests pass than the
// folder's known minimum below (a deleted or renamed test file, a describe that stopped
// registering its tests, a test turned into skip or todo). Raise a minimum when you add tests;
// lower it only when tests are removed on purpose, saying why in the commit.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

/** The fewest passing tests each suite is known to have (counted where shared/data is absent too). */
export const MIN_TESTS = {
  'test/unit': 316,
  'test/property': 9,
  'test/protocol': 76,
};

function collect(dir, out) {
  if (!statSync(dir).isDirectory()) {
    if (dir.endsWith('.test.ts')) out.push(dir);
    return out;
  }
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** The counts of the TAP summary node prints last ("# pass 12" …). */
function summaryOf(tap) {
  const counts = {};
  for (const match of tap.matchAll(/^# (tests|suites|pass|fail|cancelled|skipped|todo) (\d+)$/gm)) counts[match[1]] = Number(match[2]);
  return counts;
}

const folders = process.argv.slice(2).map((folder) => normalize(folder).replace(/\/+$/, ''));
if (folders.length === 0) {
  console.error('usage: node scripts/run-node-tests.mjs <folder>...');
  process.exit(2);
}
const files = folders.flatMap((folder) => collect(folder, []));
if (files.length === 0) {
  console.error(`no *.test.ts files under ${folders.join(', ')}: no test ran`);
  process.exit(2);
}
const minimum = folders.reduce((sum, folder) => sum + (MIN_TESTS[folder] ?? 1), 0);

// The spec reporter for people, and TAP into a file for the counts.
const scratch = mkdtempSync(join(tmpdir(), 'run-node-tests-'));
const tapFile = join(scratch, 'results.tap');
let status;
let tap = '';
try {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...files],
    { stdio: 'inherit' },
  );
  status = result.status ?? 1;
  try {
    tap = readFileSync(tapFile, 'utf8');
  } catch {
    tap = '';
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const counts = summaryOf(tap);
// A file without tests shows up as a top-level passing test named by the file's path.
const given = new Set(files.map((file) => resolve(file)));
const empty = [...tap.matchAll(/^ok \d+ - (.+?)(?: #.*)?$/gm)].map((m) => m[1]).filter((name) => given.has(resolve(name)));
const passed = (counts.pass ?? 0) - empty.length;
const failed = (counts.fail ?? 0) + (counts.cancelled ?? 0);
console.log(`${passed} passed, ${failed} failed, ${(counts.skipped ?? 0) + (counts.todo ?? 0)} skipped`);
if (counts.tests === undefined) {
  console.error(`run-node-tests: the test runner printed no summary (exit ${status}): treating the run as failed`);
  process.exit(status === 0 ? 1 : status);
}
if (status !== 0) process.exit(status);
if (empty.length > 0) {
  console.error(`run-node-tests: ${empty.length} test file(s) registered no test: ${empty.join(', ')}`);
  process.exit(1);
}
if (passed === 0) {
  console.error(`run-node-tests: no test passed in ${folders.join(', ')} (${counts.tests} tests): a run without tests is not green`);
  process.exit(1);
}
if (passed < minimum) {
  console.error(
    `run-node-tests: ${passed} tests passed in ${folders.join(', ')}, fewer than the known minimum of ${minimum} (MIN_TESTS in scripts/run-node-tests.mjs): tests went missing`,
  );
  process.exit(1);
}
