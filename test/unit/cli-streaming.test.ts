// The CLI on large inputs, as a user runs it (the built dist/cli.js in a child process, from
// temporary folders): a folder spread over worker threads prints what checking each file alone
// prints, in the same order; a large file is checked block by block in bounded memory; the
// progress line shows on a terminal only (not piped, not in CI) and leaves nothing behind.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { syntheticClaims } from '../bench/bench';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLES = join(ROOT, 'examples');

const scratchDirs: string[] = [];
after(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'claimcheck-stream-'));
  scratchDirs.push(dir);
  return dir;
}

/** The environment of a plain run: no CI, no worker or progress settings from the caller's shell. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['CI', 'CLAIMCHECK_WORKERS', 'CLAIMCHECK_PROGRESS_DELAY_MS', 'CLAIMCHECK_SPLIT_BYTES']) delete env[name];
  return { ...env, ...extra };
}

function run(args: string[], cwd: string, env: Record<string, string> = {}, node: string[] = []) {
  assert.ok(existsSync(CLI), 'dist/cli.js is built (npm run build)');
  const result = spawnSync(process.execPath, [...node, CLI, ...args], { cwd, encoding: 'utf8', env: environment(env), timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A folder of claim files of different sizes and kinds, in sub-folders, one of them unreadable. */
function folderOfClaims(): { dir: string; files: string[] } {
  const dir = scratch();
  const files: string[] = [];
  const add = (name: string, content: string | Buffer) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
    files.push(name);
  };
  add('a-big.claim', syntheticClaims(3000));
  add('b/clean.claim', readFileSync(join(EXAMPLES, 'clean.claim')));
  add('b/mistakes.claim', readFileSync(join(EXAMPLES, 'mistakes.claim')));
  add('c-binary.claim', Buffer.from([0x63, 0x6c, 0x00, 0xff]));
  add('d-empty.claim', '');
  add('e-crlf.claim', syntheticClaims(800).replace(/\n/g, '\r\n'));
  add('g-duplicates.claim', syntheticClaims(400) + syntheticClaims(400));
  add('h-small.claim', syntheticClaims(57));
  return { dir, files };
}

test('a folder checked in worker threads prints what each file alone prints, in the same order', () => {
  const { dir, files } = folderOfClaims();
  const workers = run(['.'], dir, { CLAIMCHECK_WORKERS: '3' });
  const here = run(['.'], dir, { CLAIMCHECK_WORKERS: '0' });
  assert.equal(workers.code, 2, 'the binary file is unreadable: exit 2');
  assert.deepEqual(workers, here, 'worker threads and the main thread print the same, byte for byte');
  assert.match(workers.stderr, /^claimcheck: cannot read c-binary\.claim: not a text file/m);
  assert.match(workers.stderr, /7 files checked: /);

  // File by file, in the walk's order (sorted, sub-folders in place). The clean, empty and
  // unreadable files print nothing on stdout.
  let alone = '';
  for (const file of files.filter((f) => !/clean|binary|empty/.test(f))) alone += run([file], dir).stdout;
  assert.equal(workers.stdout, alone);
  const order = [...new Set(workers.stdout.split('\n').filter(Boolean).map((l) => l.slice(0, l.indexOf(':'))))];
  assert.deepEqual(order, ['a-big.claim', 'b/mistakes.claim', 'e-crlf.claim', 'g-duplicates.claim', 'h-small.claim']);
  assert.match(workers.stdout, /^g-duplicates\.claim:\d+:\d+ \w+ duplicate-claim-id /m, 'a file-level rule still sees the whole file');

  // JSON (collected, one document) is the same with and without workers too.
  const json = run(['--format', 'json', '.'], dir, { CLAIMCHECK_WORKERS: '2' });
  assert.equal(json.stdout, run(['--format', 'json', '.'], dir, { CLAIMCHECK_WORKERS: '0' }).stdout);
  assert.deepEqual(
    (JSON.parse(json.stdout) as { files: { file: string }[] }).files.map((f) => f.file),
    files.filter((f) => f !== 'c-binary.claim'),
  );
});

test('--fix in worker threads rewrites the files as the main thread does', () => {
  const twoRuns = [scratch(), scratch()];
  for (const dir of twoRuns) {
    for (let i = 0; i < 4; i++) copyFileSync(join(EXAMPLES, 'mistakes.claim'), join(dir, `m${i}.claim`));
    copyFileSync(join(EXAMPLES, 'clean.claim'), join(dir, 'clean.claim'));
  }
  const workers = run(['--fix', '.'], twoRuns[0], { CLAIMCHECK_WORKERS: '2' });
  const here = run(['--fix', '.'], twoRuns[1], { CLAIMCHECK_WORKERS: '0' });
  assert.deepEqual(workers, here);
  assert.match(workers.stderr, /5 files checked: .*, \d+ fixes applied/);
  for (const name of ['m0.claim', 'm3.claim', 'clean.claim']) {
    assert.equal(readFileSync(join(twoRuns[0], name), 'utf8'), readFileSync(join(twoRuns[1], name), 'utf8'));
  }
  assert.notEqual(readFileSync(join(twoRuns[0], 'm0.claim'), 'utf8'), readFileSync(join(EXAMPLES, 'mistakes.claim'), 'utf8'), 'the fixes were written');
});

