// Folding ranges: one per claim, from its header to its last service line.
import type { ClaimFile } from '../types';

export interface LineFold {
  startLine: number;
  endLine: number;
}

export function foldingRanges(file: ClaimFile): LineFold[] {
  return file.claims.filter((c) => c.endLine > c.startLine).map((c) => ({ startLine: c.startLine, endLine: c.endLine }));
}
