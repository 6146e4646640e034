// Billing arithmetic: dose → administered units (rounded up), vial or waste → discarded units
// (rounded down). See docs/claim-language.md and the shared rules' section 7.
import type { AmountUnit, BillingUnit, CodeTables, HcpcsCode, NdcProduct, Quantity, ServiceLine } from './types';
import { displayNdc, formatNumber, formatQuantity, ndcDigits, plural, snapToWhole } from './values';

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

/** describeBillingUnit's text per billing unit of the tables (a rule asks for it on every drug line). */
const unitTexts = new WeakMap<BillingUnit, string>();

export function describeBillingUnit(unit: BillingUnit): string {
  let text = unitTexts.get(unit);
  if (text === undefined) unitTexts.set(unit, (text = `1 unit = ${formatNumber(unit.amount)} ${unit.unit}`));
  return text;
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
  /** Human-readable steps, e.g. "180 mg ÷ 0.5 mg = 360 units" (written when first read: checks never read them). */
  readonly steps: string[];
}

/**
 * LineArithmetic with every field declared up front (one object shape); its steps are written
 * from the numbers when first read (checks never read them), so a line costs one object.
 */
class Arithmetic implements LineArithmetic {
  administeredUnits?: number = undefined;
  availableUnits?: number = undefined;
  discardedUnits?: number = undefined;
  doseIncompatible?: boolean = undefined;
  wasteIncompatible?: boolean = undefined;
  vialShort?: boolean = undefined;
  beyondBillable?: 'dose' | 'vial' | 'waste' = undefined;
  /** The dose in billing units, unrounded, when administeredUnits was computed from it. */
  doseExact: number | undefined = undefined;
  /** The vials the numbers come from: the line's vial=, or vial=N sized by its NDC. */
  vial: ServiceLine['vial'] = undefined;
  /** The NDC item that sized a bare vial=N. */
  item: NdcItem | undefined = undefined;
  private written?: string[] = undefined;

  readonly unit: BillingUnit;

  constructor(
    /** The code it was computed under. */
    readonly code: HcpcsCode & { unit: BillingUnit },
    private readonly line: ServiceLine,
    /** The tables it was computed with (a bare vial=N is sized through their crosswalk). */
    readonly tables: CodeTables,
  ) {
    this.unit = code.unit;
  }

  get steps(): string[] {
    return (this.written ??= this.write());
  }

  private write(): string[] {
    const steps: string[] = [];
    const unit = this.unit;
    const per = `${formatNumber(unit.amount)} ${unit.unit}`;
    const { dose, waste } = this.line;
    const vial = this.vial;
    const units = this.administeredUnits;
    const exact = this.doseExact;
    if (dose && units !== undefined && exact !== undefined) {
      steps.push(`dose ${formatQuantity(dose)} ÷ ${per} = ${plural(units, 'unit')}${exact === units ? '' : ` (${formatNumber(exact)}, rounded up)`}`);
    }
    const discarded = this.discardedUnits;
    if (vial) {
      const available = this.availableUnits;
      if (available === undefined) return steps;
      steps.push(`vial ${this.vialText(vial)}${formatQuantity(vial.total)} ÷ ${per} = ${plural(available, 'unit')} available`);
      if (discarded !== undefined) {
        steps.push(
          `${available} available − ${units} administered = ${plural(discarded, 'unit')} discarded` + (discarded === 0 ? ' → JZ on this line' : ' → a JW line'),
        );
      }
    } else if (waste && discarded !== undefined) {
      steps.push(
        `waste ${formatQuantity(waste)} ÷ ${per} = ${plural(discarded, 'unit')} discarded (rounded down)` + (discarded === 0 ? ' → JZ on this line' : ' → a JW line'),
      );
    }
    return steps;
  }

  private vialText(vial: NonNullable<ServiceLine['vial']>): string {
    if (vial.parts) return `${vial.parts.map((part) => `${part.count} × ${formatQuantity(part.each)}`).join(' + ')} = `;
    const item = this.item;
    const source = item ? ` (NDC ${displayNdc(item.product.ndc)}, ${item.product.drug}: ${formatNumber(item.product.unitsPerItem)} billable units of ${item.product.code} a vial)` : '';
    return vial.count > 1 || item ? `${vial.count} × ${formatQuantity(vial.each)}${source} = ` : '';
  }
}

