// The CLI's exit policy, which CI pipelines rely on: 0 when nothing worse than a warning was
// found, 1 when any error was, 2 when input could not be read (or on bad usage), whatever the
// output format. The built dist/cli.js runs in a child process from a temporary folder, as a
// pipeline runs it (`npm run test:unit` builds it first). Warnings fail a run only past
// --max-warnings N (as ESLint), tested in cli-new-user.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli, tempFolder } from '../helpers/cli';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');


/** A temporary folder holding the given files (text or bytes). */
const folderWith = (files: Record<string, string | Buffer>) => tempFolder(files, 'claimcheck-exit-');
const run = runCli;

interface JsonOutput {
  files: Array<{ file: string; error?: string; diagnostics: Array<{ severity: string; id: string }> }>;
}

/** Severity → ids found, from --format json (so each test shows what the file really has). */
function severities(cwd: string, args: string[]): Record<string, string[]> {
  const result = run(cwd, ['--format', 'json', ...args]);
  const out: Record<string, string[]> = {};
  for (const file of (JSON.parse(result.stdout) as JsonOutput).files) {
    for (const d of file.diagnostics) (out[d.severity] ??= []).push(d.id);
  }
  return out;
}

const HEADER_COMMERCIAL = 'claim C-1 payer=commercial dos=2025-01-15 dx=C91.00';
const HEADER_MEDICARE = 'claim C-2 payer=medicare dos=2025-01-15 dx=C91.00';

/** Only warnings and information: units ×10, a repeated line, a lower-case code. */
const WARNINGS_ONLY = `${HEADER_COMMERCIAL}\n  J9039 units=280 dose=28mcg\n  J9039 units=280 dose=28mcg\n  j9173 units=150 dose=1500mg\n`;
/** One error: a single-dose drug billed to Medicare without JW or JZ. */
const ONE_ERROR = `${HEADER_MEDICARE}\n  J9039 units=28 dose=28mcg\n`;
/** missing-jw-jz for a drug whose container type is not confirmed is information (a flag raises it). */
const UNCONFIRMED_CONTAINER = 'claim C-3 payer=medicare dos=2025-01-15 dx=H35.32\n  J2503 units=7 dose=2.1mg\n';
const CLEAN = `${HEADER_MEDICARE}\n  J9039-JZ units=28 dose=28mcg\n`;

