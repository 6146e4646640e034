// Billing arithmetic: administered units round up, discarded units round down, and dose plus
// waste within one billing unit means one line with JZ.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeLine, convert } from '../../server/src/engine/arithmetic';
import { loadTables } from '../../server/src/engine/tables';
import { buildServiceLine } from '../../server/src/engine/model';
import { parseLine } from '../../server/src/engine/parser';
import type { AmountUnit, HcpcsCode } from '../../server/src/engine/types';

function code(amount: number, unit: AmountUnit): HcpcsCode {
  return { code: 'J0000', long: 'Injection, test', short: 'test', unit: { amount, unit, text: `${amount} ${unit}` }, drugNames: [], sources: [] };
}

function math(lineText: string, entry: HcpcsCode) {
  return computeLine(buildServiceLine(parseLine(lineText, 0), '2025-01-15'), entry, loadTables())!;
}

test('mass units convert; other units do not', () => {
  assert.equal(convert({ value: 1.5, unit: 'g' }, 'mg'), 1500);
  assert.equal(convert({ value: 28, unit: 'mcg' }, 'mg'), 0.028);
  assert.equal(convert({ value: 1, unit: 'g' }, 'mcg'), 1_000_000);
  assert.equal(convert({ value: 5, unit: 'ml' }, 'mg'), undefined);
  assert.equal(convert({ value: 5, unit: 'units' }, 'mcg'), undefined);
});

test('administered units = dose ÷ billing unit, rounded up', () => {
  assert.equal(math('J0000 dose=28mcg', code(1, 'mcg')).administeredUnits, 28);
  assert.equal(math('J0000 dose=180mg', code(0.5, 'mg')).administeredUnits, 360);
  assert.equal(math('J0000 dose=180.2mg', code(0.5, 'mg')).administeredUnits, 361);
  assert.equal(math('J0000 dose=1.5g', code(10, 'mg')).administeredUnits, 150);
  assert.equal(math('J0000 dose=7mg', code(10, 'mg')).administeredUnits, 1);
  // Float noise must not add a unit: 2.1 mg ÷ 0.3 mg is 7.000000000000001 in binary floating
  // point, 8 units when rounded up unguarded. (0.3 ÷ 0.1 is 2.9999999999999996, which rounds up
  // to 3 guarded or not, so it alone cannot catch a missing guard.) More in rounding.test.ts.
  assert.equal(math('J0000 dose=2.1mg', code(0.3, 'mg')).administeredUnits, 7);
  assert.equal(math('J0000 dose=0.3mg', code(0.1, 'mg')).administeredUnits, 3);
});

test('discarded units = available (rounded down) − administered', () => {
  const m = math('J0000 dose=180mg vial=2x100mg', code(0.5, 'mg'));
  assert.equal(m.availableUnits, 400);
  assert.equal(m.discardedUnits, 40);
  const infliximab = math('J0000 dose=350mg vial=4x100mg', code(10, 'mg'));
  assert.deepEqual([infliximab.administeredUnits, infliximab.discardedUnits], [35, 5]);
});

test('dose and waste within one billing unit: nothing discarded, so JZ', () => {
  // Noridian's example: 100 mg vial, 1 unit = 100 mg, 70 mg given → 1 unit with JZ, no JW line.
  const m = math('J0000 dose=70mg vial=1x100mg', code(100, 'mg'));
  assert.deepEqual([m.administeredUnits, m.availableUnits, m.discardedUnits], [1, 1, 0]);
  assert.match(m.steps.join('\n'), /→ JZ on this line/);
  // 7 mg of a 10 mg vial in 10 mg units: bill the whole unit, nothing to waste.
  assert.equal(math('J0000 dose=7mg vial=10mg', code(10, 'mg')).discardedUnits, 0);
});

test('a stated waste converts and rounds down', () => {
  assert.equal(math('J0000 dose=144mg waste=26mg', code(1, 'mg')).discardedUnits, 26);
  assert.equal(math('J0000 dose=12mg waste=9mg', code(10, 'mg')).discardedUnits, 0);
  assert.equal(math('J0000 dose=12mg waste=0.025g', code(10, 'mg')).discardedUnits, 2);
});

test('incompatible units and short vials are flagged, not computed', () => {
  assert.equal(math('J0000 dose=5ml', code(1, 'mcg')).doseIncompatible, true);
  assert.equal(math('J0000 dose=5mg vial=1x2ml', code(1, 'mg')).wasteIncompatible, true);
  const short = math('J0000 dose=180mg vial=1x100mg', code(0.5, 'mg'));
  assert.equal(short.vialShort, true);
  assert.equal(short.discardedUnits, undefined);
});

test('the steps explain the arithmetic in words', () => {
  const m = math('J0000 dose=180mg vial=2x100mg', code(0.5, 'mg'));
  assert.deepEqual(m.steps, [
    'dose 180 mg ÷ 0.5 mg = 360 units',
    'vial 2 × 100 mg = 200 mg ÷ 0.5 mg = 400 units available',
    '400 available − 360 administered = 40 units discarded → a JW line',
  ]);
});
