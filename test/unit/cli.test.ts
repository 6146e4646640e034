// The CLI as a user runs it: the built dist/cli.js in a child process (npm test builds first).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, cpSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DIAGNOSTIC_IDS } from '../../server/src/engine/types';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLES = join(ROOT, 'examples');

function run(args: string[], cwd = ROOT) {
  assert.ok(existsSync(CLI), 'dist/cli.js is built (npm run build)');
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const scratchDirs: string[] = [];
after(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'claimcheck-cli-'));
  scratchDirs.push(dir);
  return dir;
}

const LINE = /^(.+?):(\d+):(\d+) (error|warning|info|hint) ([a-z0-9-]+) (.+)$/;

test('the clean example passes with exit 0 and no output lines', () => {
  const result = run(['examples/clean.claim']);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /1 file checked: 0 errors, 0 warnings/);
  assert.equal(result.code, 0);
});

test('the mistakes example prints path:line:col severity id message and exits 1', () => {
  const result = run(['examples/mistakes.claim']);
  assert.equal(result.code, 1);
  const lines = result.stdout.trimEnd().split('\n');
  for (const line of lines) assert.match(line, LINE);
  const ids = new Set(lines.map((l) => LINE.exec(l)![5]));
  for (const id of ['units-mismatch', 'missing-jw-jz', 'lowercase-code', 'drug-code-mismatch', 'jz-with-waste', 'jw-jz-conflict', 'code-not-effective', 'dx-pointer-out-of-range', 'missing-dx', 'jw-units-mismatch', 'jw-without-administered-line']) {
    assert.ok(ids.has(id), `expected ${id} in:\n${result.stdout}`);
  }
  assert.ok(lines.includes('examples/mistakes.claim:5:19 warning units-mismatch 28 mcg of J9039 (1 unit = 1 mcg) is 28 units, not 280'), result.stdout);
});

test('a folder is searched for .claim files; exit 1 when any has an error', () => {
  const result = run(['examples']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /2 files checked/);
  assert.ok(result.stdout.split('\n').every((l) => l === '' || l.startsWith('examples/mistakes.claim:')));
});

test('bad usage and unreadable input exit 2 with a clear message', () => {
  assert.equal(run([]).code, 2);
  const format = run(['--format', 'xml', 'examples']);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /unknown format 'xml'/);
  const missing = run(['no/such/file.claim']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read no\/such\/file.claim: no such file or folder/);
  const dir = scratch();
  writeFileSync(join(dir, 'binary.claim'), Buffer.from([0x63, 0x6c, 0x00, 0xff, 0x10]));
  const binary = run([join(dir, 'binary.claim')]);
  assert.equal(binary.code, 2);
  assert.match(binary.stderr, /not a text file/);
  assert.equal(run(['--bogus', 'examples']).code, 2);
});

test('--format json lists every file with its diagnostics and fixes', () => {
  const result = run(['--format', 'json', 'examples']);
  assert.equal(result.code, 1);
  const report = JSON.parse(result.stdout) as { files: { file: string; diagnostics: { line: number; column: number; id: string; severity: string; fixes: { title: string; preferred: boolean }[] }[] }[] };
  assert.deepEqual(report.files.map((f) => f.file), ['examples/clean.claim', 'examples/mistakes.claim']);
  const units = report.files[1].diagnostics.find((d) => d.id === 'units-mismatch' && d.line === 5)!;
  assert.deepEqual(units.fixes, [{ title: 'Set units to 28', preferred: true }]);
});

test('--format sarif is SARIF 2.1.0 in the shape code scanning accepts', () => {
  const result = run(['--format', 'sarif', 'examples']);
  const sarif = JSON.parse(result.stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  assert.equal(sarif.runs.length, 1);
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, 'claimcheck');
  assert.deepEqual(run0.tool.driver.rules.map((r: { id: string }) => r.id), [...DIAGNOSTIC_IDS]);
  for (const rule of run0.tool.driver.rules) {
    assert.equal(typeof rule.shortDescription.text, 'string');
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
  }
  assert.ok(run0.results.length > 10);
  for (const r of run0.results) {
    assert.ok(DIAGNOSTIC_IDS.includes(r.ruleId));
    assert.equal(run0.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(r.level));
    assert.equal(typeof r.message.text, 'string');
    const location = r.locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uri, 'examples/mistakes.claim');
    assert.ok(location.region.startLine >= 1 && location.region.startColumn >= 1);
    assert.ok(location.region.endLine >= location.region.startLine);
  }
});

