// Text edits the quick fixes are made of. Each changes only the text it must.
import type { ParsedLine, Position, Range, ServiceLine, TextEdit, Token } from '../types';

function position(line: number, character: number): Position {
  return { line, character };
}

export function replaceToken(token: Token, newText: string): TextEdit {
  return { range: token.range, newText };
}

/** Appends `-MOD` at the end of the line's code token. */
export function appendModifier(line: ServiceLine, modifier: string): TextEdit {
  const end = line.parsed.codeToken!.range.end;
  return { range: { start: end, end }, newText: `-${modifier}` };
}

/** Removes every occurrence of a modifier on the line, each with the `-` before it. */
export function removeModifier(line: ServiceLine, modifier: string): TextEdit[] {
  return line.parsed.modifiers
    .filter((_, index) => line.modifiers[index] === modifier)
    .map((token) => ({ range: { start: position(token.range.start.line, token.range.start.character - 1), end: token.range.end }, newText: '' }));
}

/** Inserts a new line below `parsed`, with the same indentation and the document's line ending. */
export function insertLineBelow(parsed: ParsedLine, content: string, eol: string): TextEdit {
  const end = position(parsed.line, parsed.text.length);
  return { range: { start: end, end }, newText: `${eol}${parsed.indent.replace('\uFEFF', '')}${content}` };
}

/** Inserts ` key=value` right after the code token. */
export function insertFieldAfterCode(line: ServiceLine, text: string): TextEdit {
  const end = line.parsed.codeToken!.range.end;
  return { range: { start: end, end }, newText: ` ${text}` };
}

/** Do two ranges overlap or touch (an empty range at another's edge counts)? */
export function rangesTouch(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Appends ` key=value` after the line's last field (before a trailing comment). */
export function appendField(line: ServiceLine, text: string): TextEdit {
  const last = line.parsed.fields[line.parsed.fields.length - 1]?.token ?? line.parsed.codeToken!;
  const end = last.range.end;
  return { range: { start: end, end }, newText: ` ${text}` };
}
