// Money on the line: the Medicare Part B payment limit of a code for the bundled ASP quarter
// (server/data/asp.json), what a line's units come to, and a claim's expected allowance.
// A date outside the quarter gets no price: a limit is only true for its own quarter.
import type { Claim, CodeTables, PaymentLimit, ServiceLine } from './types';
import { isDoseDrugCode } from './drugs';
import { formatNumber } from './values';

/** The price of a code on a date: its limit, or why there is none. */
export type Price =
  | { kind: 'priced'; payment: PaymentLimit & { limit: number }; quarter: NonNullable<CodeTables['aspQuarter']> }
  | { kind: 'outside-quarter'; quarter: NonNullable<CodeTables['aspQuarter']> }
  | { kind: 'no-limit'; quarter: NonNullable<CodeTables['aspQuarter']>; payment?: PaymentLimit }
  | { kind: 'no-file' };

/** The Medicare Part B payment limit of `code` on `dos` (undefined date: the quarter's limit). */
export function priceOf(code: string, dos: string | undefined, tables: CodeTables): Price {
  const quarter = tables.aspQuarter;
  if (!quarter) return { kind: 'no-file' };
  if (dos !== undefined && (dos < quarter.from || dos > quarter.to)) return { kind: 'outside-quarter', quarter };
  const payment = tables.payment.get(code);
  if (!payment || payment.limit === undefined) return { kind: 'no-limit', quarter, payment };
  return { kind: 'priced', payment: payment as PaymentLimit & { limit: number }, quarter };
}

/** Dollars to the cent, rounded half up the way a remittance does: 4583.124 → 4583.12. */
export function roundCents(value: number): number {
  return Math.round(value * 100 + 1e-9) / 100;
}

/** $4,583.12 */
export function formatDollars(value: number): string {
  return `$${roundCents(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A payment limit as CMS gives it (up to three decimals): $163.683. */
export function formatLimit(limit: number): string {
  return `$${formatNumber(limit)}`;
}

export function quarterText(quarter: NonNullable<CodeTables['aspQuarter']>): string {
  return `${quarter.from} to ${quarter.to}`;
}

/** What a line's billed units come to at the payment limit, when it is priced. */
export function lineAllowance(line: ServiceLine, tables: CodeTables): { units: number; price: Extract<Price, { kind: 'priced' }>; amount: number } | undefined {
  if (line.codeKind !== 'hcpcs' || line.units === undefined) return undefined;
  const price = priceOf(line.code, line.dos, tables);
  if (price.kind !== 'priced') return undefined;
  return { units: line.units, price, amount: roundCents(line.units * price.payment.limit) };
}

export interface ClaimAllowance {
  /** Sum of the priced lines, to the cent. */
  total: number;
  priced: number;
  /** Drug lines with units that got no price, and why (each code once). */
  unpriced: Array<{ code: string; why: 'outside-quarter' | 'no-limit' }>;
}

/** The expected Medicare allowance of a claim: every HCPCS line with units at its code's limit (JW lines too: discarded drug is paid). */
export function claimAllowance(claim: Claim, tables: CodeTables): ClaimAllowance | undefined {
  if (!tables.aspQuarter) return undefined;
  const result: ClaimAllowance = { total: 0, priced: 0, unpriced: [] };
  for (const line of claim.lines) {
    if (line.codeKind !== 'hcpcs' || line.units === undefined) continue;
    const entry = tables.hcpcs.get(line.code);
    // Drug lines only: a supply or service code is not priced from the ASP file.
    if (!entry || (!tables.payment.has(line.code) && !isDoseDrugCode(entry))) continue;
    const allowance = lineAllowance(line, tables);
    if (allowance) {
      result.total = roundCents(result.total + allowance.amount);
      result.priced++;
      continue;
    }
    const price = priceOf(line.code, line.dos, tables);
    const why = price.kind === 'outside-quarter' ? 'outside-quarter' : 'no-limit';
    if (!result.unpriced.some((u) => u.code === line.code && u.why === why)) result.unpriced.push({ code: line.code, why });
  }
  return result;
}
