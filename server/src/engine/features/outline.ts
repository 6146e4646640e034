// Outline (document symbols), folding ranges and code lenses: one entry per claim.
import type { Claim, ClaimDiagnostic, ClaimFile, Range } from '../types';

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: 'claim' | 'line';
  range: Range;
  selectionRange: Range;
  children: OutlineSymbol[];
}

function lineRange(file: ClaimFile, line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: file.lines[line]?.text.length ?? 0 } };
}

function claimRange(file: ClaimFile, claim: Claim): Range {
  return { start: { line: claim.startLine, character: 0 }, end: { line: claim.endLine, character: file.lines[claim.endLine]?.text.length ?? 0 } };
}

export function documentSymbols(file: ClaimFile): OutlineSymbol[] {
  return file.claims.map((claim) => {
    const header = claim.header;
    const selection = header.parsed.claimId?.range ?? header.parsed.keyword?.range ?? lineRange(file, claim.startLine);
    return {
      name: `claim ${header.id || '(no id)'}`,
      detail: [header.payer, header.dos].filter(Boolean).join(' · '),
      kind: 'claim',
      range: claimRange(file, claim),
      selectionRange: selection,
      children: claim.lines.map((line) => ({
        name: line.parsed.codeToken?.text ?? line.code,
        detail: line.units !== undefined ? `units=${line.units}` : '',
        kind: 'line',
        range: lineRange(file, line.parsed.line),
        selectionRange: line.parsed.codeToken?.range ?? lineRange(file, line.parsed.line),
        children: [],
      })),
    };
  });
}

export function foldingRanges(file: ClaimFile): Array<{ startLine: number; endLine: number }> {
  return file.claims.filter((c) => c.endLine > c.startLine).map((c) => ({ startLine: c.startLine, endLine: c.endLine }));
}

export interface ClaimLens {
  range: Range;
  title: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Above each claim: its lines and problems, so a biller sees at a glance which claims need work. */
export function claimLenses(file: ClaimFile, diagnostics: readonly ClaimDiagnostic[]): ClaimLens[] {
  return file.claims.map((claim) => {
    const inside = diagnostics.filter((d) => d.range.start.line >= claim.startLine && d.range.start.line <= claim.endLine);
    const errors = inside.filter((d) => d.severity === 'error').length;
    const warnings = inside.filter((d) => d.severity === 'warning').length;
    const problems = errors + warnings === 0 ? 'no problems' : [errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
    return { range: lineRange(file, claim.startLine), title: `${plural(claim.lines.length, 'service line')} · ${problems}` };
  });
}
