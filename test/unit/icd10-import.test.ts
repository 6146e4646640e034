// ICD-10-CM: the readers on real lines of the CMS/CDC files, and the bundled FY2026 table that
// scripts/generate-tables.ts makes from the files in ../shared/data/icd10cm.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatIcd10Table, generateIcd10Table } from '../../scripts/generate-tables';
import { parseIcd10CodeList, parseIcd10File, parseIcd10Line } from '../../server/src/engine/data/icd10Import';
import { loadTables } from '../../server/src/engine/tables';

const ICD_DIR = join(__dirname, '..', '..', '..', 'shared', 'data', 'icd10cm');
const haveIcdFiles = existsSync(join(ICD_DIR, 'icd10cm-codes-2026-C00-D89.txt'));

// Lines as they stand in the order file (fixed width, CRLF line ends).
const ORDER_EXCERPT = [
  '01487 C3490   1 Malignant neoplasm of unsp part of unsp bronchus or lung     Malignant neoplasm of unspecified part of unspecified bronchus or lung',
  '02625 C91     0 Lymphoid leukemia                                            Lymphoid leukemia',
  '02626 C910    0 Acute lymphoblastic leukemia [ALL]                           Acute lymphoblastic leukemia [ALL]',
  '02627 C9100   1 Acute lymphoblastic leukemia not having achieved remission   Acute lymphoblastic leukemia not having achieved remission',
].join('\r\n');

test('the order-file reader takes order number, code, billable flag and long description from each line', () => {
  assert.deepEqual(parseIcd10File(ORDER_EXCERPT), [
    { order: 1487, code: 'C3490', billable: true, description: 'Malignant neoplasm of unspecified part of unspecified bronchus or lung' },
    { order: 2625, code: 'C91', billable: false, description: 'Lymphoid leukemia' },
    { order: 2626, code: 'C910', billable: false, description: 'Acute lymphoblastic leukemia [ALL]' },
    { order: 2627, code: 'C9100', billable: true, description: 'Acute lymphoblastic leukemia not having achieved remission' },
  ]);
  // The codes file (code, spaces, description) reads as billable codes.
  assert.deepEqual(parseIcd10Line('C50A0   Malignant inflammatory neoplasm of unspecified breast'), {
    code: 'C50A0',
    billable: true,
    description: 'Malignant inflammatory neoplasm of unspecified breast',
  });
  assert.equal(parseIcd10Line(''), undefined);
  // The code list: codes only; chapter numbers and blocks are left out.
  assert.deepEqual(parseIcd10CodeList('2\nC00-C96\nC00-C75\nC00\nC000\n'), ['C00', 'C000']);
});

test('server/data/icd10cm.json is what scripts/generate-tables.ts makes from the ICD-10-CM files', { skip: !haveIcdFiles && `no ICD-10-CM files at ${ICD_DIR}` }, () => {
  const bundled = readFileSync(join(__dirname, '..', '..', 'server', 'data', 'icd10cm.json'), 'utf8');
  assert.equal(formatIcd10Table(generateIcd10Table(ICD_DIR)), bundled, 'run npm run generate-tables');
});

test('the bundled FY2026 table: billable codes with their official wording, headers not billable, the ranges it holds', () => {
  const tables = loadTables();
  const expected: Record<string, string> = {
    C9100: 'Acute lymphoblastic leukemia not having achieved remission',
    C9000: 'Multiple myeloma not having achieved remission',
    C8330: 'Diffuse large B-cell lymphoma, unspecified site',
    C50911: 'Malignant neoplasm of unspecified site of right female breast',
    C61: 'Malignant neoplasm of prostate',
    D701: 'Agranulocytosis secondary to cancer chemotherapy',
    Z5111: 'Encounter for antineoplastic chemotherapy',
    Z9221: 'Personal history of antineoplastic chemotherapy',
    // New in FY2026 or since FY2021.
    C50A0: 'Malignant inflammatory neoplasm of unspecified breast',
    C810A: 'Nodular lymphocyte predominant Hodgkin lymphoma, in remission',
    C847A: 'Anaplastic large cell lymphoma, ALK-negative, breast',
  };
  for (const [code, description] of Object.entries(expected)) {
    assert.equal(tables.icd10.get(code)?.description, description, code);
    assert.equal(tables.icd10.get(code)?.billable, true, `${code} billable`);
  }
  // C91.0 is a header (C91.00, C91.01, C91.02 are the codes), as are the categories.
  for (const header of ['C910', 'C91', 'C50', 'C50A', 'D71']) assert.equal(tables.icd10.get(header)?.billable, false, `${header} is a header`);
  assert.equal(tables.icd10.get('C910')?.description, 'Acute lymphoblastic leukemia [ALL]');
  for (const code of tables.icd10.keys()) assert.match(code, /^[A-Z][0-9][0-9A-Z]{1,5}$/, `${code} stored upper case, without the dot`);
  assert.deepEqual(tables.icd10Ranges, [
    ['C00', 'D89'],
    ['Z00', 'Z99'],
  ]);
  assert.ok(tables.sources.some((s) => s.id === 'icd10cm-2026' && s.release === 'FY2026'));
});
