// Formatting: headers at column 0, service lines indented two spaces, the code and key=value
// columns of a claim aligned, single spaces elsewhere, trailing white space removed. Only white
// space changes: a line whose tokens would change (or that has syntax problems) is left alone.
import type { ClaimDocument } from '../check';
import { lineByLineEdits } from '../textDiff';
import type { ParsedLine, TextEdit } from '../types';

const SERVICE_INDENT = '  ';
const COLUMN_GAP = 2;

function bomOf(line: ParsedLine): string {
  return line.indent.startsWith('\uFEFF') ? '\uFEFF' : '';
}

/** Places a trailing comment where it was when that is past the content, else two spaces after it. */
function withComment(content: string, line: ParsedLine): string {
  if (!line.comment) return content;
  const column = line.comment.range.start.character;
  const gap = column > content.length ? column - content.length : COLUMN_GAP;
  return content === '' ? line.comment.text : `${content}${' '.repeat(gap)}${line.comment.text}`;
}

/** Only spaces and tabs may change: a BOM, a no-break space or a NUL in the indent is text to keep. */
function sameTokens(a: string, b: string): boolean {
  return a.replace(/[ \t]+/g, '') === b.replace(/[ \t]+/g, '');
}

function formatHeader(line: ParsedLine): string {
  const tokens = [line.keyword?.text, line.claimId?.text, ...line.fields.map((f) => f.token.text)].filter((t): t is string => !!t);
  return withComment(bomOf(line) + tokens.join(' '), line);
}

function formatServiceGroup(lines: ParsedLine[]): Map<ParsedLine, string> {
  const codeWidth = Math.max(...lines.map((l) => l.codeToken!.text.length));
  const fieldWidths: number[] = [];
  for (const line of lines) {
    line.fields.forEach((f, i) => {
      if (i < line.fields.length - 1) fieldWidths[i] = Math.max(fieldWidths[i] ?? 0, f.token.text.length);
    });
  }
  const result = new Map<ParsedLine, string>();
  for (const line of lines) {
    const fields = line.fields.map((f, i) => (i < line.fields.length - 1 ? f.token.text.padEnd(fieldWidths[i] + COLUMN_GAP) : f.token.text));
    const code = fields.length > 0 ? line.codeToken!.text.padEnd(codeWidth + COLUMN_GAP) : line.codeToken!.text;
    result.set(line, withComment(bomOf(line) + SERVICE_INDENT + code + fields.join(''), line));
  }
  return result;
}

export function formatText(document: ClaimDocument): string {
  const lines = document.lines;
  const formatted = new Map<ParsedLine, string>();
  // Service lines align within their block: the lines from one header to the next.
  let group: ParsedLine[] = [];
  const flush = () => {
    if (group.length > 0) for (const [line, text] of formatServiceGroup(group)) formatted.set(line, text);
    group = [];
  };
  for (const line of lines) {
    if (line.syntaxProblems.length > 0) continue;
    if (line.kind === 'header') {
      flush();
      formatted.set(line, formatHeader(line));
    } else if (line.kind === 'service' && line.codeToken) {
      group.push(line);
    } else if (line.kind === 'blank') {
      formatted.set(line, bomOf(line));
    } else if (line.kind === 'comment') {
      formatted.set(line, line.text.replace(/\s+$/, ''));
    }
  }
  flush();
  return lines
    .map((line) => {
      const text = formatted.get(line);
      return (text !== undefined && sameTokens(text, line.text) ? text : line.text) + line.eol;
    })
    .join('');
}

/** The few edits that turn the document into its formatted form (none when it already is). */
export function formatEdits(document: ClaimDocument): TextEdit[] {
  return lineByLineEdits(document.text, formatText(document));
}
