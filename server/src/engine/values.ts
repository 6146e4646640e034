// Value forms of the claim language: dates, amounts with units, NDCs, ICD-10-CM codes.
import type { AmountUnit, Quantity } from './types';

export const AMOUNT_UNITS: readonly AmountUnit[] = ['mcg', 'mg', 'g', 'ml', 'units'];
const NUMBER = '(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)';
const QUANTITY = new RegExp(`^(${NUMBER})\\s*(mcg|mg|g|ml|units)$`, 'i');
const VIAL = new RegExp(`^(?:([0-9]+)[xX])?(${NUMBER})\\s*(mcg|mg|g|ml|units)$`, 'i');

/** Why an amount that has the right form is still not usable. */
export type AmountProblem = 'zero' | 'not-finite';

/** A positive, finite amount; otherwise what is wrong with it (undefined: not an amount at all). */
export function parseQuantity(text: string): Quantity | AmountProblem | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  if (!Number.isFinite(value)) return 'not-finite';
  return value > 0 ? { value, unit: match[2].toLowerCase() as AmountUnit } : 'zero';
}

export interface Vial {
  count: number;
  each: Quantity;
  total: Quantity;
}

export function parseVial(text: string): Vial | AmountProblem | undefined {
  const match = VIAL.exec(text);
  if (!match) return undefined;
  const count = match[1] === undefined ? 1 : Number(match[1]);
  const value = Number(match[2]);
  const total = count * value;
  if (!Number.isFinite(total)) return 'not-finite';
  if (count < 1 || value <= 0) return 'zero';
  const unit = match[3].toLowerCase() as AmountUnit;
  return { count, each: { value, unit }, total: { value: snapToWhole(total), unit } };
}

/**
 * Snaps binary floating-point noise to the nearest whole number (7.000000000000001 → 7) and
 * leaves real fractions alone, however small: the tolerance is relative to the value, so a
 * tiny dose never rounds to zero units.
 */
export function snapToWhole(value: number): number {
  const whole = Math.round(value);
  return Math.abs(value - whole) <= Math.abs(value) * 1e-12 ? whole : value;
}

export function formatQuantity(q: Quantity): string {
  return `${formatNumber(q.value)} ${q.unit}`;
}

/** "1 unit", "2 units". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A number as a biller writes it: no float noise (0.30000000000000004 → 0.3), tiny values kept. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

/** A real calendar date in YYYY-MM-DD form. */
export function isCalendarDate(text: string): boolean {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * ICD-10-CM form: a letter (not U, which is reserved), a digit, a digit or letter, then an
 * optional dot and one to four characters. `C91.00` and `C9100` are both accepted.
 */
const ICD10_FORM = /^[A-TV-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$/;

export function isIcd10Form(text: string): boolean {
  const upper = text.toUpperCase();
  if (!ICD10_FORM.test(upper)) return false;
  // A dot, when written, must follow the third character.
  const dot = upper.indexOf('.');
  return dot < 0 || dot === 3;
}

export function normalizeIcd10(text: string): string {
  return text.toUpperCase().replace('.', '');
}

/** C9100 → C91.00 */
export function displayIcd10(normalized: string): string {
  return normalized.length > 3 ? `${normalized.slice(0, 3)}.${normalized.slice(3)}` : normalized;
}

export const NDC_FORM = /^[0-9]{5}-[0-9]{4}-[0-9]{2}$/;
export const CHARGE_FORM = /^[0-9]+(?:\.[0-9]{1,2})?$/;
export const DRUG_NAME_FORM = /^[A-Za-z][A-Za-z-]*$/;
export const POS_FORM = /^[0-9]{2}$/;
/** CPT modifiers are two digits (59, 25); HCPCS Level II modifiers have a letter (JW, XE). */
export const CPT_MODIFIER_FORM = /^[0-9]{2}$/;
