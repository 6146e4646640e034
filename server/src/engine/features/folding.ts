// Folding ranges: one per claim, from its header to its last service line.
import type { ClaimFile, ClaimOutline } from '../types';

export interface LineFold {
  startLine: number;
  endLine: number;
}

/** From the claim model, or (a large file) the document's outline of its claims. */
export function foldingRanges(claims: ClaimFile | readonly ClaimOutline[]): LineFold[] {
  return ('claims' in claims ? claims.claims : claims).filter((c) => c.endLine > c.startLine).map((c) => ({ startLine: c.startLine, endLine: c.endLine }));
}
