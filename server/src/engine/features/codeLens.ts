// Code lenses: above each claim, its lines, billed units (and how many of them are JW, i.e.
// discarded drug) and its problems, so a biller sees at a glance which claims need work.
import { claimAllowance, formatDollars, quarterText } from '../money';
import type { ClaimDiagnostic, ClaimFile, CodeTables, Range } from '../types';
import { plural } from '../values';
import { lineRange } from './symbols';

export interface ClaimLens {
  range: Range;
  title: string;
}

/** One lens per claim. `diagnostics` are in document order (as the engine gives them): one pass over both. */
export function claimLenses(file: ClaimFile, diagnostics: readonly ClaimDiagnostic[]): ClaimLens[] {
  let next = 0;
  return file.claims.map((claim) => {
    const counts = { error: 0, warning: 0, information: 0, hint: 0 };
    while (next < diagnostics.length && diagnostics[next].range.start.line < claim.startLine) next++;
    for (; next < diagnostics.length && diagnostics[next].range.start.line <= claim.endLine; next++) counts[diagnostics[next].severity]++;
    const notes = counts.information + counts.hint;
    const problems = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), notes > 0 ? plural(notes, 'note') : '']
      .filter((p) => p !== '' && !p.startsWith('0 '))
      .join(', ');
    let units = 0;
    let jwUnits = 0;
    for (const line of claim.lines) {
      if (line.units === undefined) continue;
      units += line.units;
      if (line.modifiers.includes('JW')) jwUnits += line.units;
    }
    const parts = [plural(claim.lines.length, 'service line'), `${plural(units, 'unit')}${jwUnits > 0 ? ` (${jwUnits} JW)` : ''}`, problems || 'no problems'];
    return { range: lineRange(file, claim.startLine), title: parts.join(' · ') };
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
    if (claim.header.payer !== 'medicare') continue;
    const allowance = claimAllowance(claim, tables);
    if (!allowance || allowance.priced === 0) continue;
    const outside = allowance.unpriced.filter((u) => u.why === 'outside-quarter').map((u) => u.code);
    const noLimit = allowance.unpriced.filter((u) => u.why === 'no-limit').map((u) => u.code);
    const notes = [
      outside.length > 0 ? `${outside.join(', ')} not priced: dated outside ${quarterText(tables.aspQuarter!)}` : '',
      noLimit.length > 0 ? `${noLimit.join(', ')} not priced: no payment limit` : '',
    ].filter((n) => n !== '');
    const title = `Expected Medicare allowance ${formatDollars(allowance.total)} (${plural(allowance.priced, 'line')}, ASP ${tables.aspQuarter!.release})${notes.length > 0 ? ` · ${notes.join('; ')}` : ''}`;
    lenses.push({ range: lineRange(file, claim.startLine), title });
  }
  return lenses;
}