test('--fix applies the preferred fixes atomically and a second run finds nothing fixable', () => {
  const dir = scratch();
  const file = join(dir, 'mistakes.claim');
  copyFileSync(join(EXAMPLES, 'mistakes.claim'), file);
  const before = readFileSync(file, 'utf8');
  const fixed = run(['--fix', '--format', 'json', file], dir);
  const report = JSON.parse(fixed.stdout);
  assert.equal(report.files[0].fixed, 7);
  const after = readFileSync(file, 'utf8');
  assert.notEqual(after, before);
  assert.deepEqual(readdirSync(dir), ['mistakes.claim'], 'no temporary file left behind');
  // Every comment and claim header survives.
  for (const line of before.split('\n').filter((l) => l.includes('#') || l.startsWith('claim'))) {
    const comment = line.slice(line.indexOf('#'));
    assert.ok(after.includes(line.startsWith('claim') ? line : comment), `kept: ${line}`);
  }
  // Units are fixed; JW/JZ is not guessed when nothing says what was discarded (no vial= or waste=).
  assert.match(after, /\n  J9039 +units=28 dose=28mcg /);
  assert.match(after, /J9037 +units=360 dose=180mg +vial=2x100mg.*\n  J9037-JW units=40\n/);
  // The belinostat line gets its code and belinostat's waste; no line bills the belantamab it replaced.
  assert.match(after, /\n  J9032  units=180 dose=1800mg vial=4x500mg drug=belinostat .*\n  J9032-JW units=20\n/);
  assert.doesNotMatch(after, /J9037-JW units=400/);
  const again = JSON.parse(run(['--format', 'json', file], dir).stdout);
  const fixable = again.files[0].diagnostics.filter((d: { fixes: { preferred: boolean }[] }) => d.fixes.some((f) => f.preferred));
  assert.deepEqual(fixable, []);
});

test('--fix keeps CRLF line endings and a BOM, and skips a file with syntax errors', () => {
  const dir = scratch();
  const crlf = join(dir, 'crlf.claim');
  writeFileSync(crlf, '\uFEFFclaim C-1 payer=medicare dos=2025-01-15 dx=C91.00\r\n  J9039 units=280 dose=28mcg vial=1x35mcg\r\n');
  run(['--fix', crlf], dir);
  assert.equal(
    readFileSync(crlf, 'utf8'),
    '\uFEFFclaim C-1 payer=medicare dos=2025-01-15 dx=C91.00\r\n  J9039 units=28 dose=28mcg vial=1x35mcg\r\n  J9039-JW units=7\r\n',
  );
  const broken = join(dir, 'broken.claim');
  const text = 'claim C-2 payer=medicare dos=2025-01-15 dx=C91.00\n  J9039 units=280 dose=28mcg stray\n';
  writeFileSync(broken, text);
  const result = run(['--fix', broken], dir);
  assert.match(result.stderr, /not fixed: the file has syntax errors/);
  assert.equal(readFileSync(broken, 'utf8'), text);
});

// ---------------------------------------------------------------------------------------------
// Code tables: the package's own folder only, rows checked, optional tables degrade alone.

/** A private copy of the installed package: dist/cli.js and server/data, in <tmp>/pkg. */
function packageCopy(edit?: (dataDir: string) => void): { root: string; pkg: string; cli: string } {
  const root = scratch();
  const pkg = join(root, 'pkg');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  copyFileSync(CLI, join(pkg, 'dist', 'cli.js'));
  cpSync(join(ROOT, 'server', 'data'), join(pkg, 'server', 'data'), { recursive: true });
  edit?.(join(pkg, 'server', 'data'));
  return { root, pkg, cli: join(pkg, 'dist', 'cli.js') };
}

