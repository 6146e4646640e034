// Document symbols (the outline): each claim, with its service lines as children.
import { fieldValue } from '../model';
import type { ClaimDocument } from '../check';
import type { ClaimFile, ClaimOutline, ParsedLine, Range, ServiceLine } from '../types';
import { plural } from '../values';

export interface ClaimSymbol {
  name: string;
  detail: string;
  kind: 'claim' | 'line';
  range: Range;
  selectionRange: Range;
  children: ClaimSymbol[];
}

/** What ranges are read from: a claim model or a document (their parsed lines). */
type Lines = { readonly lines: readonly ParsedLine[] };

export function lineRange(file: Lines, line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: file.lines[line]?.text.length ?? 0 } };
}

export function claimRange(file: Lines, claim: { startLine: number; endLine: number }): Range {
  return { start: { line: claim.startLine, character: 0 }, end: { line: claim.endLine, character: file.lines[claim.endLine]?.text.length ?? 0 } };
}

function lineSymbol(file: ClaimFile, line: ServiceLine): ClaimSymbol {
  const dose = fieldValue(line, 'dose')?.text;
  const detail = [line.units !== undefined ? plural(line.units, 'unit') : '', dose ? `dose ${dose}` : '']
    .filter(Boolean)
    .join(' · ');
  const range = lineRange(file, line.parsed.line);
  return {
    name: line.parsed.codeToken?.text || line.code || '(line)',
    detail,
    kind: 'line',
    range,
    selectionRange: line.parsed.codeToken?.range ?? range,
    children: [],
  };
}

/**
 * The outline stays small enough to send on every edit of a month of claims, as VS Code's own
 * JSON server caps its outline (json.maxItemsComputed, 5,000): service lines are listed under
 * their claims only while claims and lines together stay within this many; beyond it, claims
 * only, the first MAX_SYMBOLS of them.
 */
export const MAX_SYMBOLS = 5000;

function claimSymbol(file: Lines, claim: ClaimOutline, children: ClaimSymbol[]): ClaimSymbol {
  const header = claim.header;
  return {
    name: `claim ${header.id || '(no id)'}`,
    detail: [header.payer, header.dos].filter(Boolean).join(' · '),
    kind: 'claim',
    range: claimRange(file, claim),
    selectionRange: header.parsed.claimId?.range ?? header.parsed.keyword?.range ?? lineRange(file, claim.startLine),
    children,
  };
}

/** The outline of a claim model: claims with their lines while they fit in MAX_SYMBOLS. */
export function documentSymbols(file: ClaimFile): ClaimSymbol[] {
  let lineCount = 0;
  for (const claim of file.claims) lineCount += claim.lines.length;
  const withLines = file.claims.length + lineCount <= MAX_SYMBOLS;
  return file.claims
    .slice(0, MAX_SYMBOLS)
    .map((claim) => claimSymbol(file, { header: claim.header, startLine: claim.startLine, endLine: claim.endLine, lineCount: claim.lines.length }, withLines ? claim.lines.map((line) => lineSymbol(file, line)) : []));
}

/**
 * The outline of a document: with its lines, from the claim model, when they fit; otherwise the
 * first MAX_SYMBOLS claims from the document's outline, without building its lines' model.
 */
export function documentOutline(document: ClaimDocument, payerIds: readonly string[] = []): ClaimSymbol[] {
  const claims = document.outline(payerIds);
  let lineCount = 0;
  for (const claim of claims) lineCount += claim.lineCount;
  if (claims.length + lineCount <= MAX_SYMBOLS) return documentSymbols(document.claims(payerIds));
  return claims.slice(0, MAX_SYMBOLS).map((claim) => claimSymbol(document, claim, []));
}
