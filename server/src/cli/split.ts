// Splitting a large .claim file into pieces that worker threads check in parallel (pool.ts).
// A piece starts where a claim block starts (ClaimDocument's and checkInBlocks' boundaries: a
// header line, or the `# claims-disable-next-line` line right above it), so every rule but one
// sees in a piece exactly what it sees in the whole file. The one file-level rule, duplicate
// claim ids, is why the headers are read here first: each piece is told which of its ids the
// pieces above it used, and on which line.
import { isSpace, parseLine } from '../engine/parser';
import { firstLineEnding } from '../engine/stream';
import type { PieceJob } from './checkFile';

/** Finds the `claim` keyword anywhere (any case); a header has it as its line's first token. */
const CLAIM = /claim/gi;

/** White space as the parser reads it (isSpace), but not a line break. */
const isBlank = (code: number) => code !== 10 && code !== 13 && isSpace(code);

/** Where the line holding the `claim` at `at` starts, when that `claim` is its first token; -1 otherwise. */
function headerLineStart(text: string, at: number): number {
  if (at + 5 < text.length && !isSpace(text.charCodeAt(at + 5))) return -1;
  let start = at;
  while (start > 0 && isBlank(text.charCodeAt(start - 1))) start--;
  if (start === 0) return 0;
  const before = text.charCodeAt(start - 1);
  return before === 10 || before === 13 ? start : -1;
}

/**
 * The claim id of a header line whose `claim` keyword ends at `from`: the next token, unless it
 * starts a comment or holds an '=' (then it is a field and the header has no id), as the parser
 * reads it (ParsedLine.claimId) without parsing the whole line.
 */
function claimIdOf(text: string, from: number, end: number): string | undefined {
  let start = from;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  if (start === end || text.charCodeAt(start) === 35 /* # */) return undefined;
  let stop = start;
  while (stop < end && !isSpace(text.charCodeAt(stop))) {
    if (text.charCodeAt(stop) === 61 /* = */) return undefined;
    stop++;
  }
  return text.slice(start, stop);
}

/** Counts the line breaks (LF, CRLF, lone CR, as eachLine splits) in text[from, to). */
function lineBreaks(text: string, from: number, to: number, crFree: boolean): number {
  let n = 0;
  if (crFree) {
    for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
    return n;
  }
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/** The end of the line starting at `start` (before its line break). */
function lineEnd(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

/** The start of the line above the one starting at `start` (> 0). */
function previousLineStart(text: string, start: number): number {
  let end = start - 1;
  if (text.charCodeAt(end) === 10 && text.charCodeAt(end - 1) === 13) end--;
  while (end > 0 && text.charCodeAt(end - 1) !== 10 && text.charCodeAt(end - 1) !== 13) end--;
  return end;
}

/**
 * `text` (a whole .claim file) in pieces of about `pieceChars` characters or more, each starting
 * at a claim block boundary; one piece when it has no boundary past that size (one huge claim).
 */
export function splitClaimText(text: string, pieceChars: number): PieceJob[] {
  const eol = firstLineEnding(text);
  const crFree = text.indexOf('\r') < 0;
  const pieces: PieceJob[] = [];
  let pieceStart = 0;
  let pieceLine = 0;
  let idsUsedBefore = new Map<string, number>();
  const firstLineOfId = new Map<string, number>();
  const cut = (at: number, line: number) => {
    pieces.push({ text: text.slice(pieceStart, at), firstLine: pieceLine, eol, idsUsedBefore, last: false });
    pieceStart = at;
    pieceLine = line;
    idsUsedBefore = new Map();
  };
  // Line numbers are counted from the last header read.
  let counted = 0;
  let countedLine = 0;
  CLAIM.lastIndex = 0;
  for (let match = CLAIM.exec(text); match; match = CLAIM.exec(text)) {
    const start = headerLineStart(text, match.index);
    if (start < 0) continue;
    const end = lineEnd(text, start);
    CLAIM.lastIndex = end;
    countedLine += lineBreaks(text, counted, start, crFree);
    counted = start;
    if (start - pieceStart >= pieceChars) {
      // A header starts a block unless a disable comment is right above it; that comment starts
      // it instead, unless it is the end of a header line (then the block started above).
      const aboveStart = previousLineStart(text, start);
      const above = parseLine(text.slice(aboveStart, lineEnd(text, aboveStart)), countedLine - 1);
      if (above.disableNextLine === undefined) cut(start, countedLine);
      else if (above.kind !== 'header' && aboveStart > pieceStart) cut(aboveStart, countedLine - 1);
    }
    const id = claimIdOf(text, match.index + 5, end);
    if (id === undefined) continue;
    const first = firstLineOfId.get(id);
    if (first === undefined) firstLineOfId.set(id, countedLine);
    else if (first < pieceLine && !idsUsedBefore.has(id)) idsUsedBefore.set(id, first);
  }
  pieces.push({ text: text.slice(pieceStart), firstLine: pieceLine, eol, idsUsedBefore, last: true });
  return pieces;
}
