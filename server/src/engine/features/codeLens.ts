// Code lenses: above each claim, its lines, billed units per code (and how many of them are JW,
// i.e. discarded drug) and its problems, so a biller sees at a glance which claims need work.
// Units of different codes are never added up: 28 units of J9039 and 360 of J9037 are not 388 of
// anything.
import { claimAllowance, formatDollars, quarterText } from '../money';
import type { Claim, ClaimDiagnostic, ClaimFile, CodeTables, Range, SeverityCounts, SummarizedClaim } from '../types';
import { plural } from '../values';
import { lineRange } from './symbols';

export interface ClaimLens {
  range: Range;
  title: string;
}

/** What a claim's lenses show of its model: kept per claim block (ClaimDocument.claimSummaries with claimSummary), so a lens request needs no model. */
export interface ClaimSummary {
  serviceLines: number;
  /** The units per code text, or '' when no line has units. */
  units: string;
  /** The allowance lens title, for a Medicare claim with a priced line. */
  allowance?: string;
}

export function claimSummary(claim: Claim, tables: CodeTables): ClaimSummary {
  return { serviceLines: claim.lines.length, units: unitsPerCode(claim), allowance: allowanceTitle(claim, tables) };
}

function noCounts(): SeverityCounts {
  return { error: 0, warning: 0, information: 0, hint: 0 };
}

/** A claim lens title: "2 service lines · J9039 35 units (7 JW) · 1 error". */
export function claimLensTitle(serviceLines: number, units: string, counts: SeverityCounts): string {
  const notes = counts.information + counts.hint;
  const problems = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), notes > 0 ? plural(notes, 'note') : '']
    .filter((p) => p !== '' && !p.startsWith('0 '))
    .join(', ');
  return [plural(serviceLines, 'service line'), units, problems || 'no problems'].filter((part) => part !== '').join(' · ');
}

/** A claim's lenses, kept while the document returns the same summary object (a claim no edit touched or moved). */
const lensesOfClaim = new WeakMap<SummarizedClaim<ClaimSummary>, { claim: ClaimLens; allowance?: ClaimLens }>();

/** The lenses of claimLenses and then allowanceLenses, from kept summaries; the same lens objects for the same summaries. */
export function lensesOf(claims: readonly SummarizedClaim<ClaimSummary>[]): ClaimLens[] {
  const pairs = claims.map((c) => {
    let pair = lensesOfClaim.get(c);
    if (!pair) {
      const allowance = c.summary.allowance;
      pair = { claim: { range: c.range, title: claimLensTitle(c.summary.serviceLines, c.summary.units, c.counts) }, allowance: allowance === undefined ? undefined : { range: c.range, title: allowance } };
      lensesOfClaim.set(c, pair);
    }
    return pair;
  });
  const lenses = pairs.map((p) => p.claim);
  for (const p of pairs) if (p.allowance) lenses.push(p.allowance);
  return lenses;
}

/** One lens per claim. `diagnostics` are in document order (as the engine gives them): one pass over both. */
export function claimLenses(file: ClaimFile, diagnostics: readonly ClaimDiagnostic[]): ClaimLens[] {
  let next = 0;
  return file.claims.map((claim) => {
    const counts = noCounts();
    while (next < diagnostics.length && diagnostics[next].range.start.line < claim.startLine) next++;
    for (; next < diagnostics.length && diagnostics[next].range.start.line <= claim.endLine; next++) counts[diagnostics[next].severity]++;
    return { range: lineRange(file, claim.startLine), title: claimLensTitle(claim.lines.length, unitsPerCode(claim), counts) };
  });
}

/**
 * One lens per Medicare claim with a line in the bundled ASP quarter: the expected Part B
 * allowance, its priced lines at the quarter's payment limits (JW lines too: discarded drug is
 * paid). Lines dated outside the quarter, or whose code has no limit, are named instead of priced
 * at a stale or missing price; a claim with no line in the quarter gets no lens (its code hovers
 * say why there is no price), so older files do not carry a lens that quotes nothing.
 */
export function allowanceLenses(file: ClaimFile, tables: CodeTables): ClaimLens[] {
  const lenses: ClaimLens[] = [];
  for (const claim of file.claims) {
    const title = allowanceTitle(claim, tables);
    if (title !== undefined) lenses.push({ range: lineRange(file, claim.startLine), title });
  }
  return lenses;
}

function allowanceTitle(claim: Claim, tables: CodeTables): string | undefined {
  if (claim.header.payer !== 'medicare') return undefined;
  const allowance = claimAllowance(claim, tables);
  if (!allowance || allowance.priced === 0) return undefined;
  const outside = allowance.unpriced.filter((u) => u.why === 'outside-quarter').map((u) => u.code);
  const noLimit = allowance.unpriced.filter((u) => u.why === 'no-limit').map((u) => u.code);
  const notes = [
    outside.length > 0 ? `${outside.join(', ')} not priced: dated outside ${quarterText(tables.aspQuarter!)}` : '',
    noLimit.length > 0 ? `${noLimit.join(', ')} not priced: no payment limit` : '',
  ].filter((n) => n !== '');
  return `Expected Medicare allowance ${formatDollars(allowance.total)} (${plural(allowance.priced, 'line')}, ASP ${tables.aspQuarter!.release})${notes.length > 0 ? ` · ${notes.join('; ')}` : ''}`;
}

/** Codes named in a lens before the rest are counted as "+N more codes". */
const MAX_CODES_SHOWN = 3;

/** "J9039 35 units (7 JW)" for each code of the claim, in order of first appearance. */
function unitsPerCode(claim: Claim): string {
  const perCode = new Map<string, { units: number; jw: number }>();
  for (const line of claim.lines) {
    if (line.units === undefined || line.codeKind === 'invalid') continue;
    const sum = perCode.get(line.code) ?? { units: 0, jw: 0 };
    sum.units += line.units;
    if (line.modifiers.includes('JW')) sum.jw += line.units;
    perCode.set(line.code, sum);
  }
  const shown = [...perCode].slice(0, MAX_CODES_SHOWN).map(([code, sum]) => `${code} ${plural(sum.units, 'unit')}${sum.jw > 0 ? ` (${sum.jw} JW)` : ''}`);
  const more = perCode.size - shown.length;
  if (more > 0) shown.push(`+${plural(more, 'more code')}`);
  return shown.join(', ');
}
