// MUE limits: the reader for the CMS MUE tables a user downloads (fixture files written here in the
// CMS layout), claimcheck import refusing a malformed file as a whole, and the rule reading an
// imported table over the curated one.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkText } from '../../server/src/engine/check';
import { parseMueCsv } from '../../server/src/engine/data/mueImport';
import { formatTablePack, importTables } from '../../server/src/engine/data/importTables';
import { loadTables } from '../../server/src/engine/tables';
import { tempFolder } from '../helpers/cli';


/** A CMS MUE table as downloaded: notices first, then the header and one row per code. */
function mueCsv(kind: string, rows: string[][]): string {
  const notice = '"CPT codes, descriptions and other data only are copyright American Medical Association. All rights reserved."';
  const header = `"HCPCS/CPT Code","${kind} MUE Values","MUE Adjudication Indicator","MUE Rationale"`;
  return [notice, '""', header, ...rows.map((r) => r.map((c) => `"${c}"`).join(','))].join('\r\n') + '\r\n';
}

const PRACTITIONER = mueCsv('Practitioner Services', [
  ['J1745', '140', '3 Date of Service Edit: Clinical', 'Prescribing Information'],
  ['J9173', '150', '1 Line Edit', 'Prescribing Information'],
  ['J9039', '784', '2 Date of Service Edit: Policy', 'Nature of Service/Procedure'],
]);

test('the reader takes code, value and MAI from each row, and the table kind from the header', () => {
  const parsed = parseMueCsv(PRACTITIONER, 'MCR_MUE_PractitionerServices_Eff_01-01-2026.csv', '2026-01');
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.table, 'practitioner');
  assert.deepEqual(
    parsed.limits.map((l) => [l.code, l.value, l.mai]),
    [
      ['J1745', 140, 3],
      ['J9173', 150, 1],
      ['J9039', 784, 2],
    ],
  );
  assert.equal(parsed.limits[0].source, 'MCR_MUE_PractitionerServices_Eff_01-01-2026.csv');
  assert.equal(parseMueCsv(mueCsv('Outpatient Hospital Services', [['J1745', '150', '3 Date of Service Edit: Clinical', '']]), 'o.csv').table, 'outpatient hospital');
  assert.equal(parseMueCsv(mueCsv('DME Supplier Services', [['E0100', '1', '2 Date of Service Edit: Policy', '']]), 'd.csv').table, 'DME supplier');
});

test('a malformed row is named by line and field; a file that is not an MUE table says so', () => {
  const bad = mueCsv('Practitioner Services', [
    ['J1745', '150', '3 Date of Service Edit: Clinical', ''],
    ['J9173', 'many', '1 Line Edit', ''],
    ['J93', '10', '3 Date of Service Edit: Clinical', ''],
    ['J9039', '10', '4 Something', ''],
  ]);
  assert.deepEqual(parseMueCsv(bad, 'bad.csv').problems, [
    'line 5: Practitioner Services MUE Values "many" for J9173 is not a whole number',
    'line 6: HCPCS/CPT Code "J93" is not a code',
    'line 7: MUE Adjudication Indicator "4 Something" for J9039 is not 1, 2 or 3',
  ]);
  assert.match(parseMueCsv('Code,Description\nJ1745,infliximab\n', 'x.csv').problems[0], /not a CMS MUE table/);
});

test('imported through claimcheck import: a malformed file is refused; a good one is read over the curated limits, code by code', () => {
  const bad = importTables([{ name: 'bad.csv', text: mueCsv('Practitioner Services', [['J1745', 'x', '3', '']]) }]);
  assert.deepEqual(bad, { ok: false, problems: ['bad.csv line 4: Practitioner Services MUE Values "x" for J1745 is not a whole number'] });

  // Before: the curated J1745 limit (150, Noridian, MAI not stated).
  const header = 'claim C-1 payer=commercial dos=2025-01-15 dx=K50.90\n';
  const curated = checkText(`${header}  J1745 units=145 dose=1450mg\n`, loadTables());
  assert.equal(curated.filter((d) => d.id === 'mue-exceeded').length, 0);

  const good = importTables([{ name: 'MCR_MUE_PractitionerServices_Eff_01-01-2026.csv', text: PRACTITIONER }]);
  assert.ok(good.ok);
  assert.deepEqual(good.files, [{ file: 'MCR_MUE_PractitionerServices_Eff_01-01-2026.csv', kind: 'mue', release: '2026-01', records: 3 }]);
  const pack = join(tempFolder({}, 'claimcheck-mue-'), 'mue-2026-01.json');
  writeFileSync(pack, formatTablePack(good.pack));
  const tables = loadTables(undefined, { extraTables: [pack], reload: true });
  assert.deepEqual(tables.problems, []);
  assert.equal(tables.mue.get('J1745')?.value, 140);
  const found = checkText(`${header}  J1745 units=145 dose=1450mg\n`, tables).find((d) => d.id === 'mue-exceeded');
  assert.ok(found, 'the imported 140 applies');
  assert.match(found.message, /145 units of J1745 on 2025-01-15 exceed its medically unlikely edit of 140 units per day \(MAI 3, CMS practitioner MUE table, 2026-01\)/);
  // MAI 1 (J9173, 150 a line): two lines of 100 on one day pass; one line of 151 does not.
  const perLine = checkText(`${header}  J9173 units=100 dose=1000mg\n  J9173-KX units=100 dose=1000mg\n  J9173-59 units=151 dose=1510mg\n`, tables).filter((d) => d.id === 'mue-exceeded');
  assert.deepEqual(perLine.map((d) => d.range.start.line), [3]);
  assert.match(perLine[0].message, /151 units of J9173 on one line exceed its medically unlikely edit of 150 units per line \(MAI 1/);
  assert.ok(tables.sources.some((s) => s.id === 'import-mue-1' && s.release === '2026-01'));
});
