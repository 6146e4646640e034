// 837 files through the built CLI (dist/cli.js): text, JSON and SARIF output, folders picking up
// .837/.x12/.edi files, --fix leaving them alone, and `claimcheck convert` whose claim-language
// text gives the same findings as the 837 (the round trip).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempFolder } from '../helpers/cli';
import { checkText } from '../../server/src/engine/check';
import { checkX12 } from '../../server/src/engine/sources/x12/check';
import { convertX12 } from '../../server/src/engine/sources/x12/convert';
import { loadTables } from '../../server/src/engine/tables';
import { DIAGNOSTIC_IDS } from '../../server/src/engine/types';
import { ONE_LINE, UNUSUAL, write837, type X12Claim } from '../helpers/x12';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const scratch = () => tempFolder({}, 'claimcheck-x12-');
const run = (args: string[], cwd: string) => runCli(cwd, args);

const D = '20250115';
/** One claim with each finding an 837 can carry (the rules' fixtures, as an 837). */
const EACH: X12Claim[] = [
  { id: 'MC-1', filing: 'MB', dx: ['C9100'], lines: [{ code: 'J9039', units: '28', date: D }, { code: 'J9039', mods: ['JW', 'JZ'], units: '2', date: D }] },
  { id: 'MC-2', filing: 'MB', dx: ['C9100'], lines: [{ code: 'J9039', mods: ['JW'], units: '7', date: D }, { code: 'J0135', units: '1', date: D }, { code: 'J0000', units: '1', date: D }] },
  { id: 'MC-3', filing: 'MB', dx: ['C9100'], lines: [{ code: 'J9039', units: '28', date: D }] },
  { id: 'MD-1', filing: 'MC', dx: ['C91'], lines: [{ code: 'J9039', mods: ['JZ'], units: '28', date: D, pointers: ['1', '3'] }, { code: 'J9312', units: '1', date: D, ndc: '55513016001' }, { code: 'J9039', mods: ['JZ', 'Z9'], units: '28', date: '20250116', ndc: '12345678901' }, { code: '96413', units: '0', date: D }] },
  { id: 'CO-1', filing: 'CI', payerId: 'ACME01', dx: ['123'], lines: [{ code: 'J9173', mods: ['JZ'], units: '150', date: D }, { code: 'j9039', mods: ['JZ'], units: '28', date: D }] },
  { id: 'CO-1', filing: '', dx: [], lines: [] },
];
const PROFILES = [{ id: 'acme01', requiresJwJz: true, priorAuthCodes: ['J9173'] }];
const CONFIG = { payers: PROFILES };
const LINE = /^(.+?):(\d+):(\d+) (error|warning|info|hint) ([a-z0-9-]+) (.+)$/;

test('claimcheck file.837 prints path:line:col severity id message on the SV1 of each finding and exits 1', () => {
  const dir = scratch();
  const text = write837(EACH);
  writeFileSync(join(dir, 'batch.837'), text);
  writeFileSync(join(dir, '.claimcheck.json'), JSON.stringify(CONFIG));
  const result = run(['batch.837'], dir);
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  for (const line of lines) assert.match(line, LINE);
  const ids = new Set(lines.map((l) => LINE.exec(l)![5]));
  for (const id of ['missing-jw-jz', 'jw-jz-conflict', 'jw-without-administered-line', 'code-not-effective', 'unknown-code', 'unknown-modifier', 'dx-not-billable', 'dx-pointer-out-of-range', 'ndc-code-mismatch', 'ndc-unknown', 'missing-ndc', 'invalid-value', 'invalid-icd10', 'prior-auth-missing', 'lowercase-code', 'duplicate-claim-id', 'missing-payer', 'missing-dx', 'empty-claim']) {
    assert.ok(ids.has(id), `expected ${id} in:\n${result.stdout}`);
  }
  const source = text.split('\n');
  const jwjz = lines.filter((l) => LINE.exec(l)![5] === 'missing-jw-jz');
  // MC-3's J9039; MC-2's J0135 is terminated on the date, so it has code-not-effective and no
  // second finding about its container type (issue 10).
  assert.ok(jwjz.length >= 1);
  for (const finding of jwjz) {
    const [, , row, column] = LINE.exec(finding)!;
    assert.ok(source[Number(row) - 1].startsWith('SV1*HC:'), source[Number(row) - 1]);
    assert.equal(source[Number(row) - 1].slice(Number(column) - 1, Number(column) + 2), 'HC:');
  }
  assert.match(result.stderr, /1 file checked/);
});

