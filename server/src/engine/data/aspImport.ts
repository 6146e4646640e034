// Readers for the two CMS ASP files (see docs/data.md): the NDC–HCPCS crosswalk (which code
// each NDC is billed under and how many billing units its package holds) and the Medicare Part
// B payment allowance limits (per code: the dosage of one billing unit and its payment limit).
// Both are CSV with a few title lines above the header row; the header is found by its names.
import type { AmountUnit, BillingUnit, NdcProduct, PaymentLimit } from '../types';
import { parseCsv } from './cmsImport';

export interface Quarter {
  /** YYYY-MM-DD, first and last day the file applies to. */
  from: string;
  to: string;
}

export interface AspImport<T> {
  quarter?: Quarter;
  rows: T[];
  /** "line 12: …" for each row that could not be read. */
  problems: string[];
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "Effective January 1, 2026 through March 31, 2026" → 2026-01-01 … 2026-03-31. */
export function parseEffectiveQuarter(text: string): Quarter | undefined {
  const match = /effective\s+([a-z]+)\s+(\d{1,2}),\s*(\d{4})\s+through\s+([a-z]+)\s+(\d{1,2}),\s*(\d{4})/i.exec(text);
  if (!match) return undefined;
  const date = (month: string, day: string, year: string) => {
    const m = MONTHS.indexOf(month.toLowerCase());
    return m < 0 ? undefined : `${year}-${String(m + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
  };
  const from = date(match[1], match[2], match[3]);
  const to = date(match[4], match[5], match[6]);
  return from && to ? { from, to } : undefined;
}

const DOSAGE_UNITS: Record<string, AmountUnit> = { MCG: 'mcg', MG: 'mg', GM: 'g', G: 'g', ML: 'ml', CC: 'ml', UNITS: 'units', UNIT: 'units', IU: 'units' };

/**
 * The "HCPCS Code Dosage" of the ASP files as a billing unit: "10 MG", "0.5 MG", "1 MCG",
 * "150 IU", "1 ML". Undefined for a dosage that is not an amount ("1 EACH", "PER DOSE").
 */
export function parseHcpcsDosage(text: string): BillingUnit | undefined {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([A-Za-z]+)\s*$/.exec(text);
  if (!match) return undefined;
  const unit = DOSAGE_UNITS[match[2].toUpperCase()];
  const amount = Number(match[1]);
  if (!unit || !(amount > 0)) return undefined;
  return { amount, unit, text: text.trim().toLowerCase() };
}

interface Table {
  rows: string[][];
  header: string[];
  headerIndex: number;
  quarter?: Quarter;
}

function findTable(text: string, firstColumn: RegExp): Table | undefined {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const headerIndex = rows.findIndex((row) => firstColumn.test((row[0] ?? '').trim()));
  if (headerIndex < 0) return undefined;
  const quarter = rows
    .slice(0, headerIndex)
    .map((row) => parseEffectiveQuarter(row.join(' ')))
    .find((q) => q !== undefined);
  return { rows, header: rows[headerIndex].map((h) => h.trim().toUpperCase()), headerIndex, quarter };
}

const NDC_5_4_2 = /^\d{5}-\d{4}-\d{2}$/;
const HCPCS = /^[A-Z0-9]\d{3}[A-Z0-9]$/;

function positive(text: string | undefined): number | undefined {
  const value = Number((text ?? '').replace(/,/g, '').trim());
  return (text ?? '').trim() !== '' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The ASP NDC–HCPCS crosswalk (header `_2026_CODE, Short Description, LABELER NAME, NDC2, …`). */
export function parseNdcCrosswalk(text: string): AspImport<NdcProduct> {
  const table = findTable(text, /^_?\d{4}_CODE$/i);
  if (!table) return { rows: [], problems: ['no header row starting with _<year>_CODE (not an ASP NDC–HCPCS crosswalk)'] };
  const at = (name: string) => table.header.indexOf(name);
  const columns = { code: 0, labeler: at('LABELER NAME'), ndc: at('NDC2'), drug: at('DRUG NAME'), dosage: at('HCPCS DOSAGE'), size: at('PKG SIZE'), qty: at('PKG QTY'), units: at('BILLUNITS'), pkgUnits: at('BILLUNITSPKG') };
  const missing = Object.entries(columns).filter(([, i]) => i < 0).map(([name]) => name);
  if (missing.length > 0) return { quarter: table.quarter, rows: [], problems: [`line ${table.headerIndex + 1}: missing columns ${missing.join(', ')}`] };
  const rows: NdcProduct[] = [];
  const problems: string[] = [];
  table.rows.slice(table.headerIndex + 1).forEach((row, index) => {
    const lineNumber = table.headerIndex + index + 2;
    const cell = (i: number) => (row[i] ?? '').trim();
    if (row.every((c) => c.trim() === '')) return;
    const code = cell(columns.code);
    const ndc = cell(columns.ndc);
    const unitsPerItem = positive(cell(columns.units));
    const packageQuantity = positive(cell(columns.qty));
    if (!HCPCS.test(code)) return void problems.push(`line ${lineNumber}: code "${code.slice(0, 20)}" is not a HCPCS code`);
    if (!NDC_5_4_2.test(ndc)) return void problems.push(`line ${lineNumber}: NDC "${ndc.slice(0, 20)}" is not in 5-4-2 form`);
    if (unitsPerItem === undefined) return void problems.push(`line ${lineNumber}: BILLUNITS "${cell(columns.units)}" is not a positive number`);
    if (packageQuantity === undefined) return void problems.push(`line ${lineNumber}: PKG QTY "${cell(columns.qty)}" is not a positive number`);
    rows.push({
      ndc,
      code,
      labeler: cell(columns.labeler),
      drug: cell(columns.drug),
      dosage: cell(columns.dosage),
      packageSize: positive(cell(columns.size)),
      packageQuantity,
      unitsPerItem,
      unitsPerPackage: positive(cell(columns.pkgUnits)) ?? unitsPerItem * packageQuantity,
    });
  });
  return { quarter: table.quarter, rows, problems };
}

/** Medicare Part B payment allowance limits (header `HCPCS Code, Short Description, HCPCS Code Dosage, Payment Limit, …`). */
export function parsePaymentLimits(text: string): AspImport<PaymentLimit> {
  const table = findTable(text, /^HCPCS CODE$/i);
  if (!table) return { rows: [], problems: ['no header row starting with "HCPCS Code" (not an ASP payment limit file)'] };
  const at = (name: string) => table.header.indexOf(name);
  const columns = { code: 0, short: at('SHORT DESCRIPTION'), dosage: at('HCPCS CODE DOSAGE'), limit: at('PAYMENT LIMIT'), coinsurance: at('CO-INSURANCE PERCENTAGE'), notes: at('NOTES') };
  const missing = Object.entries(columns).filter(([name, i]) => i < 0 && name !== 'notes').map(([name]) => name);
  if (missing.length > 0) return { quarter: table.quarter, rows: [], problems: [`line ${table.headerIndex + 1}: missing columns ${missing.join(', ')}`] };
  const rows: PaymentLimit[] = [];
  const problems: string[] = [];
  table.rows.slice(table.headerIndex + 1).forEach((row, index) => {
    const lineNumber = table.headerIndex + index + 2;
    const cell = (i: number) => (i < 0 ? '' : (row[i] ?? '').trim());
    if (row.every((c) => c.trim() === '')) return;
    const code = cell(columns.code);
    if (!HCPCS.test(code)) return void problems.push(`line ${lineNumber}: code "${code.slice(0, 20)}" is not a HCPCS code`);
    const limitText = cell(columns.limit);
    const limit = positive(limitText);
    // "N/A" limits (priced another way, e.g. per AWP) are kept without an amount.
    if (limit === undefined && !/^n\/?a$/i.test(limitText)) return void problems.push(`line ${lineNumber}: payment limit "${limitText.slice(0, 20)}" is not a positive amount`);
    const coinsurance = Number(cell(columns.coinsurance));
    rows.push({
      code,
      short: cell(columns.short),
      dosage: cell(columns.dosage),
      limit,
      coinsurancePercent: Number.isFinite(coinsurance) && cell(columns.coinsurance) !== '' ? coinsurance : undefined,
      note: cell(columns.notes) || undefined,
    });
  });
  return { quarter: table.quarter, rows, problems };
}
