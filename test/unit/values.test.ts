// The value forms and the arithmetic's edges that the rule fixtures do not reach: amounts and vials
// that are zero or too large to be numbers, dates that do not exist, ICD-10-CM and NDC forms,
// unit counts a fix may write, the billable limit, and the explanation steps in words. Written
// against the survivors of `npm run mutate` (docs/testing.md).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, test } from 'node:test';
import { computeLine, convert, isBillableCount, MAX_BILLABLE_UNITS } from '../../server/src/engine/arithmetic';
import { loadTables } from '../../server/src/engine/tables';
import { buildServiceLine } from '../../server/src/engine/model';
import { parseLine } from '../../server/src/engine/parser';
import type { AmountUnit, HcpcsCode } from '../../server/src/engine/types';
import { AMOUNT_UNITS, CHARGE_FORM, CPT_MODIFIER_FORM, displayIcd10, displayNdc, DRUG_NAME_FORM, elevenDigitNdc, isCalendarDate, isIcd10Form, NDC_FORM, ndcDigits, parseQuantity, parseVial, parseVialCount, POS_FORM } from '../../server/src/engine/values';

function code(amount: number, unit: AmountUnit): HcpcsCode {
  return { code: 'J0000', long: 'Injection, test', short: 'test', unit: { amount, unit, text: `${amount} ${unit}` }, drugNames: [], sources: [] };
}

function math(lineText: string, entry: HcpcsCode) {
  return computeLine(buildServiceLine(parseLine(lineText, 0), '2025-01-15'), entry, loadTables())!;
}

describe('amounts and vials', () => {
  test('the amount units, in any case', () => {
    assert.deepEqual([...AMOUNT_UNITS], ['mcg', 'mg', 'g', 'ml', 'units']);
    assert.deepEqual(parseQuantity('28MCG'), { value: 28, unit: 'mcg' });
    assert.deepEqual(parseQuantity('1.5 G'), { value: 1.5, unit: 'g' });
    assert.deepEqual(parseVial('2X100MG'), { count: 2, each: { value: 100, unit: 'mg' }, total: { value: 200, unit: 'mg' } });
  });

  test('zero is a problem, not an amount; so is a number too large to be one', () => {
    assert.equal(parseQuantity('0mg'), 'zero');
    assert.equal(parseQuantity('0.0mg'), 'zero');
    assert.deepEqual(parseQuantity('0.001mg'), { value: 0.001, unit: 'mg' });
    assert.equal(parseQuantity(`${'9'.repeat(400)}mg`), 'not-finite');
    assert.equal(parseVial('0x100mg'), 'zero');
    assert.equal(parseVial('2x0mg'), 'zero');
    assert.equal(parseVial('1x0.0mg'), 'zero');
    assert.equal(parseVial(`2x${'9'.repeat(400)}mg`), 'not-finite');
    assert.deepEqual(parseVial('1x0.5mg'), { count: 1, each: { value: 0.5, unit: 'mg' }, total: { value: 0.5, unit: 'mg' } });
    assert.equal(parseVial('mg'), undefined);
  });

  test('the same unit converts to itself, volumes and "units" included', () => {
    assert.equal(convert({ value: 5, unit: 'ml' }, 'ml'), 5);
    assert.equal(convert({ value: 250, unit: 'units' }, 'units'), 250);
    assert.equal(math('J0000 dose=5ml', code(1, 'ml')).administeredUnits, 5);
    assert.equal(math('J0000 dose=2500units vial=1x3000units', code(100, 'units')).discardedUnits, 5);
  });
});