test('JSON and SARIF carry the 837 findings; a folder picks up .837, .x12 and .edi files', () => {
  const dir = scratch();
  const one: X12Claim[] = [{ id: 'C1', filing: 'MB', dx: ['C9100'], lines: [{ code: 'J9039', units: '28', date: D }] }];
  writeFileSync(join(dir, 'a.837'), write837(one));
  writeFileSync(join(dir, 'b.x12'), write837(one, { delims: ONE_LINE }));
  writeFileSync(join(dir, 'c.edi'), write837(one, { delims: UNUSUAL }));
  writeFileSync(join(dir, 'd.txt'), 'not checked');
  const json = JSON.parse(run(['--format', 'json', '.'], dir).stdout);
  assert.deepEqual(json.files.map((f: { file: string }) => f.file), ['a.837', 'b.x12', 'c.edi']);
  const idsOf = (f: { diagnostics: Array<{ id: string }> }) => f.diagnostics.map((d) => d.id).sort();
  assert.deepEqual(idsOf(json.files[1]), idsOf(json.files[0]));
  assert.deepEqual(idsOf(json.files[2]), idsOf(json.files[0]));
  const missing = json.files[1].diagnostics.find((d: { id: string }) => d.id === 'missing-jw-jz');
  assert.equal(missing.line, 1, 'one long line');
  const sarif = JSON.parse(run(['--format', 'sarif', 'a.837'], dir).stdout);
  const results = sarif.runs[0].results;
  assert.ok(results.length > 0);
  for (const r of results) assert.ok(DIAGNOSTIC_IDS.includes(r.ruleId));
  assert.ok(results.some((r: { ruleId: string }) => r.ruleId === 'missing-jw-jz'));
});

test('--fix does not rewrite an 837 and says so', () => {
  const dir = scratch();
  const text = write837(EACH.slice(0, 1));
  writeFileSync(join(dir, 'a.837'), text);
  const result = run(['--fix', 'a.837'], dir);
  assert.match(result.stderr, /not fixed: --fix does not rewrite 837 files/);
  assert.equal(readFileSync(join(dir, 'a.837'), 'utf8'), text);
});

test('x12-structure: a file with no ISA is read with the usual delimiters and says so', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'bare.837'), 'CLM*C1*100***11:B:1~HI*ABK:C9100~LX*1~SV1*HC:J9039*10*UN*28~DTP*472*D8*20250115~SBR*P~');
  const result = run(['bare.837'], dir);
  assert.match(result.stdout, /^bare\.837:1:1 error x12-structure the file does not start with an ISA segment/m);
});

/** The ids and their counts, without x12-structure (the reader's, which the claim text cannot carry). */
function idCounts(ids: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of ids) if (id !== 'x12-structure') counts[id] = (counts[id] ?? 0) + 1;
  return counts;
}

test('convert round trip: 837 → claim text → the same findings, for each finding, every delimiter set and 837I', () => {
  const tables = loadTables();
  const options = { payerProfiles: PROFILES };
  for (const delims of [undefined, ONE_LINE, UNUSUAL]) {
    for (const variant of ['837P', '837I'] as const) {
      const text = write837(EACH, { delims, variant });
      const claimText = convertX12(text, ['acme01']);
      const fromX12 = checkX12(text, tables, options).map((d) => d.id);
      const fromClaim = checkText(claimText, tables, options).map((d) => d.id);
      assert.ok(fromX12.length >= 15);
      assert.deepEqual(idCounts(fromClaim), idCounts(fromX12), `${variant}\n${claimText}`);
    }
  }
});

test('convert: what the claim language cannot carry (a CTP unit of measure, broken structure) goes in comments', () => {
  const text = write837([{ id: 'C1', filing: 'MC', dx: ['C9100'], lines: [{ code: 'J9039', mods: ['JZ'], units: '28', date: D, ndc: '55513016001', ndcUnit: 'KG' }] }]);
  const claimText = convertX12(text);
  assert.match(claimText, /# SV1 \(LX\*1\), unit basis UN, NDC quantity 1 KG, 837: CTP05-1 'KG' is not an NDC unit of measure/);
  assert.match(convertX12('LX*1~SV1*HC:J9039*1*UN*1~'), /^# x12-structure \(837 line 1\): the file does not start with an ISA segment/m);
});

test('claimcheck convert writes the claim text to stdout, comments carrying what the claim language cannot say', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'a.837'), write837([{ id: 'C-9', filing: 'MC', payerId: 'P1', dx: ['C9100', 'Z5112'], pos: '11', auth: 'PA1', lines: [{ code: 'J9039', mods: ['JZ'], units: '28', date: D, pointers: ['1', '2'], ndc: '55513016001', ndcQuantity: '1', ndcUnit: 'UN', charge: '4583.12' }] }]));
  const result = run(['convert', 'a.837'], dir);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stdout,
    [
      '# converted from an 837P file by claimcheck convert; comments carry what the claim language cannot express',
      '',
      '# SBR09 MC, NM1*PR P1 (PAYER), CLM02 total charge 100',
      'claim C-9 payer=medicaid dos=2025-01-15 dx=C9100,Z5112 auth=PA1 pos=11',
      '  J9039-JZ units=28 dx=1,2 dos=2025-01-15 ndc=55513016001 charge=4583.12  # SV1 (LX*1), unit basis UN, NDC quantity 1 UN',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'a.claim'), result.stdout);
  assert.equal(run(['a.claim'], dir).code, 0);
  assert.equal(run(['convert'], dir).code, 2);
  assert.equal(run(['convert', 'missing.837'], dir).code, 2);
});
