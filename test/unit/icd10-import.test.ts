// The ICD-10-CM subset: the importer on real lines of its source, and the bundled table.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { isKept, parseIcdCodeFile } from '../../scripts/import-icd10';
import { loadTables } from '../../server/src/engine/tables';

// Three entries as they stand in medtrack-io/icd_code lib/codes/codes_c91.ex.
const EXCERPT = `defmodule IcdCode.ICDCode.Codes_C91 do
	def _C9100 do 
		%ICDCode{full_code: "C9100",
        		category_code: "C91",
        		short_code: "00",
        		full_name: "Acute lymphoblastic leukemia not having achieved remission",
        		short_name: "Acute lymphoblastic leukemia not having achieved remission",
        		category_name: "Acute lymphoblastic leukemia not having achieved remission"
        		}
	end
	def _C9101 do 
		%ICDCode{full_code: "C9101",
        		category_code: "C91",
        		short_code: "01",
        		full_name: "Acute lymphoblastic leukemia, in remission",
        		short_name: "Acute lymphoblastic leukemia, in remission",
        		category_name: "Acute lymphoblastic leukemia, in remission"
        		}
	end
end`;

test('the importer reads code and full name from each entry', () => {
  assert.deepEqual([...parseIcdCodeFile(EXCERPT)], [
    ['C9100', 'Acute lymphoblastic leukemia not having achieved remission'],
    ['C9101', 'Acute lymphoblastic leukemia, in remission'],
  ]);
  assert.ok(isKept('C9100') && isKept('D499') && isKept('Z5112') && isKept('C61'));
  assert.ok(!isKept('E119') && !isKept('D500') && !isKept('Z000'));
});

test('the bundled table covers the neoplasm chapter and the codes the examples use, with official wording', () => {
  const icd10 = loadTables().icd10;
  assert.ok(icd10.size > 1500, `${icd10.size} codes`);
  const expected: Record<string, string> = {
    C9100: 'Acute lymphoblastic leukemia not having achieved remission',
    C9000: 'Multiple myeloma not having achieved remission',
    C3490: 'Malignant neoplasm of unspecified part of unspecified bronchus or lung',
    C8330: 'Diffuse large B-cell lymphoma, unspecified site',
    C8440: 'Peripheral T-cell lymphoma, not classified, unspecified site',
    C50911: 'Malignant neoplasm of unspecified site of right female breast',
    Z5112: 'Encounter for antineoplastic immunotherapy',
    C61: 'Malignant neoplasm of prostate',
  };
  for (const [code, description] of Object.entries(expected)) assert.equal(icd10.get(code)?.description, description, code);
  for (const code of icd10.keys()) assert.match(code, /^[A-Z][0-9][0-9A-Z]{1,5}$/, 'stored without the dot');
});