describe('the billable limit', () => {
  test('a unit count a fix may write is a whole number from 1 to MAX_BILLABLE_UNITS', () => {
    assert.equal(MAX_BILLABLE_UNITS, 999_999);
    for (const ok of [1, 2, 28, MAX_BILLABLE_UNITS]) assert.equal(isBillableCount(ok), true, String(ok));
    for (const bad of [0, -1, 1.5, MAX_BILLABLE_UNITS + 1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) assert.equal(isBillableCount(bad), false, String(bad));
  });

  test('a dose, vial or waste beyond it computes no count, and says which', () => {
    const entry = code(1, 'mg');
    assert.equal(math(`J0000 dose=${MAX_BILLABLE_UNITS}mg`, entry).administeredUnits, MAX_BILLABLE_UNITS);
    const dose = math(`J0000 dose=${MAX_BILLABLE_UNITS + 1}mg`, entry);
    assert.deepEqual([dose.administeredUnits, dose.beyondBillable], [undefined, 'dose']);
    assert.equal(math(`J0000 dose=1mg vial=1x${MAX_BILLABLE_UNITS}mg`, entry).availableUnits, MAX_BILLABLE_UNITS);
    const vial = math(`J0000 dose=1mg vial=1x${MAX_BILLABLE_UNITS + 1}mg`, entry);
    assert.deepEqual([vial.administeredUnits, vial.availableUnits, vial.discardedUnits, vial.beyondBillable], [1, undefined, undefined, 'vial']);
    assert.equal(math(`J0000 dose=1mg waste=${MAX_BILLABLE_UNITS}mg`, entry).discardedUnits, MAX_BILLABLE_UNITS);
    const waste = math(`J0000 dose=1mg waste=${MAX_BILLABLE_UNITS + 1}mg`, entry);
    assert.deepEqual([waste.discardedUnits, waste.beyondBillable], [undefined, 'waste']);
    // The dose is named first when both are beyond.
    assert.equal(math(`J0000 dose=${MAX_BILLABLE_UNITS + 1}mg vial=1x${MAX_BILLABLE_UNITS + 2}mg`, entry).beyondBillable, 'dose');
    assert.equal(math(`J0000 dose=${MAX_BILLABLE_UNITS + 1}mg waste=${MAX_BILLABLE_UNITS + 2}mg`, entry).beyondBillable, 'dose');
  });

  test('a stated waste that cannot convert is flagged, not computed', () => {
    const m = math('J0000 dose=12mg waste=5ml', code(10, 'mg'));
    assert.deepEqual([m.wasteIncompatible, m.discardedUnits], [true, undefined]);
  });
});

describe('the steps in words', () => {
  test('a dose rounded up says so; a whole one does not', () => {
    assert.deepEqual(math('J0000 dose=180.2mg', code(0.5, 'mg')).steps, ['dose 180.2 mg ÷ 0.5 mg = 361 units (360.4, rounded up)']);
    assert.deepEqual(math('J0000 dose=180mg', code(0.5, 'mg')).steps, ['dose 180 mg ÷ 0.5 mg = 360 units']);
    assert.deepEqual(math('J0000 dose=7mg', code(10, 'mg')).steps, ['dose 7 mg ÷ 10 mg = 1 unit (0.7, rounded up)']);
  });

  test('one vial is not written as "1 ×"; nothing discarded → JZ', () => {
    assert.deepEqual(math('J0000 dose=28mcg vial=1x28mcg', code(1, 'mcg')).steps, [
      'dose 28 mcg ÷ 1 mcg = 28 units',
      'vial 28 mcg ÷ 1 mcg = 28 units available',
      '28 available − 28 administered = 0 units discarded → JZ on this line',
    ]);
  });

  test('a stated waste: rounded down, then JW or JZ', () => {
    assert.deepEqual(math('J0000 dose=144mg waste=26mg', code(1, 'mg')).steps, ['dose 144 mg ÷ 1 mg = 144 units', 'waste 26 mg ÷ 1 mg = 26 units discarded (rounded down) → a JW line']);
    assert.deepEqual(math('J0000 dose=12mg waste=9mg', code(10, 'mg')).steps, ['dose 12 mg ÷ 10 mg = 2 units (1.2, rounded up)', 'waste 9 mg ÷ 10 mg = 0 units discarded (rounded down) → JZ on this line']);
    assert.deepEqual(math('J0000 dose=12mg waste=10mg', code(10, 'mg')).steps[1], 'waste 10 mg ÷ 10 mg = 1 unit discarded (rounded down) → a JW line');
  });
});

describe('dates, ICD-10-CM and NDC forms', () => {
  test('a calendar date exists and is written YYYY-MM-DD, nothing around it', () => {
    for (const ok of ['2025-01-15', '2024-02-29', '2025-12-31']) assert.equal(isCalendarDate(ok), true, ok);
    for (const bad of ['2025-02-30', '2023-02-29', '2025-13-01', '2025-00-15', '2025-12-32', '2025-01-00', 'x2025-01-15', '2025-01-15x', '2025-1-15', 'abc', '']) {
      assert.equal(isCalendarDate(bad), false, bad);
    }
  });

  test('ICD-10-CM form: three characters, or a dot after the third and up to four more', () => {
    for (const ok of ['C91', 'C91.00', 'C9100', 'c91.00', 'Z51.12', 'C50.911', 'D84.1']) assert.equal(isIcd10Form(ok), true, ok);
    for (const bad of ['XC9100', 'C9100000', 'C91.00000', 'U07.1', 'C9.1', 'C91.', '9C1.00', 'C91..0']) assert.equal(isIcd10Form(bad), false, bad);
  });

  test('an ICD-10-CM code is displayed with its dot after the third character', () => {
    assert.equal(displayIcd10('C9100'), 'C91.00');
    assert.equal(displayIcd10('Z5112'), 'Z51.12');
    assert.equal(displayIcd10('C50911'), 'C50.911');
    assert.equal(displayIcd10('D841'), 'D84.1');
    assert.equal(displayIcd10('C91'), 'C91');
  });

  test('an NDC is 5-4-2 digits or the same 11 digits without hyphens, and nothing else', () => {
    assert.equal(NDC_FORM.test('55513-0160-01'), true);
    assert.equal(NDC_FORM.test('55513016001'), true);
    for (const bad of ['x55513-0160-01', '55513-0160-011', '5551-0160-01', '55513-160-01', '5551301600', '555130160011', '55513-016001', '55513 0160 01']) {
      assert.equal(NDC_FORM.test(bad), false, bad);
    }
    assert.equal(ndcDigits('55513-0160-01'), '55513016001');
    assert.equal(displayNdc('55513016001'), '55513-0160-01');
    assert.equal(displayNdc('55513-0160-01'), '55513-0160-01');
  });

  test('a 10-digit NDC with hyphens is padded to 11 digits in its short segment', () => {
    assert.equal(elevenDigitNdc('5551-0160-01'), '05551-0160-01');
    assert.equal(elevenDigitNdc('55513-160-01'), '55513-0160-01');
    assert.equal(elevenDigitNdc('55513-0160-1'), '55513-0160-01');
    for (const other of ['55513-0160-01', '555-0160-01', '55513016001', '5551-160-01']) assert.equal(elevenDigitNdc(other), undefined, other);
  });

  test('vial: mixed sizes are summed in the first unit; a bare count is a count', () => {
    assert.deepEqual(parseVial('1x500mg+3x100mg'), {
      count: 4,
      each: { value: 500, unit: 'mg' },
      total: { value: 800, unit: 'mg' },
      parts: [
        { count: 1, each: { value: 500, unit: 'mg' } },
        { count: 3, each: { value: 100, unit: 'mg' } },
      ],
    });
    assert.deepEqual((parseVial('1x0.5g+100mg') as { total: unknown }).total, { value: 0.6, unit: 'g' });
    assert.equal(parseVial('1x500mg+2x10ml'), 'mixed-units');
    assert.equal(parseVial('1x500mg+0x100mg'), 'zero');
    for (const bad of ['1x500mg+', '+100mg', '1x500mg++100mg', '1x500mg+3']) assert.equal(parseVial(bad), undefined, bad);
    assert.equal(parseVialCount('2'), 2);
    assert.equal(parseVialCount('0'), 'zero');
    assert.equal(parseVialCount('9'.repeat(30)), 'not-finite');
    for (const not of ['2x', '2x100mg', '1.5', '']) assert.equal(parseVialCount(not), undefined, not);
  });

  test('charges, drug names, places of service and CPT modifiers: their whole forms only', () => {
    for (const ok of ['12', '12.5', '12.50', '1200']) assert.equal(CHARGE_FORM.test(ok), true, ok);
    for (const bad of ['12,50', '12.505', '.5', '12.', 'a12', '12.x']) assert.equal(CHARGE_FORM.test(bad), false, bad);
    for (const ok of ['blinatumomab', 'Belantamab-mafodotin']) assert.equal(DRUG_NAME_FORM.test(ok), true, ok);
    for (const bad of ['blin4', '4blin', '-blin', 'blin atumomab']) assert.equal(DRUG_NAME_FORM.test(bad), false, bad);
    assert.equal(POS_FORM.test('11'), true);
    for (const bad of ['1', '111', 'x11', '11x']) assert.equal(POS_FORM.test(bad), false, bad);
    assert.equal(CPT_MODIFIER_FORM.test('59'), true);
    for (const bad of ['5', '591', 'X59', '59X', 'JW']) assert.equal(CPT_MODIFIER_FORM.test(bad), false, bad);
  });
});

// The usual doses, vials and diagnoses are read by a character scan, the rest by the regular
// expressions of the claim language's grammar: both must read every text alike.
describe('the character scans agree with the grammar', () => {
  const NUMBER = '(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)';
  const QUANTITY = new RegExp(`^(${NUMBER})\\s*(mcg|mg|g|ml|units)$`, 'i');
  const VIAL = new RegExp(`^(?:([0-9]+)[xX])?(${NUMBER})\\s*(mcg|mg|g|ml|units)$`, 'i');
  const ICD10 = /^[A-TV-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$/;
  const grammarQuantity = (text: string) => {
    const m = QUANTITY.exec(text);
    if (!m) return undefined;
    const value = Number(m[1]);
    if (!Number.isFinite(value)) return 'not-finite';
    return value > 0 ? { value, unit: m[2].toLowerCase() } : 'zero';
  };
  const grammarVial = (text: string) => {
    const m = VIAL.exec(text);
    if (!m) return undefined;
    const count = m[1] === undefined ? 1 : Number(m[1]);
    const value = Number(m[2]);
    if (!Number.isFinite(count * value)) return 'not-finite';
    if (count < 1 || value <= 0) return 'zero';
    return { count, value, unit: m[3].toLowerCase(), total: count * value };
  };
  const grammarIcd10 = (text: string) => ICD10.test(text.toUpperCase()) && [-1, 3].includes(text.toUpperCase().indexOf('.'));
  const texts = fc.oneof(
    fc.array(fc.constantFrom(...'0123456789.xXmMgGcClLuUnNiItTsS ıſ'.split('')), { maxLength: 14 }).map((a) => a.join('')),
    fc.tuple(fc.nat(40), fc.constantFrom('x', 'X', ''), fc.double({ min: 0, max: 1e25, noNaN: true }), fc.constantFrom('mg', 'MCG', 'g', 'units', 'mL', 'u')).map(([c, x, v, u]) => `${x ? c : ''}${x}${v}${u}`),
    fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.constantFrom('mg', 'mcg', 'G')).map(([b, u]) => `${b}${u}`),
  );
  const icdTexts = fc.array(fc.constantFrom(...'AaCcUuZz0959.xXı-'.split('')), { maxLength: 9 }).map((a) => a.join(''));

  test('doses and vials', () => {
    fc.assert(
      fc.property(texts, (text) => {
        assert.deepEqual(parseQuantity(text), grammarQuantity(text), text);
        const vial = parseVial(text);
        const expected = grammarVial(text);
        if (typeof expected !== 'object') assert.equal(vial, expected, text);
        else {
          assert.ok(typeof vial === 'object', text);
          assert.deepEqual([vial.count, vial.each.value, vial.each.unit, vial.total.unit], [expected.count, expected.value, expected.unit, expected.unit], text);
          assert.ok(Math.abs(vial.total.value - expected.total) <= expected.total * 1e-12, text);
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('ICD-10-CM forms', () => {
    fc.assert(fc.property(icdTexts, (text) => assert.equal(isIcd10Form(text), grammarIcd10(text), text)), { numRuns: 3000 });
    for (const text of ['C91.00', 'c9100', 'C91.', 'C91', 'U07.1', 'C9.100', 'C91.0000', 'C91.00000', 'Cı1']) assert.equal(isIcd10Form(text), grammarIcd10(text), text);
  });
});
