// Facts of the bundled tables that public articles get wrong, checked against the CMS files.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { describeBillingUnit } from '../../server/src/engine/arithmetic';
import { codesForDrug } from '../../server/src/engine/drugs';
import { loadTables, tableInfo } from '../../server/src/engine/tables';

const tables = loadTables();
const code = (c: string) => {
  const entry = tables.hcpcs.get(c);
  assert.ok(entry, `${c} is in the table`);
  return entry;
};

test('drug codes: descriptor, billing unit and dates', () => {
  // [code, descriptor, unit, added, terminated]: J9037 ended 2025-03-31 per the January 2026 file.
  const facts: Array<[string, RegExp, string, string?, string?]> = [
    ['J9039', /blinatumomab, 1 microgram/, '1 unit = 1 mcg'],
    ['J9032', /belinostat, 10 mg/, '1 unit = 10 mg'],
    ['J9037', /belantamab mafodotin-blmf, 0\.5 mg/, '1 unit = 0.5 mg', '2021-04-01', '2025-03-31'],
    ['J9309', /polatuzumab vedotin-piiq, 1 mg/, '1 unit = 1 mg'],
    ['J9173', /durvalumab, 10 mg/, '1 unit = 10 mg'],
    ['J9376', /pozelimab-bbfg, 1 mg/, '1 unit = 1 mg', '2024-04-01'],
    ['J9307', /pralatrexate, 1 mg/, '1 unit = 1 mg'],
    ['J9393', /fulvestrant \(teva\).*25 mg/, '1 unit = 25 mg'],
  ];
  for (const [c, long, unit, added, terminated] of facts) {
    const entry = code(c);
    assert.match(entry.long, long, c);
    assert.equal(describeBillingUnit(entry.unit!), unit, c);
    if (added) assert.equal(entry.added, added, c);
    assert.equal(entry.terminated, terminated, c);
  }
  assert.doesNotMatch(code('J9032').long, /belantamab/);
});

test('drug names find their codes; a code replaced by another is terminated', () => {
  // C9442 was belinostat's pass-through code before J9032.
  assert.deepEqual(codesForDrug('belinostat', tables), ['C9442', 'J9032']);
  assert.ok(code('C9442').terminated);
  assert.ok(codesForDrug('belantamab-mafodotin', tables).includes('J9037'));
  assert.ok(codesForDrug('blinatumomab', tables).includes('J9039'));
  assert.equal(code('C9449').terminated, '2015-12-31');
  assert.equal(code('C9069').terminated, '2021-03-31', 'C9069 crosswalks to J9037, added 2021-04-01');
});

test('modifiers: JW, JZ (from 2023-01-01), and CPT 59', () => {
  assert.match(tables.modifiers.get('JW')!.long, /discarded/i);
  assert.equal(tables.modifiers.get('JZ')!.added, '2023-01-01');
  assert.ok(tables.modifiers.has('59'));
  assert.equal(tables.modifiers.has('ZZ'), false);
});

test('table info reports the release, the sources and the parsed share', () => {
  const info = tableInfo(tables);
  assert.match(info.release, /HCPCS 2026-01 .* and 2025-10/);
  assert.ok(info.codes > 9000);
  assert.ok(info.unitParsedShare > 0.85 && info.unitParsedShare <= 1);
  for (const id of ['hcpcs-2026-01', 'hcpcs-2025-10', 'hcpcs-2019', 'opps-b-2026-04', 'asp-2026-01', 'asp-ndc-2026-01', 'icd10cm-2026']) assert.ok(info.sources.some((s) => s.id === id), id);
  for (const entry of tables.hcpcs.values()) {
    for (const source of entry.sources) assert.ok(info.sources.some((s) => s.id === source), `${entry.code}: unknown source ${source}`);
  }
});

test('the January 2026 facts of issue 9: terminations, units, NDCs, billable diagnoses, container types, MUE', () => {
  // J2505 (pegfilgrastim 6 mg) ended 2021-12-31, replaced by J2506 at 0.5 mg.
  assert.equal(code('J2505').terminated, '2021-12-31');
  assert.equal(describeBillingUnit(code('J2506').unit!), '1 unit = 0.5 mg');
  assert.ok(code('J2505').sources.includes('hcpcs-2026-01'));
  // 52 J codes ended 2025-12-31 (action D in the January 2026 file), e.g. J0172 aducanumab-avwa.
  assert.equal(code('J0172').terminated, '2025-12-31');
  assert.equal(code('J0013').added, '2026-01-01');
  // Blincyto 55513-0160-01 is billed under J9039, 35 billable units a vial.
  const blincyto = tables.ndc.get('55513016001');
  assert.deepEqual(
    blincyto?.map((p) => [p.code, p.drug, p.unitsPerItem]),
    [['J9039', 'Blincyto', 35]],
  );
  assert.ok(tables.ndcByCode.get('J9039')?.some((p) => p.ndc === '55513-0160-01'));
  assert.deepEqual(tables.aspQuarter && [tables.aspQuarter.from, tables.aspQuarter.to], ['2026-01-01', '2026-03-31']);
  assert.equal(tables.payment.get('J9039')?.dosage, '1 MCG');
  // C91.0 is a category; C91.00 is billable.
  assert.equal(tables.icd10.get('C910')?.billable, false);
  assert.equal(tables.icd10.get('C9100')?.billable, true);
  // Container types: at least 200 drug codes, each with its source and quote; infliximab single-dose.
  const withContainer = [...tables.drugFacts.values()].filter((f) => f.container);
  assert.ok(withContainer.length >= 200, `${withContainer.length} codes with a container type`);
  for (const facts of withContainer) assert.ok(facts.containerSource && facts.containerEvidence, facts.code);
  assert.equal(tables.drugFacts.get('J1745')?.container, 'single-dose');
  assert.equal(tables.drugFacts.get('J1100')?.container, 'mixed');
  // J1745's MUE from its public source.
  const mue = tables.mue.get('J1745');
  assert.equal(mue?.value, 150);
  assert.match(mue!.source, /^https:\/\/med\.noridianmedicare\.com\//);
  assert.match(mue!.quote!, /J1745 = no more than 150/);
});
