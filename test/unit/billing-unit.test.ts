// The billing unit and drug name read from HCPCS long descriptors.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { drugNamesFromDescriptor, parseBillingUnit } from '../../server/src/engine/data/billingUnit';
import { loadTables } from '../../server/src/engine/tables';

const unitOf = (long: string) => {
  const result = parseBillingUnit(long);
  return 'unit' in result ? `${result.unit.amount} ${result.unit.unit}` : `noDose: ${result.noDose}`;
};

test('descriptor units: amounts, words, "per", "up to", thousands, notes and trailing text', () => {
  assert.equal(unitOf('Injection, blinatumomab, 1 microgram'), '1 mcg');
  assert.equal(unitOf('Injection, belantamab mafodotin-blmf, 0.5 mg'), '0.5 mg');
  assert.equal(unitOf('Injection, belinostat, 10 mg'), '10 mg');
  assert.equal(unitOf('Injection, ifosfamide, 1 gram'), '1 g');
  assert.equal(unitOf('Injection, mitoxantrone hydrochloride, per 5 mg'), '5 mg');
  assert.equal(unitOf('Injection, nandrolone decanoate, up to 50 mg'), '50 mg');
  assert.equal(unitOf('Cromolyn sodium, inhalation solution, compounded product, administered through dme, unit dose form, per 10 milligrams'), '10 mg');
  assert.equal(unitOf('Injection, alfentanil hydrochloride, 500 micrograms'), '500 mcg');
  assert.equal(unitOf('Injection, von willebrand factor complex (humate-p), per iu vwf:rco'), '1 units');
  assert.equal(unitOf('Injection, aprotonin, 10,000 kiu'), 'noDose: no dose in descriptor');
  assert.equal(unitOf('Injection, epoetin alfa, 1000 units (for esrd on dialysis)'), '1000 units');
  assert.equal(unitOf('Ringers lactate infusion, up to 1000 cc'), '1000 ml');
  assert.equal(unitOf('Injection, certolizumab pegol, 1 mg (code may be used for medicare when drug administered under the direct supervision of a physician, not for use when drug is self administered)'), '1 mg');
  assert.equal(unitOf('Injection, daratumumab, 10 mg and hyaluronidase-fihj'), '10 mg');
  assert.equal(unitOf('Injection, fosnetupitant 235 mg and palonosetron 0.25 mg'), 'noDose: no dose in descriptor');
  assert.equal(unitOf('Injection, fulvestrant (teva), not therapeutically equivalent to j9395, 25 mg'), '25 mg');
});

test('descriptors without a dose say why', () => {
  assert.equal(unitOf('Unclassified drugs'), 'noDose: not otherwise classified');
  assert.equal(unitOf('Not otherwise classified, antineoplastic drugs'), 'noDose: not otherwise classified');
  assert.equal(unitOf('Injection, cytomegalovirus immune globulin intravenous (human), per vial'), 'noDose: per vial');
  assert.equal(unitOf('Albuterol, up to 2.5 mg and ipratropium bromide, up to 0.5 mg, fda-approved final product, non-compounded, administered through dme'), 'noDose: several doses in one descriptor');
  assert.equal(unitOf(''), 'noDose: empty descriptor');
});

test('drug names: the segment after the route, notes removed', () => {
  assert.deepEqual(drugNamesFromDescriptor('Injection, belantamab mafodotin-blmf, 0.5 mg'), ['belantamab mafodotin-blmf']);
  assert.deepEqual(drugNamesFromDescriptor('Injection, fulvestrant (teva), not therapeutically equivalent to j9395, 25 mg'), ['fulvestrant']);
  assert.deepEqual(drugNamesFromDescriptor('Capecitabine, oral, 50 mg'), ['capecitabine']);
  assert.deepEqual(drugNamesFromDescriptor('Unclassified drugs'), []);
});

test('every drug code in the bundled table: at least 85% have a billing unit, and each unit is positive', () => {
  const tables = loadTables();
  const stats = tables.stats!;
  const fromHcpcsFile = (c: { sources: string[] }) => c.sources.includes('hcpcs-2025-10') || c.sources.includes('hcpcs-2026-01');
  const drugCodes = [...tables.hcpcs.values()].filter((c) => fromHcpcsFile(c) && (c.code.startsWith('J') || /^(?:injection|infusion),/i.test(c.long)));
  assert.equal(drugCodes.length, stats.drugCodes);
  const parsed = drugCodes.filter((c) => c.unit);
  assert.equal(parsed.length, stats.drugCodesWithUnit);
  assert.ok(stats.unitParsedShare >= 0.85, `parsed share ${stats.unitParsedShare}`);
  for (const c of parsed) assert.ok(c.unit!.amount > 0, c.code);
  for (const c of drugCodes.filter((c) => !c.unit)) assert.ok(c.noDose, `${c.code} has neither unit nor reason`);
  console.log(`billing units read for ${parsed.length}/${drugCodes.length} drug codes (${(stats.unitParsedShare * 100).toFixed(1)}%)`);
});
