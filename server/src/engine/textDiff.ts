// Turns a before/after pair of texts into the few edits that change one into the other, so a
// whole-file change (fix-all, formatting) touches only the lines it must. Linear: no general
// diff, because both callers know how their lines correspond.
import { splitLines } from './parser';
import type { TextEdit } from './types';

/** Lines with their endings, so a changed ending is a changed line. */
function linesOf(text: string): string[] {
  return splitLines(text).map((l) => l.text + l.eol);
}

function replaceLines(start: number, end: number, text: string): TextEdit {
  return { range: { start: { line: start, character: 0 }, end: { line: end, character: 0 } }, newText: text };
}

/**
 * For texts whose lines correspond one to one (formatting changes lines, never adds or removes
 * them): one edit per run of changed lines. Falls back to trimmedEdit when the counts differ.
 */
export function lineByLineEdits(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const old = linesOf(before);
  const fresh = linesOf(after);
  if (old.length !== fresh.length) return trimmedEdits(before, after);
  const edits: TextEdit[] = [];
  for (let i = 0; i < old.length; i++) {
    if (old[i] === fresh[i]) continue;
    const start = i;
    let text = '';
    for (; i < old.length && old[i] !== fresh[i]; i++) text += fresh[i];
    edits.push(replaceLines(start, i, text));
  }
  return edits;
}

/** One edit replacing the lines between the common first and last lines (none when equal). */
export function trimmedEdits(before: string, after: string, firstLine = 0): TextEdit[] {
  if (before === after) return [];
  const old = linesOf(before);
  const fresh = linesOf(after);
  let prefix = 0;
  while (prefix < old.length && prefix < fresh.length && old[prefix] === fresh[prefix]) prefix++;
  let suffix = 0;
  while (suffix < old.length - prefix && suffix < fresh.length - prefix && old[old.length - 1 - suffix] === fresh[fresh.length - 1 - suffix]) suffix++;
  return [replaceLines(firstLine + prefix, firstLine + old.length - suffix, fresh.slice(prefix, fresh.length - suffix).join(''))];
}
