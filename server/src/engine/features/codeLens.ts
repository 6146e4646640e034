// Code lenses: above each claim, its lines, billed units (and how many of them are JW, i.e.
// discarded drug) and its problems, so a biller sees at a glance which claims need work.
import type { ClaimDiagnostic, ClaimFile, Range } from '../types';
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