/** The crosswalk rows of the line's NDC, the row under the line's code first; empty without a known NDC. */
export function ndcProductsOf(line: ServiceLine, tables: CodeTables): NdcProduct[] {
  if (!line.ndc) return [];
  const rows = tables.ndc.get(ndcDigits(line.ndc)) ?? [];
  return rows.length > 1 ? [...rows].sort((a, b) => Number(b.code === line.code) - Number(a.code === line.code)) : rows;
}

/** One item (vial) of an NDC: its product and the amount it holds (billable units × its code's billing unit). */
export interface NdcItem {
  product: NdcProduct;
  each: Quantity;
}

/**
 * The size of one item of the line's NDC, from the crosswalk: unitsPerItem billing units of the
 * code the NDC is listed under (35 × 1 mcg for Blincyto 55513-0160-01 under J9039). Undefined
 * when the NDC is not in the crosswalk or its code has no billing unit.
 */
export function ndcItem(line: ServiceLine, tables: CodeTables): NdcItem | undefined {
  for (const product of ndcProductsOf(line, tables)) {
    const unit = tables.hcpcs.get(product.code)?.unit;
    if (!unit || !(product.unitsPerItem > 0)) continue;
    return { product, each: { value: snapToWhole(product.unitsPerItem * unit.amount), unit: unit.unit } };
  }
  return undefined;
}

/** `vial=N` with a known NDC: N items of that NDC. */
function vialOfCount(line: ServiceLine, tables: CodeTables): { vial: NonNullable<ServiceLine['vial']>; item: NdcItem } | undefined {
  if (line.vialCount === undefined) return undefined;
  const item = ndcItem(line, tables);
  if (!item) return undefined;
  const total = snapToWhole(line.vialCount * item.each.value);
  if (!Number.isFinite(total)) return undefined;
  return { vial: { count: line.vialCount, each: item.each, total: { value: total, unit: item.each.unit } }, item };
}

/** The line's billing arithmetic under `code`; `tables` give the size of a bare `vial=N` through the line's NDC. */
export function computeLine(line: ServiceLine, code: HcpcsCode, tables: CodeTables): LineArithmetic | undefined {
  if (!code.unit) return undefined;
  // Several rules ask for a line's numbers: the line keeps the last answer (a model is dropped
  // after its check, and with it the numbers).
  const known = line.arithmetic;
  if (known instanceof Arithmetic && known.code === code && known.tables === tables) return known;
  const result = arithmeticOf(line, code as HcpcsCode & { unit: BillingUnit }, tables);
  line.arithmetic = result;
  return result;
}

function arithmeticOf(line: ServiceLine, code: HcpcsCode & { unit: BillingUnit }, tables: CodeTables): Arithmetic {
  const unit = code.unit;
  const result = new Arithmetic(code, line, tables);
  const { dose, waste } = line;
  const counted = line.vial ? undefined : vialOfCount(line, tables);
  const vial = line.vial ?? counted?.vial;
  result.vial = vial;
  result.item = counted?.item;
  /** The dose in billing units, unrounded: what the vials are compared with. */
  let doseExact: number | undefined;
  let administered: number | undefined;
  if (dose) {
    const exact = unitsOf(dose, unit);
    doseExact = exact;
    if (exact === undefined) {
      result.doseIncompatible = true;
    } else if (!isBillableCount(Math.ceil(exact))) {
      result.beyondBillable = 'dose';
    } else {
      administered = result.administeredUnits = Math.ceil(exact);
      result.doseExact = exact;
    }
  }
  if (vial) {
    const exact = unitsOf(vial.total, unit);
    if (exact === undefined) {
      result.wasteIncompatible = true;
    } else if (Math.floor(exact) > MAX_BILLABLE_UNITS) {
      result.beyondBillable ??= 'vial';
    } else {
      const available = (result.availableUnits = Math.floor(exact));
      if (administered !== undefined && doseExact !== undefined) {
        // Short means less drug than the dose, not fewer whole units: 25 mg from a 25 mg vial at
        // 10 mg a unit bills 3 units from a vial of 2 whole units, and nothing is discarded.
        if (exact < doseExact) result.vialShort = true;
        else result.discardedUnits = Math.max(0, available - administered);
      }
    }
  } else if (waste) {
    const exact = unitsOf(waste, unit);
    if (exact === undefined) {
      result.wasteIncompatible = true;
    } else if (Math.floor(exact) > MAX_BILLABLE_UNITS) {
      result.beyondBillable ??= 'waste';
    } else {
      result.discardedUnits = Math.floor(exact);
    }
  }
  return result;
}
