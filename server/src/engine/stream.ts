// Checking a file claim block by claim block, without keeping the file's model: each block is
// parsed, checked and handed on, then dropped. The command line checks a month of claims this
// way in little memory. Findings are exactly those of ClaimDocument.check, in the same order
// (a property test holds the two equal).
import { checkBlockLines, isSuppressed, resolveOptions } from './check';
import { eachLine, parseLine } from './parser';
import { createContext } from './rules/context';
import { checkDuplicateClaimId } from './rules/structure';
import type { CheckOptions, ClaimDiagnostic, CodeTables, ParsedLine } from './types';

/** The line ending of the text's first line break ('\n' when it has none), as ClaimDocument.eol. */
function firstLineEnding(text: string): string {
  const cr = text.indexOf('\r');
  const lf = text.indexOf('\n');
  if (cr < 0) return '\n';
  if (lf >= 0 && lf < cr) return '\n';
  return lf === cr + 1 ? '\r\n' : '\r';
}

/**
 * Checks `text` block by block and calls `emit` with each block's findings, in document order.
 * Duplicate claim ids, the one file-level rule, are tracked in a map of first lines.
 */
export function checkInBlocks(text: string, tables: CodeTables, partialOptions: Partial<CheckOptions> | undefined, emit: (diagnostics: ClaimDiagnostic[]) => void): void {
  const options = resolveOptions(partialOptions);
  const payerIds = options.payerProfiles.map((p) => p.id);
  const eol = firstLineEnding(text);
  /** Claim id → the line it was first used on (numbers only: no block is kept alive). */
  const firstLineOfId = new Map<string, number>();
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
          found.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.id.localeCompare(b.id));
        }
      }
    }
    emit(found);
  };

  eachLine(text, (lineText, lineEol, line) => {
    const parsed = parseLine(lineText, line, lineEol);
    // A header starts a block, or the `# claims-disable-next-line` right above it does.
    if (parsed.kind === 'header' && line > 0) {
      const above = block[block.length - 1];
      flush(above?.disableNextLine !== undefined ? block.length - 1 : block.length);
    }
    block.push(parsed);
  });
  flush(block.length);
}
