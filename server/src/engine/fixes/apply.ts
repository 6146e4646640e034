// Applying text edits to a text: positions resolve to offsets the way LSP clients do.
import { splitLines } from '../parser';
import type { Position, TextEdit } from '../types';

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (const source of splitLines(text).slice(0, -1)) starts.push(starts[starts.length - 1] + source.text.length + source.eol.length);
  return starts;
}

export function offsetAt(starts: number[], text: string, position: Position): number {
  if (position.line >= starts.length) return text.length;
  const lineEnd = position.line + 1 < starts.length ? starts[position.line + 1] : text.length;
  return Math.min(starts[position.line] + position.character, lineEnd);
}

/** Applies non-overlapping edits (positions in `text`'s coordinates). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = lineStarts(text);
  const withOffsets = edits
    .map((edit, order) => ({ edit, order, start: offsetAt(starts, text, edit.range.start), end: offsetAt(starts, text, edit.range.end) }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  let result = '';
  let cursor = 0;
  for (const { edit, start, end } of withOffsets) {
    if (start < cursor) throw new Error('overlapping edits');
    result += text.slice(cursor, start) + edit.newText;
    cursor = end;
  }
  return result + text.slice(cursor);
}
