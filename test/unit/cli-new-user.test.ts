// Issue 10, part 4, as a new user meets it: the built dist/cli.js in a child process, run from a
// temporary folder holding the user's claim files (`npm run test:unit` builds it first).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { runCli, tempFolder } from '../helpers/cli';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

const folderWith = (files: Record<string, string>) => tempFolder(files, 'claimcheck-user-');
const run = runCli;

const COMMERCIAL = 'claim C-1 payer=commercial dos=2025-01-15 dx=C43.9';
const MEDICARE = 'claim C-2 payer=medicare dos=2025-01-15 dx=C43.9';
/** Two warnings, no error: units ×10 (units-mismatch) and the same line twice (duplicate-line). */
const TWO_WARNINGS = `${COMMERCIAL}\n  J9271-JZ units=420 dose=42mg\n  J9271-JZ units=42 dose=42mg\n`;
const CLEAN = `${COMMERCIAL}\n  J9271-JZ units=42 dose=42mg\n`;

describe('--fix on what a new user wrote', () => {
  test('uints=42: --fix renames the key (it used to add units=42 beside it and keep the error)', () => {
    const dir = folderWith({ 'c.claim': `${COMMERCIAL}\n  J9271-JZ uints=42 dose=42mg\n` });
    const before = run(dir, ['c.claim']);
    assert.equal(before.code, 1);
    assert.match(before.stdout, /^c\.claim:2:12 error unknown-field unknown field 'uints' on a service line; did you mean 'units'\?$/m);
    const fixed = run(dir, ['--fix', 'c.claim']);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.equal(fixed.stdout, '');
    assert.equal(readFileSync(join(dir, 'c.claim'), 'utf8'), CLEAN);
  });

  test('drug=nivolumab on J9271: the JSON names J9299 first and prefers it; --fix changes the code', () => {
    const dir = folderWith({ 'n.claim': `${COMMERCIAL}\n  J9271-JZ units=240 dose=240mg drug=nivolumab\n` });
    const json = JSON.parse(run(dir, ['--format', 'json', 'n.claim']).stdout);
    const mismatch = json.files[0].diagnostics.find((d: { id: string }) => d.id === 'drug-code-mismatch');
    assert.deepEqual(mismatch.fixes[0], { title: 'Change code to J9299 (Injection, nivolumab)', preferred: true });
    assert.ok(mismatch.fixes.slice(1).every((f: { preferred: boolean }) => !f.preferred));
    assert.equal(run(dir, ['--fix', 'n.claim']).code, 0);
    assert.equal(readFileSync(join(dir, 'n.claim'), 'utf8'), `${COMMERCIAL}\n  J9299-JZ units=240 dose=240mg drug=nivolumab\n`);
  });

  test('J9310 (terminated): one finding naming J9312; --fix changes it when the units fit, leaves it when not', () => {
    const dir = folderWith({
      'fits.claim': `${COMMERCIAL}\n  J9310 units=50 dose=500mg\n`,
      'not.claim': `${MEDICARE}\n  J9310 units=5 dose=500mg\n`,
    });
    const text = run(dir, ['not.claim']);
    assert.equal(
      text.stdout,
      'not.claim:2:3 error code-not-effective J9310 was terminated on 2018-12-31, before the date of service 2025-01-15; rituximab is billed with J9312 (Injection, rituximab, 10 mg) on that date\n',
    );
    run(dir, ['--fix', 'fits.claim', 'not.claim']);
    assert.equal(readFileSync(join(dir, 'fits.claim'), 'utf8'), `${COMMERCIAL}\n  J9312 units=50 dose=500mg\n`);
    assert.equal(readFileSync(join(dir, 'not.claim'), 'utf8'), `${MEDICARE}\n  J9310 units=5 dose=500mg\n`, '50 units of 10 mg would be a new bill: left to the biller');
  });

  test('drug=xyzzy is a warning with the code’s drug named; ZJ suggests JZ and --fix swaps it', () => {
    const dir = folderWith({ 'x.claim': `${MEDICARE}\n  J9271-ZJ units=42 dose=42mg drug=xyzzy\n` });
    const result = run(dir, ['x.claim']);
    const lines = result.stdout.trimEnd().split('\n');
    assert.ok(lines.includes("x.claim:2:36 warning unknown-drug drug 'xyzzy' is not a drug name (generic or brand) in the bundled tables; J9271 is pembrolizumab"), result.stdout);
    assert.ok(lines.some((l) => /^x\.claim:2:9 error unknown-modifier ZJ is not a HCPCS modifier .*; did you mean JZ[,?]/.test(l)), result.stdout);
    run(dir, ['--fix', 'x.claim']);
    assert.equal(readFileSync(join(dir, 'x.claim'), 'utf8'), `${MEDICARE}\n  J9271-JZ units=42 dose=42mg drug=xyzzy\n`, 'the modifier is swapped; the unknown drug is left to the biller');
  });

  test('J9045-JW alone: not applicable (multi-dose) and a JW line without its administered line', () => {
    const dir = folderWith({ 'j.claim': 'claim C-3 payer=medicare dos=2025-01-15 dx=C56.9\n  J9045-JW units=2\n' });
    const ids = run(dir, ['j.claim']).stdout.trimEnd().split('\n').map((l) => l.split(' ')[2]);
    assert.deepEqual(ids, ['jw-jz-not-applicable', 'jw-without-administered-line']);
  });
});

