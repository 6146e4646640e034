// The gate every preferred fix passes: applied to its claim block, it must remove its own
// finding, add no error or warning anywhere in the block, and leave the drug, date, diagnoses and units of
// every line it does not edit as they were. A fix that fails is offered, but not preferred.
import { ClaimDocument } from '../check';
import { splitLines } from '../parser';
import type { CheckOptions, ClaimDiagnostic, CodeTables, Fix, ServiceLine, Severity, TextEdit } from '../types';
import { applyEdits } from './apply';

/** A block of text with its findings, checked on its own. */
export interface CheckedText {
  text: string;
  diagnostics: ClaimDiagnostic[];
  document: ClaimDocument;
}

export class BlockChecker {
  private readonly payerIds: string[];

  constructor(
    readonly tables: CodeTables,
    readonly options: CheckOptions,
    /** The whole file's line ending, so a fix inserts the same ending in any block. */
    readonly eol: string,
  ) {
    this.payerIds = options.payerProfiles.map((p) => p.id);
  }

  check(text: string): CheckedText {
    const document = new ClaimDocument(text, this.eol);
    return { text, diagnostics: document.check(this.tables, this.options), document };
  }

  /**
   * Applies `fixes` (each the fix of `fixed[i]`) to `before`; returns the result when it is
   * safe, undefined when it is not.
   */
  trySafely(before: CheckedText, fixed: ClaimDiagnostic[], fixes: Fix[]): CheckedText | undefined {
    const edits = fixes.flatMap((f) => f.edits);
    // A fix edits the lines of the finding it fixes, and nothing else.
    const own = fixed.every((d, i) => fixes[i].edits.every((e) => e.range.start.line >= d.range.start.line && e.range.end.line <= d.range.end.line));
    if (!own) return undefined;
    let text: string;
    try {
      text = applyEdits(before.text, edits);
    } catch {
      return undefined; // overlapping edits
    }
    const after = this.check(text);
    const origins = lineOrigins(splitLines(before.text).length, edits);
    return isSafe(before, after, fixed, origins, this.payerIds) ? after : undefined;
  }
}

/** Where each line of the edited text came from: a line number of the text before, or 'inserted'. */
export function lineOrigins(linesBefore: number, edits: TextEdit[]): Array<number | 'inserted'> {
  const origins: Array<number | 'inserted'> = [];
  const sorted = [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  let line = 0;
  let i = 0;
  while (line < linesBefore) {
    if (i >= sorted.length || sorted[i].range.start.line > line) {
      origins.push(line++);
      continue;
    }
    // A region of lines joined by edits: [first, last] before, some count after.
    const first = line;
    let last = line;
    let added = 0;
    let removed = 0;
    while (i < sorted.length && sorted[i].range.start.line <= last) {
      const edit = sorted[i++];
      last = Math.max(last, edit.range.end.line);
      removed += edit.range.end.line - edit.range.start.line;
      added += splitLines(edit.newText).length - 1;
    }
    const before = last - first + 1;
    const after = before - removed + added;
    for (let k = 0; k < after; k++) origins.push(k < before ? first + k : 'inserted');
    line = last + 1;
  }
  return origins;
}

/** The severities a fix must not add: what rejects or denies a claim. */
const BLOCKING: readonly Severity[] = ['error', 'warning'];

function findingKey(id: string, line: number | 'inserted'): string {
  return `${id}\u0000${line}`;
}

/** What a line bills: its drug, date, diagnoses and units. */
function billingFacts(line: ServiceLine, dx: string[]): string {
  const pointed = line.dxPointers.map((p) => dx[p.value - 1] ?? `#${p.value}`);
  return [line.code, line.units ?? '', line.dos ?? '', pointed.join(','), line.drug ?? ''].join('|');
}

function factsByLine(document: ClaimDocument, payerIds: string[]): Map<number, string> {
  const facts = new Map<number, string>();
  const file = document.claims(payerIds);
  for (const claim of file.claims) {
    const dx = claim.header.dx.map((d) => d.normalized);
    for (const line of claim.lines) facts.set(line.parsed.line, billingFacts(line, dx));
  }
  for (const line of file.orphanLines) facts.set(line.parsed.line, billingFacts(line, []));
  return facts;
}

function isSafe(
  before: CheckedText,
  after: CheckedText,
  fixed: ClaimDiagnostic[],
  origins: Array<number | 'inserted'>,
  payerIds: string[],
): boolean {
  const fixedKeys = new Set(fixed.map((d) => findingKey(d.id, d.range.start.line)));
  // What may stay: the blocking findings there were (and those of the kind fixed). An information
  // finding is no allowance for an error of its id: a fix that turns missing-jw-jz on an
  // unconfirmed container (information) into one on a confirmed one (error) adds a problem.
  const allowed = new Map<string, number>();
  for (const d of before.diagnostics) {
    const key = findingKey(d.id, d.range.start.line);
    if (!BLOCKING.includes(d.severity) && !fixedKeys.has(key)) continue;
    allowed.set(key, (allowed.get(key) ?? 0) + 1);
  }
  // Each fixed finding must be gone: one fewer of its kind on its line.
  for (const d of fixed) {
    const key = findingKey(d.id, d.range.start.line);
    allowed.set(key, (allowed.get(key) ?? 0) - 1);
  }
  const seen = new Map<string, number>();
  for (const d of after.diagnostics) {
    const origin = origins[d.range.start.line] ?? 'inserted';
    const key = findingKey(d.id, origin);
    // Information (a note such as dx-not-indicated that JW had hidden) is not a new problem.
    if (!BLOCKING.includes(d.severity) && !fixedKeys.has(key)) continue;
    const count = (seen.get(key) ?? 0) + 1;
    if (origin === 'inserted' || count > (allowed.get(key) ?? 0)) return false;
    seen.set(key, count);
  }
  // Lines the fix did not edit bill exactly what they billed before.
  const edited = new Set(fixed.map((d) => d.range.start.line));
  const factsBefore = factsByLine(before.document, payerIds);
  const factsAfter = factsByLine(after.document, payerIds);
  for (const [line, facts] of factsAfter) {
    const origin = origins[line];
    if (origin === 'inserted' || origin === undefined || edited.has(origin)) continue;
    if (factsBefore.get(origin) !== facts) return false;
  }
  for (const [line] of factsBefore) if (!edited.has(line) && !origins.includes(line)) return false;
  return true;
}
