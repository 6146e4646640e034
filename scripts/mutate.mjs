// Mutation testing with StrykerJS, one scope at a time (see stryker.config.mjs, docs/testing.md).
//
//   npm run mutate                       arithmetic, rules, parser and cli (the scopes with a goal)
//   npm run mutate -- rules cli          only those scopes
//   npm run mutate -- all                every scope, the editor features and the rest of the engine too
//   npm run mutate -- --summary          only print the table from the last reports
//
// Each scope writes reports/mutation/<scope>.html and .json; the table at the end gives each
// scope's score, (killed + timed out) ÷ (killed + timed out + survived + no coverage), and lists
// the survivors. Not in CI: with one test process at a time it takes well over an hour.
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const GOAL_SCOPES = ['arithmetic', 'rules', 'parser', 'cli'];
const ALL_SCOPES = [...GOAL_SCOPES, 'features', 'engine-other'];
const GOAL = 85;

const args = process.argv.slice(2);

// Stryker's buildCommand, run inside its sandbox: build, then let other users read the sandbox
// (the CLI tests run dist/cli.js as nobody), following no symlink (node_modules is one).
if (args[0] === '--build-sandbox') {
  const build = spawnSync(process.execPath, [join('scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const open = (path) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    chmodSync(path, stat.mode | (stat.isDirectory() || stat.mode & 0o100 ? 0o055 : 0o044));
    if (stat.isDirectory()) for (const name of readdirSync(path)) open(join(path, name));
  };
  open('.');
  process.exit(0);
}
const summaryOnly = args.includes('--summary');
const named = args.filter((a) => !a.startsWith('--'));
const scopes = named.length === 0 ? GOAL_SCOPES : named.includes('all') ? ALL_SCOPES : named;
for (const scope of scopes) {
  if (!ALL_SCOPES.includes(scope)) {
    console.error(`mutate: unknown scope '${scope}'; expected ${ALL_SCOPES.join(', ')} or all`);
    process.exit(2);
  }
}

let failed = false;
if (!summaryOnly) {
  for (const scope of scopes) {
    console.log(`\n=== mutation testing: ${scope} ===`);
    const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', 'stryker.config.mjs'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, MUTATE_SCOPE: scope },
    });
    if (result.status !== 0) {
      console.error(`mutate: stryker failed for ${scope} (exit ${result.status})`);
      failed = true;
    }
  }
}

const DETECTED = ['Killed', 'Timeout'];
const UNDETECTED = ['Survived', 'NoCoverage'];
console.log('\nscope         mutants  killed  timeout  survived  no-cov  invalid   score');
for (const scope of scopes) {
  const file = join(ROOT, 'reports', 'mutation', `${scope}.json`);
  if (!existsSync(file)) {
    console.log(`${scope.padEnd(13)} (no report)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const count = (status) => Object.values(report.files).reduce((n, f) => n + f.mutants.filter((m) => m.status === status).length, 0);
  const detected = DETECTED.reduce((n, s) => n + count(s), 0);
  const undetected = UNDETECTED.reduce((n, s) => n + count(s), 0);
  const total = Object.values(report.files).reduce((n, f) => n + f.mutants.length, 0);
  const score = detected + undetected === 0 ? NaN : (100 * detected) / (detected + undetected);
  const mark = GOAL_SCOPES.includes(scope) ? (score >= GOAL ? '' : `  (goal ${GOAL}%)`) : '';
  console.log(
    `${scope.padEnd(13)} ${String(total).padStart(7)} ${String(count('Killed')).padStart(7)} ${String(count('Timeout')).padStart(8)} ${String(count('Survived')).padStart(9)} ${String(count('NoCoverage')).padStart(7)} ${String(count('CompileError') + count('RuntimeError')).padStart(8)} ${score.toFixed(2).padStart(7)}%${mark}`,
  );
  for (const [path, f] of Object.entries(report.files)) {
    for (const m of f.mutants.filter((x) => UNDETECTED.includes(x.status))) {
      console.log(`    ${m.status.padEnd(10)} ${path}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}${m.replacement !== undefined ? ` → ${JSON.stringify(m.replacement).slice(0, 80)}` : ''}`);
    }
  }
}
process.exit(failed ? 1 : 0);
