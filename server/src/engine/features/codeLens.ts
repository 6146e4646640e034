// Code lenses: above each claim, its lines, billed units (and how many of them are JW, i.e.
// discarded drug) and its problems, so a biller sees at a glance which claims need work.
import type { ClaimDiagnostic, ClaimFile, Range } from '../types';
import { plural } from '../values';
import { lineRange } from './symbols';

export interface ClaimLens {
  range: Range;
  title: string;
}

export function claimLenses(file: ClaimFile, diagnostics: readonly ClaimDiagnostic[]): ClaimLens[] {
  return file.claims.map((claim) => {
    const inside = diagnostics.filter((d) => d.range.start.line >= claim.startLine && d.range.start.line <= claim.endLine);
    const count = (severity: ClaimDiagnostic['severity']) => inside.filter((d) => d.severity === severity).length;
    const problems = [plural(count('error'), 'error'), plural(count('warning'), 'warning'), count('information') + count('hint') > 0 ? plural(count('information') + count('hint'), 'note') : '']
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