/** Peak resident memory of a CLI run in MB: VmHWM from /proc, written at exit by a preloaded module. */
function peakOf(args: string[], cwd: string): { peakMB: number; result: ReturnType<typeof run> } {
  const preload = join(cwd, 'peak.js');
  const report = join(cwd, 'peak.txt');
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(report)}, /VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]));\n`);
  const result = run(args, cwd, {}, ['-r', preload]);
  return { peakMB: Number(readFileSync(report, 'utf8')) / 1024, result };
}

test('a 200,000-line file is checked block by block in bounded memory', { skip: !existsSync('/proc/self/status') && 'needs /proc (Linux)' }, () => {
  const dir = scratch();
  writeFileSync(join(dir, 'month.claim'), syntheticClaims(200_000));
  const { peakMB, result } = peakOf(['month.claim'], dir);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n').filter(Boolean);
  const summary = /1 file checked: 0 errors, (\d+) warnings, (\d+) infos/.exec(result.stderr);
  assert.ok(summary, result.stderr);
  assert.equal(lines.length, Number(summary[1]) + Number(summary[2]), 'every finding printed once');
  assert.ok(lines[0].startsWith('month.claim:') && lines[lines.length - 1].startsWith('month.claim:'));
  const position = (l: string) => Number(/^month\.claim:(\d+):/.exec(l)![1]);
  assert.ok(lines.every((l, i) => i === 0 || position(lines[i - 1]) <= position(l)), 'in document order');
  // Holding the file's model (as --format json does) takes about 750 MB here; streaming about 200.
  assert.ok(peakMB < 400, `peak RSS ${peakMB.toFixed(0)} MB`);
});

// ---------------------------------------------------------------------------------------------
// The progress line (shown from the start with CLAIMCHECK_PROGRESS_DELAY_MS=0, so a short run
// shows it too).

test('no progress line when stderr is piped', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'a.claim'), syntheticClaims(2000));
  copyFileSync(join(EXAMPLES, 'mistakes.claim'), join(dir, 'b.claim'));
  for (const workers of ['0', '2']) {
    const result = run(['.'], dir, { CLAIMCHECK_PROGRESS_DELAY_MS: '0', CLAIMCHECK_WORKERS: workers });
    assert.equal(result.stderr.includes('\r'), false, JSON.stringify(result.stderr));
    assert.doesNotMatch(result.stderr, /lines…/);
    assert.match(result.stderr, /^2 files checked: /);
  }
});

/** `script` (util-linux) runs a command on a pseudo-terminal and copies what it writes. */
const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));

function onTerminal(command: string, cwd: string, env: Record<string, string>): string {
  const result = spawnSync(SCRIPT!, ['-qec', command, '/dev/null'], { cwd, encoding: 'utf8', env: environment(env), timeout: 60_000 });
  assert.equal(result.error, undefined);
  return result.stdout;
}

test('on a terminal the progress line is rewritten in place and cleared at the end; not in CI', { skip: !SCRIPT && 'needs script(1)' }, () => {
  const dir = scratch();
  writeFileSync(join(dir, 'a.claim'), syntheticClaims(2000));
  copyFileSync(join(EXAMPLES, 'mistakes.claim'), join(dir, 'b.claim'));
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} . > out.txt`;
  const expected = run(['.'], dir).stdout;
  // The third run checks a.claim in pieces (on the main thread and a worker).
  const runs: Record<string, string>[] = [{ CLAIMCHECK_WORKERS: '0' }, { CLAIMCHECK_WORKERS: '2' }, { CLAIMCHECK_WORKERS: '2', CLAIMCHECK_SPLIT_BYTES: '5000' }];
  for (const threads of runs) {
    const screen = onTerminal(command, dir, { CLAIMCHECK_PROGRESS_DELAY_MS: '0', ...threads });
    assert.match(screen, /\rclaimcheck: [0-2]\/2 files, [\d,]+ lines…/, JSON.stringify(screen));
    // The last progress line is blanked out (\r, spaces, \r) before the summary.
    const last = screen.lastIndexOf('lines…');
    assert.match(screen.slice(last), /^lines…\r +\r2 files checked: /, JSON.stringify(screen.slice(last)));
    assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), expected, 'stdout is untouched');
  }
  const ci = onTerminal(command, dir, { CLAIMCHECK_PROGRESS_DELAY_MS: '0', CI: 'true' });
  assert.doesNotMatch(ci, /lines…/);
  assert.match(ci, /^2 files checked: /);
  // Without the delay setting, a run shorter than a second shows none.
  assert.doesNotMatch(onTerminal(`${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} b.claim > out.txt`, dir, {}), /lines…/);
});
