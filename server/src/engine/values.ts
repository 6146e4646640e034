// Value forms of the claim language: dates, amounts with units, NDCs, ICD-10-CM codes.
import type { AmountUnit, Quantity } from './types';

export const AMOUNT_UNITS: readonly AmountUnit[] = ['mcg', 'mg', 'g', 'ml', 'units'];
const NUMBER = '(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)';
const QUANTITY = new RegExp(`^(${NUMBER})\\s*(mcg|mg|g|ml|units)$`, 'i');
const VIAL = new RegExp(`^(?:([0-9]+)[xX])?(${NUMBER})\\s*(mcg|mg|g|ml|units)$`, 'i');
/** A bare count of containers (`vial=2`): their size comes from the line's NDC. */
const VIAL_COUNT = /^[0-9]+$/;

/** Why an amount that has the right form is still not usable. */
export type AmountProblem = 'zero' | 'not-finite';

/** A positive, finite amount; otherwise what is wrong with it (undefined: not an amount at all). */
export function parseQuantity(text: string): Quantity | AmountProblem | undefined {
  const quick = plainQuantity(text);
  if (quick !== undefined) return quick;
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  if (!Number.isFinite(value)) return 'not-finite';
  return value > 0 ? { value, unit: match[2].toLowerCase() as AmountUnit } : 'zero';
}

/**
 * Index in `words` (lower-case letters) of text[start, end) read case-insensitively, or -1: the
 * word as `toLowerCase()` would match it, without the string (no other character lower-cases to
 * one of these letters).
 */
export function wordIndexAt(text: string, start: number, end: number, words: readonly string[]): number {
  for (let k = 0; k < words.length; k++) if (isWordAt(text, start, end, words[k])) return k;
  return -1;
}

/** Is text[start, end) `word` (lower-case letters) in any case? */
export function isWordAt(text: string, start: number, end: number, word: string): boolean {
  const length = end - start;
  if (word.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(start + i);
    const want = word.charCodeAt(i);
    if (c !== want && c !== want - 32) return false;
  }
  return true;
}

/**
 * The usual dose (`28mcg`, `1.5MG`: digits, an optional fraction, a unit, no space) read without
 * the regular expression; undefined for anything else, which QUANTITY then reads.
 */
function plainQuantity(text: string): Quantity | 'zero' | undefined {
  let i = digitsEnd(text, 0);
  if (i === 0) return undefined;
  if (text.charCodeAt(i) === 46 /* . */) {
    const fraction = i + 1;
    i = digitsEnd(text, fraction);
    if (i === fraction) return undefined;
  }
  // Twenty digits and more: left to the general path, which tells a number too large to be finite.
  if (i > 20) return undefined;
  const unit = wordIndexAt(text, i, text.length, AMOUNT_UNITS);
  if (unit < 0) return undefined;
  const value = Number(text.slice(0, i));
  return value > 0 ? { value, unit: AMOUNT_UNITS[unit] } : 'zero';
}

/** The end of the digits from `start`. */
function digitsEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  return i;
}

/** The usual vial= (`2x100mg`, `50mg`) read without the regular expression; undefined for anything else, which VIAL then reads. */
function plainVial(text: string): Vial | 'zero' | undefined {
  const end = digitsEnd(text, 0);
  const x = text.charCodeAt(end) | 32;
  if (end === 0 || end > 15 || x !== 120 /* x */) {
    const each = plainQuantity(text);
    return typeof each === 'object' ? { count: 1, each, total: { value: snapToWhole(each.value), unit: each.unit } } : each;
  }
  const count = Number(text.slice(0, end));
  const each = plainQuantity(text.slice(end + 1));
  if (each === undefined) return undefined;
  if (each === 'zero' || count < 1) return 'zero';
  return { count, each, total: { value: snapToWhole(count * each.value), unit: each.unit } };
}

export interface Vial {
  count: number;
  each: Quantity;
  total: Quantity;
  /** Mixed sizes (`1x500mg+3x100mg`): each size with its count, as written; absent for one size. */
  parts?: Array<{ count: number; each: Quantity }>;
}

/** Why a vial= value with the right form is still not usable: a mixed one whose sizes do not convert. */
export type VialProblem = AmountProblem | 'mixed-units';

/**
 * `[n x]amount`, or sizes joined by `+` (`1x500mg+3x100mg`: one 500 mg and three 100 mg vials,
 * total 800 mg, in the first part's unit). A bare count (`2`) is not a vial amount: see parseVialCount.
 */
export function parseVial(text: string): Vial | VialProblem | undefined {
  if (text.includes('+')) return parseMixedVial(text);
  return parseOneVial(text);
}

