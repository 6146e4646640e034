// Checking a file claim block by claim block, without keeping the file's model: each block is
// parsed, checked and handed on, then dropped. The command line checks a month of claims this
// way in little memory. Findings are exactly those of ClaimDocument.check, in the same order
// (a property test holds the two equal).
import { checkBlockLines, isSuppressed, resolveOptions, sortDiagnostics } from './check';
import { eachLine, parseLine } from './parser';
import { createContext } from './rules/context';
import { checkDuplicateClaimId } from './rules/structure';
import type { CheckOptions, ClaimDiagnostic, CodeTables, ParsedLine } from './types';

/** The line ending of the text's first line break ('\n' when it has none), as ClaimDocument.eol. */
export function firstLineEnding(text: string): string {
  const cr = text.indexOf('\r');
  const lf = text.indexOf('\n');
  if (cr < 0) return '\n';
  if (lf >= 0 && lf < cr) return '\n';
  return lf === cr + 1 ? '\r\n' : '\r';
}

/**
 * A piece of a larger file (the CLI checks a large file in pieces on several threads): it starts
 * at a claim block boundary, on line `firstLine` of the file.
 */
export interface FilePiece {
  firstLine: number;
  /** The file's line ending (its first line break's), for fixes that insert a line. */
  eol: string;
  /** Claim ids of this piece already used above it in the file → the line each was first used on. */
  idsUsedBefore: ReadonlyMap<string, number>;
  /** The file's last piece. Any other ends with a line break, and the empty rest after it is not one of its lines. */
  last: boolean;
}

/**
 * Checks `text` block by block and calls `emit` with each block's findings, in document order.
 * Duplicate claim ids, the one file-level rule, are tracked in a map of first lines. With
 * `piece`, `text` is that piece of a file and the findings are those of its lines in the file.
 */
export function checkInBlocks(text: string, tables: CodeTables, partialOptions: Partial<CheckOptions> | undefined, emit: (diagnostics: ClaimDiagnostic[]) => void, piece?: FilePiece): void {
  const options = resolveOptions(partialOptions);
  const payerIds = options.payerProfiles.map((p) => p.id);
  const eol = piece ? piece.eol : firstLineEnding(text);
  const firstLine = piece ? piece.firstLine : 0;
  /** Claim id → the line it was first used on (numbers only: no block is kept alive). */
  const firstLineOfId = new Map<string, number>(piece?.idsUsedBefore);
  let block: ParsedLine[] = [];

  const flush = (upTo: number) => {
    if (upTo <= 0) return;
    const lines = block.slice(0, upTo);
    block = block.slice(upTo);
    // A chunk is one claim block (its boundaries are ClaimDocument's), so it is checked as one.
    const found = checkBlockLines(lines, tables, options, payerIds, eol);
    const header = lines.find((l) => l.kind === 'header');
    const id = header?.claimId?.text;
    if (header && id !== undefined) {
      const first = firstLineOfId.get(id);
      if (first === undefined) firstLineOfId.set(id, header.line);
      else {
        const duplicate: ClaimDiagnostic[] = [];
        checkDuplicateClaimId(first, [header], createContext(tables, options, eol, duplicate));
        const shown = duplicate.filter((d) => !isSuppressed(lines, d, lines[0].line));
        if (shown.length > 0) {
          found.push(...shown);
          sortDiagnostics(found);
        }
      }
    }
    emit(found);
  };

  const endsEarly = piece !== undefined && !piece.last;
  eachLine(text, (lineText, lineEol, index) => {
    if (endsEarly && lineEol === '') return;
    const parsed = parseLine(lineText, firstLine + index, lineEol);
    // A header starts a block, or the `# claims-disable-next-line` right above it does.
    if (parsed.kind === 'header' && index > 0) {
      const above = block[block.length - 1];
      flush(above?.disableNextLine !== undefined ? block.length - 1 : block.length);
    }
    block.push(parsed);
  });
  flush(block.length);
}
