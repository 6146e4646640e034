// One large .claim file checked in pieces on worker threads (split.ts, pool.ts), as a user runs
// the CLI (the built dist/cli.js from a temporary folder): every format prints, byte for byte,
// what the run in the main thread prints, with the same exit status. CLAIMCHECK_SPLIT_BYTES
// lowers the size a file is split at (2 MB) so that a small file is cut into many pieces, with
// duplicate claim ids and disable comments at the cuts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { claimFileText, monthOfClaims } from '../bench/claims';
import { CLI, tempFolder } from '../helpers/cli';
import { splitClaimText } from '../../server/src/cli/split';

/** The size the CLI is told to split files at; its pieces are then about this size too (run.ts splitFile). */
const SPLIT_BYTES = 3000;

function run(args: string[], cwd: string, env: Record<string, string>, node: string[] = []) {
  assert.ok(existsSync(CLI), 'dist/cli.js is built (npm run build)');
  const clean = { ...process.env };
  for (const name of ['CI', 'CLAIMCHECK_WORKERS', 'CLAIMCHECK_PROGRESS_DELAY_MS', 'CLAIMCHECK_SPLIT_BYTES']) delete clean[name];
  const result = spawnSync(process.execPath, [...node, CLI, ...args], { cwd, encoding: 'utf8', env: { ...clean, ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const inPieces = { CLAIMCHECK_WORKERS: '2', CLAIMCHECK_SPLIT_BYTES: String(SPLIT_BYTES) };
const whole = { CLAIMCHECK_WORKERS: '0' };

/** A claim of 400 lines, mostly notes (a finding per line would make JSON's fix gate slow: it re-checks the claim per finding). */
const HUGE_CLAIM = ['claim HUGE-1 payer=medicare dos=2025-01-15 dx=C91.00', '  J9039     units=28  dose=28mcg  vial=1x35mcg', ...Array.from({ length: 400 }, (_, i) => `  # note ${i} on the infusion`)].join('\n');

/**
 * A month of claims (with its own mistakes, duplicates and suppressions) after lines that belong
 * to no claim, then the month's first claims again (each id a repeat of one many pieces above),
 * half of them under a comment that silences the repeat, and one claim longer than a piece.
 */
function largeFile(): string {
  const month = claimFileText(monthOfClaims(3000), 3000);
  const blocks = month.split(/\n(?=claim )/);
  const repeats = blocks.slice(0, 40).map((block, i) => (i % 2 === 0 ? `# claims-disable-next-line duplicate-claim-id\n${block}` : block));
  return ['  96413     units=1', '# before any claim', month.trimEnd(), HUGE_CLAIM, ...repeats, blocks[1]].join('\n') + '\n';
}

test('the test file is cut where it should be: repeats of ids from other pieces, disable comments at cuts, a claim longer than a piece', () => {
  const text = largeFile();
  const pieces = splitClaimText(text, SPLIT_BYTES);
  assert.ok(pieces.length > 20, `${pieces.length} pieces`);
  assert.ok(pieces.filter((p) => p.idsUsedBefore.size > 0).length > 5, 'ids first used in an earlier piece');
  assert.ok(pieces.some((p) => p.text.startsWith('# claims-disable-next-line')), 'a piece that starts with a disable comment');
  assert.ok(pieces.some((p) => p.text.includes(HUGE_CLAIM)), 'the claim longer than a piece is not cut');
  assert.equal(pieces.map((p) => p.text).join(''), text);
  const noHeader = '  J9039     units=28\n'.repeat(2000);
  assert.deepEqual(splitClaimText(noHeader, SPLIT_BYTES).map((p) => p.text), [noHeader], 'no header: one piece');
});

test('large files (LF; CRLF with a BOM; lone CR) checked in pieces print what the main thread prints, in every format', () => {
  const text = largeFile();
  const dir = tempFolder({ 'month-lf.claim': text, 'month-crlf.claim': '\uFEFF' + text.replace(/\n/g, '\r\n'), 'month-cr.claim': text.replace(/\n/g, '\r') });
  for (const args of [['.'], ['--format', 'json', '.'], ['--format', 'sarif', '.']]) {
    const expected = run(args, dir, whole);
    assert.equal(expected.code, 1, expected.stderr);
    assert.deepEqual(run(args, dir, inPieces), expected, args.join(' '));
  }
  const printed = run(['month-cr.claim'], dir, whole).stdout;
  assert.match(printed, /duplicate-claim-id claim id CLM-[\d-]+ is already used on line \d+/);
  assert.match(printed, /^month-cr\.claim:1:3 error line-outside-claim /, 'the line before any claim');
});

test('in pieces: --max-warnings, a clean file, and a folder with an unreadable large file exit and count as in the main thread', () => {
  const clean = ['claim CLM-1 payer=commercial dos=2025-01-16 dx=C34.90 auth=PA-1', '  J9173-JZ  units=150 dose=1500mg vial=3x500mg', ''].join('\n');
  const warningsOnly = Array.from({ length: 300 }, (_, i) => clean.replace('CLM-1', `CLM-${i % 150}`)).join('\n');
  const dir = tempFolder({
    'a/month.claim': largeFile(),
    'b/binary.claim': Buffer.concat([Buffer.from(largeFile()), Buffer.from([0])]),
    'c/clean.claim': clean,
    'd/warnings.claim': warningsOnly,
  });
  for (const args of [['.'], ['--format', 'json', '.'], ['--max-warnings', '3', 'd'], ['--max-warnings', '3000', 'd'], ['--format', 'sarif', 'c', 'd']]) {
    const expected = run(args, dir, whole);
    assert.deepEqual(run(args, dir, inPieces), expected, args.join(' '));
  }
  assert.match(run(['.'], dir, whole).stderr, /cannot read b\/binary\.claim/);
  const limited = run(['--max-warnings', '3', 'd'], dir, inPieces);
  assert.equal(limited.code, 1);
  assert.match(limited.stderr, /too many warnings \(\d+; --max-warnings 3\)/);
});

test('one file of CLAIMCHECK_SPLIT_BYTES or more is checked on worker threads too; a smaller one, or with --fix, in the main thread alone', () => {
  const dir = tempFolder({ 'month.claim': largeFile() });
  // A module preloaded in every thread (workers inherit the node options) notes each worker.
  const started = join(dir, 'workers.txt');
  writeFileSync(join(dir, 'note.js'), `if (!require('worker_threads').isMainThread) require('fs').appendFileSync(${JSON.stringify(started)}, 'worker\\n');\n`);
  const workersStarted = (env: Record<string, string>, args = ['month.claim']) => {
    writeFileSync(started, '');
    run(args, dir, env, ['-r', join(dir, 'note.js')]);
    return readFileSync(started, 'utf8').split('\n').filter(Boolean).length;
  };
  assert.equal(workersStarted(inPieces), 1, 'with 2 threads: the main thread and one worker');
  assert.equal(workersStarted({ CLAIMCHECK_WORKERS: '3', CLAIMCHECK_SPLIT_BYTES: String(SPLIT_BYTES) }), 2);
  assert.equal(workersStarted({ CLAIMCHECK_WORKERS: '2', CLAIMCHECK_SPLIT_BYTES: String(largeFile().length + 1) }), 0);
  assert.equal(workersStarted(inPieces, ['--fix', 'month.claim']), 0);
  assert.equal(workersStarted({ CLAIMCHECK_WORKERS: '1', CLAIMCHECK_SPLIT_BYTES: String(SPLIT_BYTES) }), 0, 'one thread: no pieces');
});