describe('the CLI in CI', () => {
  test('claimcheck emptydir/ → exit 2 with a clear message, in every format', () => {
    const dir = folderWith({ 'emptydir/readme.txt': 'no claims here', 'claims/c.claim': CLEAN });
    for (const format of ['text', 'json', 'sarif']) {
      const result = run(dir, ['--format', format, 'emptydir/']);
      assert.equal(result.code, 2, format);
      assert.match(result.stderr, /^claimcheck: no \.claim files found in emptydir\/ /m, format);
    }
    assert.equal(run(dir, ['claims/']).code, 0, 'the right folder passes');
    assert.equal(run(dir, ['emptydir/', 'claims/']).code, 0, 'an empty folder beside claim files is not an error');
  });

  test('--max-warnings N: exit 1 when the warnings exceed N, as ESLint; errors still exit 1 whatever N', () => {
    const dir = folderWith({ 'w.claim': TWO_WARNINGS, 'e.claim': `${MEDICARE}\n  J9271 units=42 dose=42mg\n` });
    assert.equal(run(dir, ['w.claim']).code, 0, 'without the option warnings never fail');
    assert.equal(run(dir, ['--max-warnings', '2', 'w.claim']).code, 0, 'two warnings do not exceed 2');
    const over = run(dir, ['--max-warnings=1', 'w.claim']);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /claimcheck: too many warnings \(2; --max-warnings 1\)/);
    assert.equal(run(dir, ['--max-warnings', '0', '--format', 'json', 'w.claim']).code, 1);
    assert.equal(run(dir, ['--max-warnings', '99', 'e.claim']).code, 1, 'an error fails the run');
  });

  test('JSON output has counts per file and in all', () => {
    const dir = folderWith({ 'w.claim': TWO_WARNINGS, 'c.claim': CLEAN });
    const json = JSON.parse(run(dir, ['--format', 'json', '.']).stdout);
    assert.deepEqual(
      json.files.map((f: { file: string; counts: object }) => [f.file, f.counts]),
      [
        ['c.claim', { error: 0, warning: 0, info: 0, hint: 0 }],
        ['w.claim', { error: 0, warning: 2, info: 0, hint: 0 }],
      ],
    );
    assert.deepEqual(json.counts, { files: 2, error: 0, warning: 2, info: 0, hint: 0 });
  });

  test('text output ends with a per-file summary (on stderr, after the total) when more than one file is checked', () => {
    const dir = folderWith({ 'a/w.claim': TWO_WARNINGS, 'c.claim': CLEAN, 'e.claim': `${MEDICARE}\n  J9271 units=42 dose=42mg\n` });
    const result = run(dir, ['.']);
    assert.equal(result.stderr, '3 files checked: 1 error, 2 warnings, 0 infos\n  a/w.claim: 2 warnings\n  c.claim: no problems\n  e.claim: 1 error\n');
    assert.equal(run(dir, ['c.claim']).stderr, '1 file checked: 0 errors, 0 warnings, 0 infos\n', 'one file: the total says it all');
    const fixed = run(dir, ['--fix', 'a/w.claim', 'c.claim']);
    assert.match(fixed.stderr, /^  a\/w\.claim: 1 warning \(1 fix applied\)$/m, fixed.stderr);
  });
});

describe('SARIF links and locations', () => {
  test('helpUri is the diagnostic’s section in the docs shipped with the package; no made-up repository', () => {
    const dir = folderWith({ 'w.claim': TWO_WARNINGS });
    const sarif = JSON.parse(run(dir, ['--format', 'sarif', 'w.claim']).stdout);
    const driver = sarif.runs[0].tool.driver;
    assert.doesNotMatch(JSON.stringify(sarif), /github\.com\/claimcheck|example\.invalid/);
    const docs = readFileSync(join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
    // A rule whose section is not (yet) in the docs gets no link rather than a dead one.
    const linked = driver.rules.filter((rule: { id: string; helpUri?: string }) => {
      assert.equal(rule.helpUri !== undefined, docs.includes(`\n## ${rule.id}\n`), `${rule.id}: a link exactly when docs/diagnostics.md has its section`);
      return rule.helpUri !== undefined;
    });
    assert.ok(linked.length >= 30, `${linked.length} rules linked`);
    for (const id of ['unknown-drug', 'units-mismatch', 'missing-jw-jz', 'code-not-effective']) assert.ok(linked.some((r: { id: string }) => r.id === id), id);
    for (const rule of linked) {
      const url = new URL(rule.helpUri);
      assert.equal(url.protocol, 'file:');
      assert.equal(fileURLToPath(url), join(ROOT, 'docs', 'diagnostics.md'));
      assert.equal(url.hash, `#${rule.id}`);
      assert.ok(docs.includes(`\n## ${rule.id}\n`), `docs/diagnostics.md has a section ${rule.id}`);
    }
    assert.equal(fileURLToPath(driver.informationUri), join(ROOT, 'README.md'));
  });

  test('files under the working folder are relative to %SRCROOT%; files outside it get absolute file:// URIs, never ../', () => {
    const outside = folderWith({ 'x.claim': TWO_WARNINGS });
    const work = folderWith({ 'in/w.claim': TWO_WARNINGS });
    const sarif = JSON.parse(run(work, ['--format', 'sarif', 'in/w.claim', join(outside, 'x.claim'), '../' + outside.split('/').pop() + '/x.claim']).stdout);
    const uris = [...new Set(sarif.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: object } }> }) => JSON.stringify(r.locations[0].physicalLocation.artifactLocation)))];
    assert.deepEqual(uris, [JSON.stringify({ uri: 'in/w.claim', uriBaseId: '%SRCROOT%' }), JSON.stringify({ uri: pathToFileURL(join(outside, 'x.claim')).href })]);
    assert.deepEqual(sarif.runs[0].originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(work).href + '/' } });
  });
});
