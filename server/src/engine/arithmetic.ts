// Billing arithmetic: dose → administered units (rounded up), vial or waste → discarded units
// (rounded down). See docs/claim-language.md and the shared rules' section 7.
import type { AmountUnit, BillingUnit, HcpcsCode, Quantity, ServiceLine } from './types';
import { formatNumber, formatQuantity, plural, snapToWhole } from './values';

const MASS_IN_MCG: Partial<Record<AmountUnit, number>> = { mcg: 1, mg: 1000, g: 1_000_000 };

/**
 * The most units one line can bill. Real lines stay far below it (factor products bill a few
 * thousand IU); a computed count above it comes from a mistyped dose, so no fix writes it.
 */
export const MAX_BILLABLE_UNITS = 999_999;

/** The factor that turns an amount in `from` into `to`; undefined when they measure different things. */
function conversionFactor(from: AmountUnit, to: AmountUnit): number | undefined {
  if (from === to) return 1;
  const source = MASS_IN_MCG[from];
  const target = MASS_IN_MCG[to];
  return source === undefined || target === undefined ? undefined : source / target;
}

/** Converts an amount to another unit; undefined when the units measure different things. */
export function convert(quantity: Quantity, to: AmountUnit): number | undefined {
  const factor = conversionFactor(quantity.unit, to);
  return factor === undefined ? undefined : snapToWhole(quantity.value * factor);
}

/**
 * How many billing units an amount is, unrounded; undefined when it cannot convert. One
 * multiplication and one division, then float noise is snapped away (2.1 mg ÷ 0.3 mg is
 * 7.000000000000001 in binary floating point, and must bill 7 units, not 8).
 */
export function unitsOf(quantity: Quantity, unit: BillingUnit): number | undefined {
  const factor = conversionFactor(quantity.unit, unit.unit);
  return factor === undefined ? undefined : snapToWhole((quantity.value * factor) / unit.amount);
}

/** A unit count a fix may write: a whole number from 1 to MAX_BILLABLE_UNITS. */
export function isBillableCount(units: number): boolean {
  return Number.isSafeInteger(units) && units >= 1 && units <= MAX_BILLABLE_UNITS;
}

export function describeBillingUnit(unit: BillingUnit): string {
  return `1 unit = ${formatNumber(unit.amount)} ${unit.unit}`;
}

export interface LineArithmetic {
  unit: BillingUnit;
  /** Units the dose comes to, rounded up; undefined without a (convertible) dose. */
  administeredUnits?: number;
  /** Units the opened vials hold, rounded down. */
  availableUnits?: number;
  /** Units discarded: from vial (available − administered) or from waste= (rounded down). */
  discardedUnits?: number;
  /** The dose's unit cannot convert to the billing unit. */
  doseIncompatible?: boolean;
  /** The vial total or waste cannot convert to the billing unit. */
  wasteIncompatible?: boolean;
  /** The opened vials hold less than the dose. */
  vialShort?: boolean;
  /** The dose or the vials come to more than MAX_BILLABLE_UNITS: no count is computed from them. */
  beyondBillable?: 'dose' | 'vial' | 'waste';
  /** Human-readable steps, e.g. "180 mg ÷ 0.5 mg = 360 units". */
  steps: string[];
}

export function computeLine(line: ServiceLine, code: HcpcsCode): LineArithmetic | undefined {
  const unit = code.unit;
  if (!unit) return undefined;
  const result: LineArithmetic = { unit, steps: [] };
  const per = `${formatNumber(unit.amount)} ${unit.unit}`;
  /** The dose in billing units, unrounded: what the vials are compared with. */
  let doseExact: number | undefined;
  if (line.dose) {
    const exact = unitsOf(line.dose, unit);
    doseExact = exact;
    if (exact === undefined) {
      result.doseIncompatible = true;
    } else if (Math.ceil(exact) > MAX_BILLABLE_UNITS) {
      result.beyondBillable = 'dose';
    } else {
      result.administeredUnits = Math.ceil(exact);
      const rounding = exact === result.administeredUnits ? '' : ` (${formatNumber(exact)}, rounded up)`;
      result.steps.push(`dose ${formatQuantity(line.dose)} ÷ ${per} = ${plural(result.administeredUnits, 'unit')}${rounding}`);
    }
  }
  if (line.vial) {
    const exact = unitsOf(line.vial.total, unit);
    if (exact === undefined) {
      result.wasteIncompatible = true;
    } else if (Math.floor(exact) > MAX_BILLABLE_UNITS) {
      result.beyondBillable ??= 'vial';
    } else {
      result.availableUnits = Math.floor(exact);
      const vialText = line.vial.count > 1 ? `${line.vial.count} × ${formatQuantity(line.vial.each)} = ` : '';
      result.steps.push(`vial ${vialText}${formatQuantity(line.vial.total)} ÷ ${per} = ${plural(result.availableUnits, 'unit')} available`);
      if (result.administeredUnits !== undefined && doseExact !== undefined) {
        // Short means less drug than the dose, not fewer whole units: 25 mg from a 25 mg vial at
        // 10 mg a unit bills 3 units from a vial of 2 whole units, and nothing is discarded.
        const discarded = Math.max(0, result.availableUnits - result.administeredUnits);
        if (exact < doseExact) {
          result.vialShort = true;
        } else {
          result.discardedUnits = discarded;
          result.steps.push(
            `${result.availableUnits} available − ${result.administeredUnits} administered = ${plural(discarded, 'unit')} discarded` +
              (discarded === 0 ? ' → JZ on this line' : ' → a JW line'),
          );
        }
      }
    }
  } else if (line.waste) {
    const exact = unitsOf(line.waste, unit);
    if (exact === undefined) {
      result.wasteIncompatible = true;
    } else if (Math.floor(exact) > MAX_BILLABLE_UNITS) {
      result.beyondBillable ??= 'waste';
    } else {
      result.discardedUnits = Math.floor(exact);
      result.steps.push(
        `waste ${formatQuantity(line.waste)} ÷ ${per} = ${plural(result.discardedUnits, 'unit')} discarded (rounded down)` +
          (result.discardedUnits === 0 ? ' → JZ on this line' : ' → a JW line'),
      );
    }
  }
  return result;
}
