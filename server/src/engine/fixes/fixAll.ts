// Fix-all: every preferred fix that passes the safety gate, claim block by claim block, until
// nothing more applies. Each accepted step removes at least one finding and adds none, so the
// loop ends, and a block's fixes never change another block.
import { ClaimDocument, resolveOptions } from '../check';
import { trimmedEdits } from '../textDiff';
import type { CheckOptions, ClaimDiagnostic, CodeTables, Fix, TextEdit } from '../types';
import { lineStarts, offsetAt } from './apply';
import { BlockChecker, type CheckedText } from './safety';

export interface FixAllResult {
  text: string;
  /** Number of fixes applied. */
  applied: number;
  /** Diagnostics of the fixed text. */
  remaining: ClaimDiagnostic[];
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  // Touching counts: two insertions at one place, or an insertion at a replaced range's edge, are ambiguous.
  return a.start <= b.end && b.start <= a.end;
}

interface Candidate {
  diagnostic: ClaimDiagnostic;
  fix: Fix;
}

/** The preferred fixes, in document order, minus those whose edits overlap an earlier one. */
function disjointCandidates(checked: CheckedText): Candidate[] {
  const starts = lineStarts(checked.text);
  const taken: { start: number; end: number }[] = [];
  const chosen: Candidate[] = [];
  for (const diagnostic of checked.diagnostics) {
    const fix = diagnostic.fixes.find((f) => f.preferred);
    if (!fix) continue;
    const spans = fix.edits.map((e) => ({ start: offsetAt(starts, checked.text, e.range.start), end: offsetAt(starts, checked.text, e.range.end) }));
    if (spans.some((s) => taken.some((t) => overlaps(s, t)))) continue;
    taken.push(...spans);
    chosen.push({ diagnostic, fix });
  }
  return chosen;
}

/** Fixes one claim block to its fixed point. */
function fixBlock(text: string, checker: BlockChecker): { text: string; applied: number } {
  let current = checker.check(text);
  let applied = 0;
  // Every step lowers the number of findings, so this bound is never what stops a real file.
  for (let step = 0; step <= 10_000; step++) {
    const candidates = disjointCandidates(current);
    if (candidates.length === 0) break;
    const together = candidates.length > 1 ? checker.trySafely(current, candidates.map((c) => c.diagnostic), candidates.map((c) => c.fix)) : undefined;
    if (together) {
      current = together;
      applied += candidates.length;
      continue;
    }
    // Some fixes are only safe alone (or not at all): take the first safe one, then look again.
    let next: CheckedText | undefined;
    for (const candidate of current.diagnostics.filter((d) => d.fixes.some((f) => f.preferred))) {
      next = checker.trySafely(current, [candidate], [candidate.fixes.find((f) => f.preferred)!]);
      if (next) break;
    }
    if (!next) break;
    current = next;
    applied++;
  }
  return { text: current.text, applied };
}

interface FixedBlock {
  startLine: number;
  before: string;
  after: string;
  applied: number;
}

/** Every block of the file, fixed on its own. */
function fixBlocks(document: ClaimDocument, tables: CodeTables, options: CheckOptions): FixedBlock[] {
  const checker = new BlockChecker(tables, options, document.eol);
  // One check of the file says which blocks have a fix to try; only those are worked on. (An
  // editor's document has its findings already: only the blocks changed since are checked.)
  const fixable = new Set<number>();
  for (const d of document.check(tables, options)) if (d.fixes.some((f) => f.preferred)) fixable.add(document.blockStartOf(d.range.start.line));
  const blocks: FixedBlock[] = [];
  for (let line = 0; line < document.lines.length; ) {
    const block = document.blockAt(line);
    const fixed = fixable.has(block.startLine) ? fixBlock(block.text, checker) : { text: block.text, applied: 0 };
    blocks.push({ startLine: block.startLine, before: block.text, after: fixed.text, applied: fixed.applied });
    line = block.endLine;
  }
  return blocks;
}

/** Applies every safe preferred fix in the file. */
export function fixAll(text: string, tables: CodeTables, partialOptions?: Partial<CheckOptions>): FixAllResult {
  const options = resolveOptions(partialOptions);
  const blocks = fixBlocks(new ClaimDocument(text), tables, options);
  const fixedText = blocks.map((b) => b.after).join('');
  const applied = blocks.reduce((n, b) => n + b.applied, 0);
  return { text: fixedText, applied, remaining: new ClaimDocument(fixedText).check(tables, options) };
}

/**
 * Fix-all as edits: one per changed claim block, trimmed to the lines that change. Linear in the
 * file. `source`: the text, or the document an editor holds (its blocks are not checked again).
 */
export function fixAllEdits(source: string | ClaimDocument, tables: CodeTables, partialOptions?: Partial<CheckOptions>): { edits: TextEdit[]; applied: number } {
  const document = typeof source === 'string' ? new ClaimDocument(source) : source;
  const blocks = fixBlocks(document, tables, resolveOptions(partialOptions));
  return {
    edits: blocks.flatMap((b) => trimmedEdits(b.before, b.after, b.startLine)),
    applied: blocks.reduce((n, b) => n + b.applied, 0),
  };
}

/**
 * The fixes of `diagnostic` as the editor should offer them: a preferred fix that fails the
 * safety gate on its claim block is offered, but no longer preferred.
 */
export function confirmedFixes(document: ClaimDocument, diagnostic: ClaimDiagnostic, tables: CodeTables, options: CheckOptions): Fix[] {
  if (!diagnostic.fixes.some((f) => f.preferred)) return diagnostic.fixes;
  const block = document.blockAt(diagnostic.range.start.line);
  const checker = new BlockChecker(tables, options, document.eol);
  const before = checker.check(block.text);
  const shift = block.startLine;
  const local = before.diagnostics.find(
    (d) => d.id === diagnostic.id && d.range.start.line + shift === diagnostic.range.start.line && d.range.start.character === diagnostic.range.start.character,
  );
  return diagnostic.fixes.map((fix, index) => {
    if (!fix.preferred) return fix;
    const localFix = local?.fixes[index];
    const safe = local !== undefined && localFix !== undefined && checker.trySafely(before, [local], [localFix]) !== undefined;
    return safe ? fix : { ...fix, preferred: false };
  });
}