function parseOneVial(text: string): Vial | AmountProblem | undefined {
  const quick = plainVial(text);
  if (quick !== undefined) return quick;
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

const MASS_IN_MCG: Partial<Record<AmountUnit, number>> = { mcg: 1, mg: 1000, g: 1_000_000 };

function parseMixedVial(text: string): Vial | VialProblem | undefined {
  const parts: Vial[] = [];
  for (const piece of text.split('+')) {
    const part = parseOneVial(piece);
    if (typeof part !== 'object') return part;
    parts.push(part);
  }
  const unit = parts[0].each.unit;
  let total = 0;
  for (const part of parts) {
    const factor = part.total.unit === unit ? 1 : MASS_IN_MCG[part.total.unit] !== undefined && MASS_IN_MCG[unit] !== undefined ? MASS_IN_MCG[part.total.unit]! / MASS_IN_MCG[unit]! : undefined;
    if (factor === undefined) return 'mixed-units';
    total += part.total.value * factor;
  }
  if (!Number.isFinite(total)) return 'not-finite';
  return {
    count: parts.reduce((sum, part) => sum + part.count, 0),
    each: parts[0].each,
    total: { value: snapToWhole(total), unit },
    parts: parts.map((part) => ({ count: part.count, each: part.each })),
  };
}

/** `vial=2`: a count of containers without their size (at least 1), or undefined when not a bare count. */
export function parseVialCount(text: string): number | 'zero' | 'not-finite' | undefined {
  if (!VIAL_COUNT.test(text)) return undefined;
  const count = Number(text);
  if (!Number.isSafeInteger(count)) return 'not-finite';
  return count >= 1 ? count : 'zero';
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
  return isCalendarDateAt(text, 0, text.length);
}

/** `YYYY-MM-DD` at text[start, end) naming a real calendar date, read without a string or a Date. */
export function isCalendarDateAt(text: string, start: number, end: number): boolean {
  if (end - start !== 10 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return false;
  for (const i of DATE_DIGITS) {
    const c = text.charCodeAt(start + i);
    if (c < 48 || c > 57) return false;
  }
  const digit = (i: number) => text.charCodeAt(start + i) - 48;
  const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const month = digit(5) * 10 + digit(6);
  const day = digit(8) * 10 + digit(9);
  // Years 0–99 are not taken (Date.UTC would read them as 1900–1999).
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]);
}

const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * ICD-10-CM form: a letter (not U, which is reserved), a digit, a digit or letter, then an
 * optional dot and one to four characters. `C91.00` and `C9100` are both accepted.
 */
const ICD10_FORM = /^[A-TV-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$/;

export function isIcd10Form(text: string): boolean {
  const quick = asciiIcd10Form(text);
  if (quick !== undefined) return quick;
  const upper = text.toUpperCase();
  if (!ICD10_FORM.test(upper)) return false;
  // A dot, when written, must follow the third character.
  const dot = upper.indexOf('.');
  return dot < 0 || dot === 3;
}

/** An ASCII letter upper-cased, or a digit: the character code, else -1. */
function upperAlnum(c: number): number {
  if (c >= 97 && c <= 122) return c - 32;
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? c : -1;
}

/** ICD10_FORM (and the dot's place) on ASCII text without a copy or a regular expression; undefined for other text. */
function asciiIcd10Form(text: string): boolean | undefined {
  const n = text.length;
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 127) return undefined; // toUpperCase may turn it into a letter
  if (n < 3) return false;
  const first = upperAlnum(text.charCodeAt(0));
  const second = text.charCodeAt(1);
  if (first < 65 || first === 85 /* U */ || second < 48 || second > 57 || upperAlnum(text.charCodeAt(2)) < 0) return false;
  let i = n > 3 && text.charCodeAt(3) === 46 /* . */ ? 4 : 3;
  const rest = n - i;
  if (rest > 4 || (rest === 0 && i === 4)) return false;
  for (; i < n; i++) if (upperAlnum(text.charCodeAt(i)) < 0) return false;
  return true;
}

export function normalizeIcd10(text: string): string {
  return text.toUpperCase().replace('.', '');
}

/** C9100 → C91.00 */
export function displayIcd10(normalized: string): string {
  return normalized.length > 3 ? `${normalized.slice(0, 3)}.${normalized.slice(3)}` : normalized;
}

/** An NDC as claims carry it: 5-4-2 with hyphens (55513-0160-01) or the 11 digits alone (55513016001, as in 837 files). */
export const NDC_FORM = /^(?:[0-9]{5}-[0-9]{4}-[0-9]{2}|[0-9]{11})$/;

/** The 11 digits of an NDC in either accepted form: the crosswalk's key. */
export function ndcDigits(ndc: string): string {
  return ndc.replace(/-/g, '');
}

/** 55513016001 → 55513-0160-01 (an 11-digit NDC in the 5-4-2 form packages and the crosswalk print). */
export function displayNdc(ndc: string): string {
  const digits = ndcDigits(ndc);
  return digits.length === 11 ? `${digits.slice(0, 5)}-${digits.slice(5, 9)}-${digits.slice(9)}` : ndc;
}

/**
 * What a malformed NDC should have been, when it is a 10-digit package NDC written with hyphens
 * (4-4-2, 5-3-2 or 5-4-1): the 11-digit form pads the short segment with a leading zero.
 */
export function elevenDigitNdc(text: string): string | undefined {
  const match = /^([0-9]+)-([0-9]+)-([0-9]+)$/.exec(text);
  if (!match) return undefined;
  const [labeler, product, pack] = [match[1], match[2], match[3]];
  const lengths = `${labeler.length}-${product.length}-${pack.length}`;
  if (lengths === '4-4-2') return `0${labeler}-${product}-${pack}`;
  if (lengths === '5-3-2') return `${labeler}-0${product}-${pack}`;
  if (lengths === '5-4-1') return `${labeler}-${product}-0${pack}`;
  return undefined;
}

export const CHARGE_FORM = /^[0-9]+(?:\.[0-9]{1,2})?$/;
export const DRUG_NAME_FORM = /^[A-Za-z][A-Za-z-]*$/;
export const POS_FORM = /^[0-9]{2}$/;
/** CPT modifiers are two digits (59, 25); HCPCS Level II modifiers have a letter (JW, XE). */
export const CPT_MODIFIER_FORM = /^[0-9]{2}$/;
