// Turns a before/after pair of texts into the few edits that change one into the other, so a
// whole-file fix (fix-all, formatting) touches only the lines it must.
import { diffArrays } from 'diff';
import { splitLines } from './parser';
import type { TextEdit } from './types';

export function minimalEdits(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  // Compare whole lines including their line endings, so an ending change is a change.
  const oldLines = splitLines(before).map((l) => l.text + l.eol);
  const newLines = splitLines(after).map((l) => l.text + l.eol);
  const edits: TextEdit[] = [];
  let oldLine = 0;
  let pending: { start: number; end: number; text: string } | undefined;
  const flush = () => {
    if (!pending) return;
    edits.push({
      range: { start: { line: pending.start, character: 0 }, end: { line: pending.end, character: 0 } },
      newText: pending.text,
    });
    pending = undefined;
  };
  for (const part of diffArrays(oldLines, newLines)) {
    if (!part.added && !part.removed) {
      flush();
      oldLine += part.value.length;
      continue;
    }
    pending ??= { start: oldLine, end: oldLine, text: '' };
    if (part.removed) {
      oldLine += part.value.length;
      pending.end = oldLine;
    } else {
      pending.text += part.value.join('');
    }
  }
  flush();
  return edits;
}