function runCli(cli: string, args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A HCPCS table someone planted: J9039 at 10 mcg a unit, and little else. */
function plantedTable(): string {
  const real = JSON.parse(readFileSync(join(ROOT, 'server', 'data', 'hcpcs.json'), 'utf8'));
  const j9039 = real.codes.find((c: { code: string }) => c.code === 'J9039');
  return JSON.stringify({ ...real, release: 'PLANTED', codes: [{ ...j9039, unit: { amount: 10, unit: 'mcg', text: '10 micrograms' } }] });
}

test('tables: a data/hcpcs.json planted beside the package is never read, even when the package lacks its own', () => {
  const { root, pkg, cli } = packageCopy();
  // dist/../../data: where the old lookup tried first.
  mkdirSync(join(root, 'data'));
  writeFileSync(join(root, 'data', 'hcpcs.json'), plantedTable());
  mkdirSync(join(pkg, 'data'));
  writeFileSync(join(pkg, 'data', 'hcpcs.json'), plantedTable());
  copyFileSync(join(EXAMPLES, 'clean.claim'), join(root, 'clean.claim'));
  const clean = runCli(cli, ['--format', 'json', 'clean.claim'], root);
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  assert.deepEqual(JSON.parse(clean.stdout).files[0].diagnostics, [], 'the real J9039 (1 mcg a unit) was used');
  assert.doesNotMatch(clean.stderr, /PLANTED/);
  // Without its own table the package refuses to check, rather than fall back to the planted one.
  rmSync(join(pkg, 'server', 'data', 'hcpcs.json'));
  const missing = runCli(cli, ['clean.claim'], root);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^claimcheck: the bundled code tables could not be read, so no file was checked: server\/data\/hcpcs\.json: the file is missing\n$/);
  assert.equal(missing.stdout, '');
});

test('tables: a HCPCS row with a zero billing-unit amount refuses the table (exit 2, file and row named)', () => {
  let row = 0;
  const { root, cli } = packageCopy((data) => {
    const table = JSON.parse(readFileSync(join(data, 'hcpcs.json'), 'utf8'));
    row = table.codes.findIndex((c: { code: string }) => c.code === 'J9039') + 1;
    table.codes[row - 1].unit.amount = 0;
    writeFileSync(join(data, 'hcpcs.json'), JSON.stringify(table));
  });
  copyFileSync(join(EXAMPLES, 'clean.claim'), join(root, 'clean.claim'));
  const result = runCli(cli, ['clean.claim'], root);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.ok(result.stderr.includes(`server/data/hcpcs.json row ${row} (J9039): billing unit amount 0 is not a positive number`), result.stderr);
});

test('tables: broken optional tables are reported once on stderr and only their checks are off', () => {
  const { root, cli } = packageCopy((data) => {
    writeFileSync(join(data, 'drug-facts.json'), '{"drugs": [');
    const cpt = JSON.parse(readFileSync(join(data, 'cpt-modifiers.json'), 'utf8'));
    cpt.modifiers[0].code = 'X';
    writeFileSync(join(data, 'cpt-modifiers.json'), JSON.stringify(cpt));
  });
  writeFileSync(join(root, 'a.claim'), 'claim C-1 payer=commercial dos=2025-01-15 dx=C91.00\n  96413-59 units=1\n  J9039 units=280 dose=28mcg\n');
  writeFileSync(join(root, 'b.claim'), 'claim C-2 payer=commercial dos=2025-01-15 dx=C91.00\n  J9039 units=28 dose=28mcg\n');
  const result = runCli(cli, ['.'], root);
  const warnings = result.stderr.split('\n').filter((l) => l.startsWith('claimcheck: warning:'));
  assert.equal(warnings.length, 2, result.stderr);
  assert.match(warnings[0], /server\/data\/drug-facts\.json: not valid JSON.*container types \(JW\/JZ\), labelled indications and brand names are not checked/);
  assert.match(warnings[1], /server\/data\/cpt-modifiers\.json row 1 \(X\): malformed CPT modifier "X".*CPT modifiers \(such as 59\) are not checked/);
  assert.match(result.stdout, /^a\.claim:3:15 warning units-mismatch /m, 'the HCPCS arithmetic still runs');
  assert.doesNotMatch(result.stdout, /unknown-modifier/, 'modifier 59 is not called unknown for want of its table');
  assert.match(result.stderr, /2 files checked/);
  assert.equal(result.code, 0);
});

// ---------------------------------------------------------------------------------------------
// Inputs that are not plain files, and folders that cannot be read.

/** As root, chmod does not stop reads: run the CLI as nobody so a locked folder really fails. */
const ROOT_USER = process.getuid?.() === 0;
const NOBODY = 65534;

function runUnprivileged(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000, ...(ROOT_USER ? { uid: NOBODY, gid: NOBODY } : {}) });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch folder others can enter (mkdtemp makes it 0700), for the unprivileged runs. */
function openScratch(): string {
  const dir = scratch();
  chmodSync(dir, 0o755);
  return dir;
}

const CLEAN = 'claim C-1 payer=commercial dos=2025-01-16 dx=C34.90 auth=PA-1\n  J9173-JZ units=150 dose=1500mg vial=3x500mg\n';

