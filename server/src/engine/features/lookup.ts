// Finding what is under the cursor: the parsed line, its token, and the claim-model line.
import type { Claim, ClaimFile, ParsedLine, Position, Range, ServiceLine, Token } from '../types';

/**
 * The parsed line under a cursor position, or undefined when the position is not one: off the
 * document, negative or fractional (what no editor sends, but a broken client might).
 */
export function lineAtCursor(lines: readonly ParsedLine[], position: Position): ParsedLine | undefined {
  if (!Number.isInteger(position.line) || !Number.isInteger(position.character)) return undefined;
  const parsed = lines[position.line];
  return parsed && position.character >= 0 && position.character <= parsed.text.length ? parsed : undefined;
}

export function contains(range: Range, position: Position): boolean {
  if (position.line < range.start.line || position.line > range.end.line) return false;
  if (position.line === range.start.line && position.character < range.start.character) return false;
  if (position.line === range.end.line && position.character > range.end.character) return false;
  return true;
}

export function tokenAt(tokens: Array<Token | undefined>, position: Position): Token | undefined {
  return tokens.find((t): t is Token => t !== undefined && contains(t.range, position));
}

export function serviceLineAt(file: ClaimFile, line: number): { line: ServiceLine; claim?: Claim } | undefined {
  for (const claim of file.claims) {
    if (line < claim.startLine || line > claim.endLine) continue;
    const found = claim.lines.find((l) => l.parsed.line === line);
    if (found) return { line: found, claim };
  }
  const orphan = file.orphanLines.find((l) => l.parsed.line === line);
  return orphan ? { line: orphan } : undefined;
}
