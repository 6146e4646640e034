// The ICD-10-CM subset: the importer on real lines of its source (the CMS/CDC order file), and the
// bundled table it generated.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildIcd10Table, isKept, parseIcd10File, parseIcd10Line } from '../../scripts/import-icd10';
import { loadTables } from '../../server/src/engine/tables';

// Five lines as they stand in icd10cm-order-Jan-2021.txt (fixed width, CRLF line ends).
const ORDER_EXCERPT = [
  '01487 C3490   1 Malignant neoplasm of unsp part of unsp bronchus or lung     Malignant neoplasm of unspecified part of unspecified bronchus or lung',
  '02625 C91     0 Lymphoid leukemia                                            Lymphoid leukemia',
  '02626 C910    0 Acute lymphoblastic leukemia [ALL]                           Acute lymphoblastic leukemia [ALL]',
  '02627 C9100   1 Acute lymphoblastic leukemia not having achieved remission   Acute lymphoblastic leukemia not having achieved remission',
  '94388 Z5111   1 Encounter for antineoplastic chemotherapy                    Encounter for antineoplastic chemotherapy',
].join('\r\n');

test('the importer reads order number, code, billable flag and long description from each order-file line', () => {
  assert.deepEqual(parseIcd10File(ORDER_EXCERPT), [
    { order: 1487, code: 'C3490', billable: true, description: 'Malignant neoplasm of unspecified part of unspecified bronchus or lung' },
    { order: 2625, code: 'C91', billable: false, description: 'Lymphoid leukemia' },
    { order: 2626, code: 'C910', billable: false, description: 'Acute lymphoblastic leukemia [ALL]' },
    { order: 2627, code: 'C9100', billable: true, description: 'Acute lymphoblastic leukemia not having achieved remission' },
    { order: 94388, code: 'Z5111', billable: true, description: 'Encounter for antineoplastic chemotherapy' },
  ]);
  // The plain codes file (code, spaces, description) reads as billable codes.
  assert.deepEqual(parseIcd10Line('C9100   Acute lymphoblastic leukemia not having achieved remission'), {
    code: 'C9100',
    billable: true,
    description: 'Acute lymphoblastic leukemia not having achieved remission',
  });
  assert.equal(parseIcd10Line(''), undefined);
});

test('the importer keeps billable codes of the kept ranges, and 3-character headers as categories', () => {
  const table = buildIcd10Table(parseIcd10File(ORDER_EXCERPT));
  assert.deepEqual(table.codes, {
    C3490: 'Malignant neoplasm of unspecified part of unspecified bronchus or lung',
    C9100: 'Acute lymphoblastic leukemia not having achieved remission',
    Z5111: 'Encounter for antineoplastic chemotherapy',
  });
  assert.deepEqual(table.categories, { C91: 'Lymphoid leukemia' });
  assert.ok(isKept('C9100') && isKept('D499') && isKept('D841') && isKept('D899') && isKept('E883') && isKept('K909'));
  assert.ok(isKept('Z08') && isKept('Z5112') && isKept('Z85850') && isKept('Z9221'));
  assert.ok(!isKept('E119') && !isKept('D900') && !isKept('Z9222') && !isKept('Z000') && !isKept('B20'));
});

test('the bundled table has the kept ranges, without dots, with the official wording', () => {
  const file = JSON.parse(readFileSync(join(__dirname, '..', '..', 'server', 'data', 'icd10cm.json'), 'utf8')) as {
    source: { repo: string; path: string; commit: string; release: string };
    codes: Record<string, string>;
    categories: Record<string, string>;
  };
  const codes = Object.keys(file.codes);
  assert.ok(codes.length > 1000, `${codes.length} codes`);
  assert.match(file.source.commit, /^[0-9a-f]{40}$/);
  for (const code of [...codes, ...Object.keys(file.categories)]) assert.match(code, /^[A-Z][0-9][0-9A-Z]{1,5}$/, `${code} stored upper case, without the dot`);
  const expected: Record<string, string> = {
    C9100: 'Acute lymphoblastic leukemia not having achieved remission',
    C9000: 'Multiple myeloma not having achieved remission',
    C8330: 'Diffuse large B-cell lymphoma, unspecified site',
    C50911: 'Malignant neoplasm of unspecified site of right female breast',
    C3490: 'Malignant neoplasm of unspecified part of unspecified bronchus or lung',
    C61: 'Malignant neoplasm of prostate',
    D701: 'Agranulocytosis secondary to cancer chemotherapy',
    D841: 'Defects in the complement system',
    Z5111: 'Encounter for antineoplastic chemotherapy',
    Z5112: 'Encounter for antineoplastic immunotherapy',
    Z9221: 'Personal history of antineoplastic chemotherapy',
  };
  for (const [code, description] of Object.entries(expected)) assert.equal(file.codes[code], description, code);
  assert.equal(file.categories.C91, 'Lymphoid leukemia');
  // Headers are not billable codes.
  assert.equal(file.codes.C91, undefined);
  assert.equal(file.codes.C910, undefined);
  // The engine reads it: codes and categories both answer hovers.
  const icd10 = loadTables().icd10;
  assert.equal(icd10.get('C9100')?.description, expected.C9100);
  assert.equal(icd10.get('C91')?.description, 'Lymphoid leukemia');
});