describe('CLI exit policy', () => {
  test('warnings only → exit 0, and the summary counts them', () => {
    const dir = folderWith({ 'w.claim': WARNINGS_ONLY });
    const found = severities(dir, ['w.claim']);
    assert.equal(found.error, undefined, `no errors: ${JSON.stringify(found)}`);
    assert.deepEqual(found.warning?.sort(), ['duplicate-line', 'units-mismatch', 'units-mismatch']);
    assert.deepEqual(found.info, ['lowercase-code']);
    const result = run(dir, ['w.claim']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(result.stdout.trimEnd().split('\n').length, 4);
    assert.match(result.stderr, /1 file checked: 0 errors, 3 warnings, 1 info/);
  });

  test('missing-jw-jz on a drug whose container is not confirmed is information → exit 0; --unconfirmed-container-severity warning raises it', () => {
    const dir = folderWith({ 'u.claim': UNCONFIRMED_CONTAINER });
    assert.deepEqual(severities(dir, ['u.claim']), { info: ['missing-jw-jz'] });
    const result = run(dir, ['u.claim']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^u\.claim:2:3 info missing-jw-jz .*container type not confirmed/);
    const raised = run(dir, ['--unconfirmed-container-severity', 'warning', 'u.claim']);
    assert.equal(raised.code, 0, raised.stdout + raised.stderr);
    assert.match(raised.stdout, /^u\.claim:2:3 warning missing-jw-jz /);
    assert.equal(run(dir, ['--unconfirmed-container-severity', 'error', 'u.claim']).code, 2);
  });

  test('one error → exit 1, in every output format', () => {
    const dir = folderWith({ 'e.claim': ONE_ERROR });
    assert.deepEqual(severities(dir, ['e.claim']), { error: ['missing-jw-jz'] });
    for (const format of ['text', 'json', 'sarif']) {
      const result = run(dir, ['--format', format, 'e.claim']);
      assert.equal(result.code, 1, `${format}: ${result.stdout}${result.stderr}`);
    }
    assert.match(run(dir, ['e.claim']).stdout, /^e\.claim:2:3 error missing-jw-jz /);
  });

  test('warnings only → exit 0 in json and sarif too', () => {
    const dir = folderWith({ 'w.claim': WARNINGS_ONLY });
    for (const format of ['json', 'sarif']) assert.equal(run(dir, ['--format', format, 'w.claim']).code, 0, format);
  });

  test('a folder: any file with an error makes it 1; warnings in the others do not', () => {
    const warnings = folderWith({ 'a/w.claim': WARNINGS_ONLY, 'b/u.claim': UNCONFIRMED_CONTAINER, 'c.claim': CLEAN });
    const ok = run(warnings, ['.']);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stderr, /3 files checked: 0 errors, 3 warnings, 2 infos/);
    const withError = folderWith({ 'a/w.claim': WARNINGS_ONLY, 'b/e.claim': ONE_ERROR, 'c.claim': CLEAN });
    const failed = run(withError, ['.']);
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.match(failed.stderr, /3 files checked: 1 error, 3 warnings, 1 info/);
  });

  test('a clean file → exit 0; a folder without .claim files → exit 2 (a CI job pointed at the wrong folder fails)', () => {
    assert.equal(run(folderWith({ 'c.claim': CLEAN }), ['c.claim']).code, 0);
    const empty = run(folderWith({ 'notes.txt': 'not a claim file' }), ['.']);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /no \.claim files found in \./);
  });

  test('unreadable input → exit 2, even beside files with errors or warnings', () => {
    const dir = folderWith({
      'e.claim': ONE_ERROR,
      'w.claim': WARNINGS_ONLY,
      'binary.claim': Buffer.from([0x63, 0x6c, 0x00, 0x01, 0x02]),
      'latin1.claim': Buffer.from('claim C-9 payer=medicare dx=C91.00 # caf\xe9\n', 'latin1'),
    });
    for (const [args, reason] of [
      [['missing.claim'], /cannot read missing\.claim: no such file or folder/],
      [['binary.claim'], /binary\.claim: .*NUL bytes/],
      [['latin1.claim'], /latin1\.claim: .*not valid UTF-8/],
      [['w.claim', 'missing.claim'], /missing\.claim/],
      [['e.claim', 'missing.claim'], /missing\.claim/],
      [['.'], /binary\.claim/],
    ] as const) {
      const result = run(dir, [...args]);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, reason);
    }
    // The readable files are still checked and reported.
    const mixed = run(dir, ['e.claim', 'missing.claim']);
    assert.match(mixed.stdout, /^e\.claim:2:3 error missing-jw-jz /);
  });

  test('--help, -h and --version → exit 0, on stdout', () => {
    const dir = folderWith({ 'e.claim': ONE_ERROR });
    for (const flag of ['--help', '-h']) {
      const help = run(dir, [flag, 'e.claim']);
      assert.equal(help.code, 0, flag);
      assert.match(help.stdout, /^usage: claimcheck /, flag);
      assert.match(help.stdout, /Exit status: 1 when an error was found, 0 otherwise, 2 on bad usage/);
    }
    const version = run(dir, ['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^claimcheck \d+\.\d+\.\d+\n$/);
  });

  test('stderr holds the summary and nothing else for readable files; "no .claim files" only when there were none', () => {
    const dir = folderWith({ 'c.claim': CLEAN, 'w.claim': WARNINGS_ONLY });
    const result = run(dir, ['c.claim', 'w.claim']);
    assert.equal(result.stderr, '2 files checked: 0 errors, 3 warnings, 1 info\n  c.claim: no problems\n  w.claim: 3 warnings, 1 info\n');
    assert.doesNotMatch(run(dir, ['missing.claim']).stderr, /no \.claim files found/);
    const sarif = run(dir, ['--format', 'sarif', 'c.claim']);
    assert.ok(sarif.stdout.endsWith('}\n'), 'SARIF output ends with a newline');
    assert.equal(JSON.parse(sarif.stdout).version, '2.1.0');
  });

  test('bad usage → exit 2', () => {
    const dir = folderWith({ 'c.claim': CLEAN });
    assert.equal(run(dir, []).code, 2);
    assert.equal(run(dir, ['--format', 'xml', 'c.claim']).code, 2);
    assert.equal(run(dir, ['--no-such-option', 'c.claim']).code, 2);
    assert.equal(run(dir, ['--max-warnings', 'many', 'c.claim']).code, 2, '--max-warnings takes a whole number');
    assert.equal(run(dir, ['--max-warnings', '-1', 'c.claim']).code, 2);
    assert.equal(run(dir, ['--max-warnings']).code, 2);
  });

  test('--fix: the exit code is that of what is left after fixing', () => {
    // The vial shows nothing discarded, so the preferred fix adds JZ: nothing is left, so 0.
    const fixable = folderWith({ 'e.claim': `${HEADER_MEDICARE}\n  J9039 units=28 dose=28mcg vial=1x28mcg\n` });
    assert.deepEqual(severities(fixable, ['e.claim']), { error: ['missing-jw-jz'] });
    const fixed = run(fixable, ['--fix', 'e.claim']);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.match(readFileSync(join(fixable, 'e.claim'), 'utf8'), /J9039-JZ units=28 dose=28mcg vial=1x28mcg/);
    // Without a vial= or waste= no fix is preferred: the error stays, and so does exit 1.
    assert.equal(run(folderWith({ 'e.claim': ONE_ERROR }), ['--fix', 'e.claim']).code, 1);
    // An error no fix removes (a dx pointer past the claim's list) still exits 1.
    const unfixable = folderWith({ 'p.claim': `${HEADER_MEDICARE}\n  J9039-JZ units=28 dose=28mcg dx=3\n` });
    assert.equal(run(unfixable, ['--fix', 'p.claim']).code, 1);
  });
});
