// Rounding edges of the billing arithmetic, where binary floating point bites: decimal doses in
// decimal billing units (0.1, 0.3, 0.5 mg…), doses written in mcg, mg or g, and vial totals that
// do not divide into whole units. Administered units round up and available (vial) units round
// down, so noise just above a whole number adds a unit and noise just below loses one; each
// check below fails when either direction is not guarded.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeLine, convert, unitsOf } from '../../server/src/engine/arithmetic';
import { checkText } from '../../server/src/engine/check';
import { buildServiceLine } from '../../server/src/engine/model';
import { parseLine } from '../../server/src/engine/parser';
import { loadTables } from '../../server/src/engine/tables';
import type { AmountUnit, HcpcsCode } from '../../server/src/engine/types';

const tables = loadTables();

function code(amount: number, unit: AmountUnit): HcpcsCode {
  return { code: 'J0000', long: 'Injection, test', short: 'test', unit: { amount, unit, text: `${amount} ${unit}` }, drugNames: [], sources: [] };
}

function math(lineText: string, entry: HcpcsCode) {
  return computeLine(buildServiceLine(parseLine(lineText, 0), '2025-01-15'), entry, loadTables())!;
}

/** A whole number of micrograms written as a decimal amount of mcg, mg or g, e.g. 2100 → "2.1mg". */
function written(mcg: number, unit: 'mcg' | 'mg' | 'g'): string {
  const places = { mcg: 0, mg: 3, g: 6 }[unit];
  const digits = String(mcg).padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}${unit}`;
}

/** Billing units in mg, as whole micrograms so the test's own arithmetic is exact. */
const DECIMAL_UNITS_MCG = [100, 300, 500, 10, 250, 25];

describe('decimal doses in decimal billing units', () => {
  test('written() spells amounts as a biller would', () => {
    assert.deepEqual([written(2100, 'mg'), written(280, 'mg'), written(280, 'g'), written(500, 'mcg'), written(1_500_000, 'g'), written(7000, 'mg')], ['2.1mg', '0.28mg', '0.00028g', '500mcg', '1.5g', '7mg']);
  });

  test('k billing units of dose bill exactly k units, in mg, mcg and g, for k up to 400', () => {
    for (const unitMcg of DECIMAL_UNITS_MCG) {
      const entry = code(unitMcg / 1000, 'mg');
      for (let k = 1; k <= 400; k++) {
        for (const unit of ['mg', 'mcg', 'g'] as const) {
          const dose = written(k * unitMcg, unit);
          const m = math(`J0000 dose=${dose}`, entry);
          assert.equal(m.administeredUnits, k, `${dose} in ${unitMcg / 1000} mg units`);
          // One microgram more is a started unit, which is billed whole.
          const over = written(k * unitMcg + 1, unit);
          assert.equal(math(`J0000 dose=${over}`, entry).administeredUnits, k + 1, `${over} in ${unitMcg / 1000} mg units`);
        }
      }
    }
  });

  test('a vial of k billing units holds exactly k available units, however it is written', () => {
    for (const unitMcg of DECIMAL_UNITS_MCG) {
      const entry = code(unitMcg / 1000, 'mg');
      for (let k = 1; k <= 400; k++) {
        const dose = written(unitMcg, 'mg');
        for (const unit of ['mg', 'mcg', 'g'] as const) {
          const vial = written(k * unitMcg, unit);
          const m = math(`J0000 dose=${dose} vial=${vial}`, entry);
          assert.equal(m.availableUnits, k, `vial ${vial} in ${unitMcg / 1000} mg units`);
          assert.equal(m.discardedUnits, k - 1, `vial ${vial}, one unit given`);
          // A stated waste of k units discards k units.
          assert.equal(math(`J0000 dose=${dose} waste=${vial}`, entry).discardedUnits, k, `waste ${vial}`);
        }
        // Several vials: 3 × (k units) is 3k units, not 3k − 1 (0.1 × 3 is 0.30000000000000004).
        const each = written(k * unitMcg, 'mg');
        assert.equal(math(`J0000 dose=${dose} vial=3x${each}`, entry).availableUnits, 3 * k, `vial 3x${each}`);
      }
    }
  });

  test('the cases seen in the tables: 2.1 mg of J2503 (0.3 mg a unit) is 7 units, 0.28 mg of J0461 (0.01 mg) is 28', () => {
    const j2503 = tables.hcpcs.get('J2503')!;
    const j0461 = tables.hcpcs.get('J0461')!;
    assert.deepEqual(j2503.unit && [j2503.unit.amount, j2503.unit.unit], [0.3, 'mg']);
    assert.deepEqual(j0461.unit && [j0461.unit.amount, j0461.unit.unit], [0.01, 'mg']);
    assert.equal(math('J2503 dose=2.1mg', j2503).administeredUnits, 7);
    assert.equal(math('J2503 dose=2100mcg', j2503).administeredUnits, 7);
    assert.equal(math('J0461 dose=0.28mg', j0461).administeredUnits, 28);
    assert.equal(math('J0461 dose=0.00028g', j0461).administeredUnits, 28);
    assert.equal(unitsOf({ value: 2.1, unit: 'mg' }, j2503.unit!), 7);
    assert.equal(unitsOf({ value: 0.28, unit: 'mg' }, j0461.unit!), 28);
    // And the checker agrees: the correct lines draw no units-mismatch, a wrong count does.
    const text = 'claim C-1 payer=commercial dos=2025-01-15 dx=H35.32\n  J2503 units=7 dose=2.1mg\n  J0461 units=28 dose=0.28mg\n  J0461 units=29 dose=0.28mg dos=2025-01-16\n';
    const mismatches = checkText(text, tables).filter((d) => d.id === 'units-mismatch');
    assert.deepEqual(mismatches.map((d) => d.range.start.line), [3]);
  });
});

describe('vial totals that do not divide into whole units', () => {
  test('available units round down: a part-unit left in a vial is not discarded drug that can be billed', () => {
    // 25 mg in 10 mg units: 2 whole units (2.5, rounded down), never 3.
    const m = math('J0000 dose=12mg vial=1x25mg', code(10, 'mg'));
    assert.deepEqual([m.administeredUnits, m.availableUnits, m.discardedUnits], [2, 2, 0]);
    assert.match(m.steps.join('\n'), /25 mg ÷ 10 mg = 2 units available/);
    // 2 × 253 mg = 506 mg in 10 mg units: 50 available; 475 mg given is 48 (47.5 rounded up).
    const two = math('J0000 dose=475mg vial=2x253mg', code(10, 'mg'));
    assert.deepEqual([two.administeredUnits, two.availableUnits, two.discardedUnits], [48, 50, 2]);
    // Just under a whole unit stays under it: 39.9 mcg in 1 mcg units is 39.
    assert.equal(math('J0000 dose=28mcg vial=1x39.9mcg', code(1, 'mcg')).availableUnits, 39);
    // A dose that uses the part-unit: 25 mg given from a 25 mg vial bills 3 units (2.5 rounded
    // up) while the vial holds 2 whole ones.
    const full = math('J0000 dose=25mg vial=1x25mg', code(10, 'mg'));
    assert.deepEqual([full.administeredUnits, full.availableUnits], [3, 2]);
  });

  test('a vial that holds exactly the dose is not short', () => {
    assert.equal(math('J0000 dose=25mg vial=1x25mg', code(10, 'mg')).vialShort, undefined);
    const text = 'claim C-1 payer=commercial dos=2025-01-15 dx=C34.90\n  J9173 units=3 dose=25mg vial=1x25mg\n';
    assert.deepEqual(checkText(text, tables).filter((d) => d.id === 'invalid-value').map((d) => d.message), []);
  });

  test('a stated waste that does not divide rounds down too', () => {
    assert.equal(math('J0000 dose=12mg waste=19mg', code(10, 'mg')).discardedUnits, 1);
    assert.equal(math('J0000 dose=12mg waste=0.0199g', code(10, 'mg')).discardedUnits, 1);
    assert.equal(math('J0000 dose=12mg waste=9999mcg', code(10, 'mg')).discardedUnits, 0);
  });
});

describe('mass conversions', () => {
  /** Conversions are compared to 12 significant digits: the billed units above are exact. */
  const close = (actual: number | undefined, expected: number) =>
    assert.ok(actual !== undefined && Math.abs(actual - expected) <= Math.abs(expected) * 1e-12, `${actual} ≉ ${expected}`);

  test('mcg ↔ mg ↔ g, both ways', () => {
    close(convert({ value: 2100, unit: 'mcg' }, 'mg'), 2.1);
    close(convert({ value: 2.1, unit: 'mg' }, 'mcg'), 2100);
    close(convert({ value: 0.0021, unit: 'g' }, 'mg'), 2.1);
    close(convert({ value: 2.1, unit: 'mg' }, 'g'), 0.0021);
    close(convert({ value: 1, unit: 'g' }, 'mcg'), 1_000_000);
    close(convert({ value: 28, unit: 'mcg' }, 'g'), 0.000028);
    close(convert({ value: 0.28, unit: 'mg' }, 'mg'), 0.28);
    assert.equal(convert({ value: 0.28, unit: 'mg' }, 'mg'), 0.28, 'the same unit is the same number');
  });

  test('volumes and "units" do not convert to masses, nor masses to them', () => {
    for (const [from, to] of [['ml', 'mg'], ['mg', 'ml'], ['units', 'mcg'], ['g', 'units'], ['ml', 'units']] as const) {
      assert.equal(convert({ value: 5, unit: from }, to), undefined, `${from} → ${to}`);
    }
    assert.equal(math('J0000 dose=5ml', code(0.5, 'mg')).doseIncompatible, true);
    assert.equal(math('J0000 dose=5mg vial=1x10units', code(0.5, 'mg')).wasteIncompatible, true);
  });

  test('a dose in g or mcg bills as its mg equivalent for a 10 mg code, and the reverse', () => {
    // J9173 durvalumab, 10 mg a unit: 1.5 g, 1500 mg and 1 500 000 mcg are 150 units.
    const j9173 = tables.hcpcs.get('J9173')!;
    for (const dose of ['1.5g', '1500mg', '1500000mcg']) assert.equal(math(`J9173 dose=${dose}`, j9173).administeredUnits, 150, dose);
    // J9039 blinatumomab, 1 mcg a unit: 0.028 mg and 0.000028 g are 28 units.
    const j9039 = tables.hcpcs.get('J9039')!;
    for (const dose of ['28mcg', '0.028mg', '0.000028g']) assert.equal(math(`J9039 dose=${dose}`, j9039).administeredUnits, 28, dose);
  });
});
