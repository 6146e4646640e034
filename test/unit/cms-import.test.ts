// The CMS importers on real records (excerpts in test/fixtures/cms, copied byte for byte from
// the CMS files), and on the whole files when ../shared/data/cms is present.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  cmsDate,
  parseConvertedHcpcsCsv,
  parseCsv,
  parseFixedWidthHcpcs,
  parseOppsAddendumB,
} from '../../server/src/engine/data/cmsImport';
import { formatTable, generateTable } from '../../scripts/generate-tables';

const fixtures = join(__dirname, '..', 'fixtures', 'cms');
const excerpt = (name: string) => readFileSync(join(fixtures, name), 'latin1');
const CMS_DIR = process.env.CLAIMCHECK_CMS_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'data', 'cms');

test('cmsDate reads YYYYMMDD and rejects blanks and impossible dates', () => {
  assert.equal(cmsDate('20210401'), '2021-04-01');
  assert.equal(cmsDate('        '), undefined);
  assert.equal(cmsDate('20210231'), undefined);
  assert.equal(cmsDate('2021040'), undefined);
});

test('CSV: quoted commas, doubled quotes, CRLF and a missing final newline', () => {
  assert.deepEqual(parseCsv('a,"b, c","say ""hi"""\r\nx,,z'), [
    ['a', 'b, c', 'say "hi"'],
    ['x', '', 'z'],
  ]);
});

test('2019 fixed-width file: first and continuation records, modifiers, dates, cross reference', () => {
  const { records, problems } = parseFixedWidthHcpcs(excerpt('hcpcs-2019-excerpt.txt'));
  const byCode = new Map(records.map((r) => [r.code, r]));
  const j9039 = byCode.get('J9039')!;
  assert.equal(j9039.long, 'Injection, blinatumomab, 1 microgram');
  assert.equal(j9039.short, 'Injection, blinatumomab');
  assert.equal(j9039.added, '2016-01-01');
  assert.equal(j9039.terminated, undefined);
  const c9449 = byCode.get('C9449')!;
  assert.equal(c9449.terminated, '2015-12-31');
  assert.equal(c9449.crossReference, 'J9039');
  assert.equal(byCode.get('J9032')!.long, 'Injection, belinostat, 10 mg');
  // A0080's descriptor continues on a record with id 4.
  assert.equal(
    byCode.get('A0080')!.long,
    'Non-emergency transportation, per mile - vehicle provided by volunteer (individual or organization), with no vested interest',
  );
  const jw = byCode.get('JW')!;
  assert.equal(jw.kind, 'modifier');
  assert.equal(jw.long, 'Drug amount discarded/not administered to any patient');
  assert.equal(byCode.get('JF')!.terminated, '2015-06-30');
  // The disclaimer lines at the top of the published file are reported, not imported.
  assert.ok(problems.length >= 1 && problems.every((p) => /^line [1-8]: not a HCPCS record/.test(p)), problems.join('\n'));
});

test('2025 converted CSV: code + sequence + record id, long descriptors across records, added dates', () => {
  const { records, problems } = parseConvertedHcpcsCsv(excerpt('hcpcs-2025-excerpt.csv'));
  assert.deepEqual(problems, []);
  const byCode = new Map(records.map((r) => [r.code, r]));
  assert.equal(byCode.get('J9037')!.long, 'Injection, belantamab mafodotin-blmf, 0.5 mg');
  assert.equal(byCode.get('J9037')!.added, '2021-04-01');
  assert.equal(byCode.get('J9376')!.long, 'Injection, pozelimab-bbfg, 1 mg');
  assert.equal(byCode.get('J9376')!.added, '2024-04-01');
  assert.equal(byCode.get('J9039')!.short, 'Injection, blinatumomab');
  assert.equal(byCode.get('JZ')!.kind, 'modifier');
  assert.equal(byCode.get('JZ')!.added, '2023-01-01');
  assert.equal(byCode.get('C9069')!.crossReference, 'J9037');
  assert.match(byCode.get('AB')!.long, /^Audiology service .* hearing aids, or examinations for the purpose of prescribing, fitting, .* every 12 months, per beneficiary$/);
});

test('2025 converted CSV: a malformed Code is reported with its line, the rest still imports', () => {
  const text = 'Code,Description1,Description2,Type,Unknown1,Unknown2,Unknown3,Unknown4\nJ90390010,"Injection, x, 1 mg",,,,,,\nJ9039001003,"Injection, blinatumomab, 1 microgram",,,,,,1P     0201601012016\n';
  const { records, problems } = parseConvertedHcpcsCsv(text);
  assert.deepEqual(problems, ['line 2: Code "J90390010" is not code + sequence + record id']);
  assert.deepEqual(records.map((r) => [r.code, r.added]), [['J9039', '2016-01-01']]);
  assert.match(parseConvertedHcpcsCsv('a,b\n1,2\n').problems[0], /expected a header with Code and Description1/);
});

test('OPPS Addendum B: status indicators by code', () => {
  const { entries, problems } = parseOppsAddendumB(excerpt('opps-b-excerpt.csv'));
  assert.deepEqual(problems, []);
  const status = new Map(entries.map((e) => [e.code, e.status]));
  assert.equal(status.get('J9039'), 'K');
  assert.equal(status.get('J9045'), 'N');
  assert.equal(status.has('J9037'), false, 'J9037 is absent from Addendum B from April 2025');
});

const haveCmsFiles = existsSync(join(CMS_DIR, 'HCPC2019_CONTR_ANWEB.txt'));

test('whole CMS files: every 2019 record imports and its added date agrees with the 2025 file', { skip: !haveCmsFiles && `no CMS files at ${CMS_DIR}` }, () => {
  const historic = parseFixedWidthHcpcs(readFileSync(join(CMS_DIR, 'HCPC2019_CONTR_ANWEB.txt'), 'latin1'));
  const current = parseConvertedHcpcsCsv(readFileSync(join(CMS_DIR, 'HCPC2025_OCT_ANWEB.converted.csv'), 'latin1'));
  assert.equal(historic.records.length, 6800);
  assert.equal(current.records.length, 8846);
  assert.deepEqual(current.problems, []);
  const currentByKey = new Map(current.records.map((r) => [`${r.kind}:${r.code}`, r]));
  const disagreements = historic.records.filter((r) => currentByKey.get(`${r.kind}:${r.code}`)?.added !== r.added);
  assert.deepEqual(disagreements.map((r) => r.code), []);
});

test('server/data/hcpcs.json is what scripts/generate-tables.ts makes from the CMS files', { skip: !haveCmsFiles && `no CMS files at ${CMS_DIR}` }, () => {
  const bundled = readFileSync(join(__dirname, '..', '..', 'server', 'data', 'hcpcs.json'), 'utf8');
  assert.equal(formatTable(generateTable(CMS_DIR)), bundled, 'run npm run generate-tables');
});