test('a FIFO or device named *.claim is skipped with a message, in a folder walk and named directly', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'a.claim'), CLEAN);
  const fifo = spawnSync('mkfifo', [join(dir, 'pipe.claim')]);
  assert.equal(fifo.status, 0, 'mkfifo works');
  symlinkSync('/dev/zero', join(dir, 'zero.claim')); // reading it would never end either
  writeFileSync(join(dir, 'z.claim'), CLEAN);
  const walk = runCli(CLI, ['.'], dir);
  assert.notEqual(walk.code, null, 'the run finished (no hang on the FIFO)');
  assert.match(walk.stderr, /^claimcheck: skipped pipe\.claim: it is a FIFO \(named pipe\), not a regular file$/m);
  assert.match(walk.stderr, /^claimcheck: skipped zero\.claim: it is a character device, not a regular file$/m);
  assert.match(walk.stderr, /2 files checked: 0 errors, 0 warnings, 0 infos, 2 files skipped/);
  assert.equal(walk.code, 0, 'skipping a non-file in a walk is not a failure');
  const direct = runCli(CLI, ['pipe.claim', 'a.claim'], dir);
  assert.notEqual(direct.code, null);
  assert.match(direct.stderr, /^claimcheck: cannot read pipe\.claim: it is a FIFO \(named pipe\), not a regular file; skipped$/m);
  assert.match(direct.stderr, /1 file checked/);
  assert.equal(direct.code, 2, 'a file named on the command line that could not be checked');
  const device = runCli(CLI, ['zero.claim'], dir);
  assert.match(device.stderr, /cannot read zero\.claim: it is a character device/);
  assert.equal(device.code, 2);
});

test('an unreadable subfolder and a symlink loop are reported, the rest is checked, exit 2', () => {
  const dir = openScratch();
  writeFileSync(join(dir, 'a.claim'), CLEAN);
  mkdirSync(join(dir, 'locked'));
  writeFileSync(join(dir, 'locked', 'hidden.claim'), CLEAN);
  chmodSync(join(dir, 'locked'), 0o000);
  symlinkSync('loop.claim', join(dir, 'loop.claim'));
  writeFileSync(join(dir, 'z.claim'), 'claim C-2 payer=commercial dos=2025-01-16 dx=C34.90 auth=PA-1\n  J9173-JZ units=15 dose=1500mg vial=3x500mg\n');
  try {
    const result = runUnprivileged(['.'], dir);
    assert.match(result.stderr, /^claimcheck: cannot read locked: permission denied$/m);
    assert.match(result.stderr, /^claimcheck: cannot read loop\.claim: too many levels of symbolic links \(a symlink loop\)$/m);
    assert.match(result.stderr, /2 files checked/);
    assert.match(result.stdout, /^z\.claim:2:18 warning units-mismatch /m, 'files after the unreadable ones are still checked');
    assert.equal(result.code, 2);
  } finally {
    chmodSync(join(dir, 'locked'), 0o755);
  }
});

// ---------------------------------------------------------------------------------------------
// --fix: how the file is written back.

const FIXABLE = 'claim C-1 payer=medicare dos=2025-01-15 dx=C91.00\n  J9039 units=280 dose=28mcg vial=1x35mcg\n';
const FIXED = 'claim C-1 payer=medicare dos=2025-01-15 dx=C91.00\n  J9039 units=28 dose=28mcg vial=1x35mcg\n  J9039-JW units=7\n';

test('--fix writes through a symlink to its target; the link stays a link', () => {
  const dir = scratch();
  mkdirSync(join(dir, 'real'));
  writeFileSync(join(dir, 'real', 'target.claim'), FIXABLE);
  symlinkSync(join('real', 'target.claim'), join(dir, 'link.claim'));
  const result = runCli(CLI, ['--fix', 'link.claim'], dir);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(lstatSync(join(dir, 'link.claim')).isSymbolicLink());
  assert.equal(readlinkSync(join(dir, 'link.claim')), join('real', 'target.claim'));
  assert.equal(readFileSync(join(dir, 'real', 'target.claim'), 'utf8'), FIXED);
  assert.deepEqual(readdirSync(join(dir, 'real')), ['target.claim'], 'no temporary file left behind');
});

