// The CLI as a user runs it: the built dist/cli.js in a child process (npm test builds first).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
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
  assert.ok(report.files[0].fixed >= 8, `fixed ${report.files[0].fixed}`);
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