test('--fix keeps hard links (written in place) and the file mode', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'a.claim'), FIXABLE);
  linkSync(join(dir, 'a.claim'), join(dir, 'b.claim'));
  chmodSync(join(dir, 'a.claim'), 0o640);
  const result = runCli(CLI, ['--fix', 'a.claim'], dir);
  assert.equal(result.code, 0, result.stderr);
  const a = statSync(join(dir, 'a.claim'));
  const b = statSync(join(dir, 'b.claim'));
  assert.equal(a.ino, b.ino);
  assert.equal(a.nlink, 2);
  assert.equal(readFileSync(join(dir, 'b.claim'), 'utf8'), FIXED);
  assert.equal(a.mode & 0o7777, 0o640);
  // A file with one link is replaced atomically, and keeps a mode the umask would narrow.
  writeFileSync(join(dir, 'c.claim'), FIXABLE);
  chmodSync(join(dir, 'c.claim'), 0o666);
  const inode = statSync(join(dir, 'c.claim')).ino;
  assert.equal(runCli(CLI, ['--fix', 'c.claim'], dir).code, 0);
  assert.equal(readFileSync(join(dir, 'c.claim'), 'utf8'), FIXED);
  assert.equal(statSync(join(dir, 'c.claim')).mode & 0o7777, 0o666);
  assert.notEqual(statSync(join(dir, 'c.claim')).ino, inode, 'replaced by rename');
  assert.deepEqual(readdirSync(dir).sort(), ['a.claim', 'b.claim', 'c.claim']);
});

test('--fix refuses a read-only file with a clear message, writes nothing and still prints its diagnostics', () => {
  const dir = scratch();
  const text = 'claim C-1 payer=medicare dos=2025-01-15 dx=C91.00\n  J9039 units=280 dose=28mcg vial=1x35mcg\n  J9999 units=1\n';
  writeFileSync(join(dir, 'ro.claim'), text);
  chmodSync(join(dir, 'ro.claim'), 0o444);
  const check = runCli(CLI, ['ro.claim'], dir);
  const fix = runCli(CLI, ['--fix', 'ro.claim'], dir);
  assert.match(fix.stderr, /^claimcheck: ro\.claim: not fixed: the file is read-only \(mode 0444\); make it writable to apply the fixes$/m);
  assert.equal(readFileSync(join(dir, 'ro.claim'), 'utf8'), text);
  assert.equal(statSync(join(dir, 'ro.claim')).mode & 0o7777, 0o444);
  assert.equal(fix.stdout, check.stdout, 'the diagnostics of the file as it is');
  assert.match(fix.stderr, /0 fixes applied/);
  assert.equal(fix.code, check.code);
  assert.deepEqual(readdirSync(dir), ['ro.claim']);
});

test('--fix says "cannot write" when the write fails, keeps the file and its diagnostics, exit 2', () => {
  const dir = openScratch();
  const file = join(dir, 'w.claim');
  writeFileSync(file, FIXABLE);
  // The file is writable but its folder is not, so the temporary file cannot be made.
  if (ROOT_USER) chownSync(file, NOBODY, NOBODY);
  else chmodSync(dir, 0o555);
  try {
    const check = runUnprivileged(['--format', 'json', 'w.claim'], dir);
    const result = runUnprivileged(['--fix', '--format', 'json', 'w.claim'], dir);
    assert.match(result.stderr, /^claimcheck: cannot write w\.claim: permission denied$/m);
    assert.equal(readFileSync(file, 'utf8'), FIXABLE);
    const report = JSON.parse(result.stdout);
    assert.equal(report.files[0].fixed, 0);
    assert.match(report.files[0].error, /cannot write w\.claim: permission denied/);
    assert.deepEqual(report.files[0].diagnostics, JSON.parse(check.stdout).files[0].diagnostics, 'the diagnostics of the file as it is');
    assert.ok(report.files[0].diagnostics.some((d: { id: string }) => d.id === 'units-mismatch'));
    assert.equal(check.code, 1);
    assert.equal(result.code, 2);
    assert.deepEqual(readdirSync(dir), ['w.claim']);
  } finally {
    chmodSync(dir, 0o755);
  }
});

test('--format json marks a fix preferred only when --fix would apply it (the safety gate)', () => {
  const dir = scratch();
  const file = join(dir, 'gate.claim');
  // Changing the administered line's code would orphan its JW line: offered, not preferred, not applied.
  const text = 'claim C1 payer=medicare dos=2025-01-16 dx=C84.40\n  J9037 units=180 dose=1800mg vial=4x500mg drug=belinostat\n  J9037-JW units=400\n';
  writeFileSync(file, text);
  const report = JSON.parse(run(['--format', 'json', file], dir).stdout);
  const mismatch = report.files[0].diagnostics.find((d: { id: string }) => d.id === 'drug-code-mismatch');
  assert.deepEqual(mismatch.fixes, [{ title: 'Change code to J9032 (Injection, belinostat, 10mg)', preferred: false }]);
  run(['--fix', file], dir);
  assert.equal(readFileSync(file, 'utf8'), text);
});
