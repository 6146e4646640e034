// The engine's entry point: a document kept up to date under edits, checked claim block by
// claim block (re-parsing only the changed lines and re-checking only the blocks they touch).
import { buildHeader, buildModel } from './model';
import { parseLine, parseText, splitLines } from './parser';
import { checkClaimDiagnoses } from './rules/diagnosis';
import { checkClaimJwJz } from './rules/jwjz';
import { LINE_MARK, createContext, type RuleContext } from './rules/context';
import { checkLineCode } from './rules/codes';
import { checkLineDrug } from './rules/drug';
import { checkHeaderFields, checkLineFields, checkParsedLine } from './rules/fields';
import { checkClaimLimits } from './rules/limits';
import { checkClaimNdc } from './rules/ndc';
import { checkLineModifiers } from './rules/modifiers';
import { checkClaimPriorAuth } from './rules/priorAuth';
import { checkClaim340B } from './rules/program340b';
import { checkClaimStructure, checkDuplicateClaimId, checkOrphanLine } from './rules/structure';
import { checkLineUnits } from './rules/units';
import {
  DEFAULT_OPTIONS,
  type CheckOptions,
  type Claim,
  type ClaimDiagnostic,
  type ClaimFile,
  type ClaimHeader,
  type ClaimOutline,
  type CodeTables,
  type SeverityCounts,
  type SummarizedClaim,
  type ParsedLine,
  type Position,
  type Range,
  type ServiceLine,
} from './types';

/** How many different message texts a document keeps one copy of. */
const MAX_KEPT_MESSAGES = 20_000;

/** A shared empty list (only read). */
const NO_DIAGNOSTICS: ClaimDiagnostic[] = [];

export function resolveOptions(options?: Partial<CheckOptions>): CheckOptions {
  return { ...DEFAULT_OPTIONS, ...options };
}

export function checkServiceLine(line: ServiceLine, ctx: RuleContext): void {
  checkLineFields(line, ctx);
  checkLineCode(line, ctx);
  checkLineModifiers(line, ctx);
  checkLineUnits(line, ctx);
  checkLineDrug(line, ctx);
}

export function checkClaim(claim: Claim, ctx: RuleContext): void {
  checkHeaderFields(claim.header, ctx);
  checkClaimStructure(claim, ctx);
  checkClaimDiagnoses(claim, ctx);
  for (const line of claim.lines) checkServiceLine(line, ctx);
  checkClaimJwJz(claim, ctx);
  checkClaimNdc(claim, ctx);
  checkClaimLimits(claim, ctx);
  checkClaimPriorAuth(claim, ctx);
  checkClaim340B(claim, ctx);
}

/** A number from the wire, or 0 (null, NaN, a string: what no editor sends). */
function finiteOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** The range with its start first, as vscode-languageserver-textdocument orders it (before clamping). */
function wellFormed(range: Range): [Position, Position] {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? [end, start] : [start, end];
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function sortDiagnostics(diagnostics: ClaimDiagnostic[]): ClaimDiagnostic[] {
  return diagnostics.sort(compareDiagnostics);
}

function shiftRange(range: Range, delta: number): Range {
  return {
    start: { line: range.start.line + delta, character: range.start.character },
    end: { line: range.end.line + delta, character: range.end.character },
  };
}

/** A stored diagnostic moved by `delta` lines: its ranges, its fixes' edits and the lines its message names. */
function shiftDiagnostic(d: ClaimDiagnostic, delta: number): ClaimDiagnostic {
  return {
    ...d,
    message: d.message.replace(LINE_MARK, (_, line: string) => `\u0001${Number(line) + delta}\u0001`),
    range: shiftRange(d.range, delta),
    fixes: d.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: shiftRange(e.range, delta) })) })),
  };
}

/** A stored diagnostic as the user reads it: line marks become "line N". */
function rendered(d: ClaimDiagnostic): ClaimDiagnostic {
  return d.message.includes('\u0001') ? { ...d, message: d.message.replace(LINE_MARK, (_, line: string) => `line ${Number(line) + 1}`) } : d;
}

/** Is `id` at `line` silenced by a `# claims-disable-next-line` comment on the line above? */
export function isSuppressed(lines: readonly ParsedLine[], d: ClaimDiagnostic, offset = 0): boolean {
  const above = lines[d.range.start.line - 1 - offset];
  const ids = above?.disableNextLine;
  return ids !== undefined && (ids.includes('*') || ids.includes(d.id));
}

/**
 * The findings of lines[from, to), one claim block whose model is `part`, sorted, without the
 * suppressed ones; line marks are left for rendering. `offset`: the line number of lines[0].
 */
function checkPart(
  lines: readonly ParsedLine[],
  from: number,
  to: number,
  part: { claim?: Claim; orphans: ServiceLine[] },
  tables: CodeTables,
  options: CheckOptions,
  eol: string,
  offset: number,
): ClaimDiagnostic[] {
  const found: ClaimDiagnostic[] = [];
  const ctx = createContext(tables, options, eol, found);
  for (let i = from; i < to; i++) if (lines[i].kind === 'invalid') checkParsedLine(lines[i], ctx);
  for (const orphan of part.orphans) {
    checkOrphanLine(orphan, ctx);
    checkServiceLine(orphan, ctx);
  }
  if (part.claim) checkClaim(part.claim, ctx);
  // Most blocks have no `# claims-disable-next-line` (above any of their lines): nothing to filter.
  let directives = false;
  for (let i = Math.max(0, from - 1); i < to && !directives; i++) directives = lines[i].disableNextLine !== undefined;
  const shown = directives ? found.filter((d) => !isSuppressed(lines, d, offset)) : found;
  return shown.length > 1 && !isSorted(shown) ? sortDiagnostics(shown) : shown;
}

function compareDiagnostics(a: ClaimDiagnostic, b: ClaimDiagnostic): number {
  return comparePositions(a.range.start, b.range.start) || a.id.localeCompare(b.id);
}

/** Are the diagnostics in sortDiagnostics' order already? (Then no sort, and no copy, is made.) */
function isSorted(diagnostics: readonly ClaimDiagnostic[]): boolean {
  for (let i = 1; i < diagnostics.length; i++) if (compareDiagnostics(diagnostics[i - 1], diagnostics[i]) > 0) return false;
  return true;
}

/**
 * The findings of `lines` (parsed with their line numbers in a larger file) read as one claim
 * block, rendered: what ClaimDocument.ofLines(lines, eol).check finds when they are one block,
 * without the document. For checking a file block by block (stream.ts).
 */
export function checkBlockLines(lines: readonly ParsedLine[], tables: CodeTables, options: CheckOptions, payerIds: readonly string[], eol: string): ClaimDiagnostic[] {
  const model = buildModel(lines, payerIds);
  const part = { claim: model.claims[0], orphans: model.orphanLines };
  const found = checkPart(lines, 0, lines.length, part, tables, options, eol, lines[0].line);
  for (let i = 0; i < found.length; i++) found[i] = rendered(found[i]);
  return found;
}

/**
 * One claim block: a header (with a `# claims-disable-next-line` right above it) and the lines
 * up to the next block, or the lines before the first header. It owns its slice of the model and
 * its diagnostics; an edit elsewhere only moves it (`start` changes, nothing is rebuilt).
 */
interface Block {
  start: number;
  /** Exclusive. */
  end: number;
  /** The header line, when the block is a claim. */
  header?: ParsedLine;
  model?: { claim?: Claim; orphans: ServiceLine[]; payerKey: string };
  /** The claim's header and span (lines relative to `start`), once the outline asked for them. */
  outline?: { header: ClaimHeader; headerOffset: number; endOffset: number; lineCount: number; payerKey: string };
  /** Diagnostics as checked when the block started at `checkedAt` (lines named by marks). */
  diagnostics?: ClaimDiagnostic[];
  /** `diagnostics` as the user reads them ("line N"), at `checkedAt`: rendered once, not on every request. */
  rendered?: ClaimDiagnostic[];
  checkedAt: number;
  /** No longer one of the document's blocks (an edit replaced it). */
  removed?: boolean;
  /** What its claim's code lenses show, kept with its diagnostics (see claimSummaries). */
  lens?: BlockLens;
}

/**
 * What a feature keeps of a claim block's claim (its lens summary) and the severity counts of its
 * findings, in one object (one per claim of the file); `header` and `last` (the claim's lines)
 * count from the block's start.
 */
interface BlockLens extends SeverityCounts {
  summary: unknown;
  header: number;
  last: number;
  /** What claimSummaries last returned for it without file-level findings: the same object while the block stays put. */
  shown?: SummarizedClaim;
}

/** What a feature keeps of a claim for a request that should need no model (features/codeLens.ts claimSummary). */
export type ClaimSummarizer<S> = (claim: Claim, tables: CodeTables) => S;

/** The lens of `claim`, a block's claim starting at `start`; `found`: its findings as checked at `foundAt`. */
function blockLens(claim: Claim, start: number, found: readonly ClaimDiagnostic[], foundAt: number, tables: CodeTables, summarize: ClaimSummarizer<unknown>): BlockLens {
  const lens: BlockLens = { summary: summarize(claim, tables), header: claim.startLine - start, last: claim.endLine - start, error: 0, warning: 0, information: 0, hint: 0 };
  for (const d of found) {
    const line = d.range.start.line - foundAt;
    if (line >= lens.header && line <= lens.last) lens[d.severity]++;
  }
  return lens;
}

/**
 * A claim file kept in memory, incremental by claim block. `update` applies an LSP content
 * change: it re-parses the lines it touches, re-segments blocks only between the neighbouring
 * headers, and moves the blocks below by a line delta. `check` re-checks only blocks that changed.
 */
export class ClaimDocument {
  private parsed: ParsedLine[];
  private blocks: Block[] = [];
  private checkKey: { tables?: CodeTables; options: string } = { options: '' };
  /** Claim id → the blocks whose header has it: duplicate ids are kept as counts, per block. */
  private blocksOfId = new Map<string, Block[]>();
  /** Ids held by more than one block: what the file-level rule looks at. */
  private duplicateIds = new Set<string>();
  /**
   * The file-level findings (duplicate claim ids) as last made: made again only once a block
   * holding a repeated id comes or goes, lines move, or the tables or options change.
   */
  private fileFindings: ClaimDiagnostic[] | undefined;
  /** Blocks not checked since they were made (or since the tables or options changed). */
  private pending: Block[] = [];
  /** How many diagnostics the blocks hold, all together. */
  private storedCount = 0;
  /**
   * One copy of each message text the blocks hold: a month's 12,000 findings say some 1,000
   * different things, and each finding had its own copy (2.5 MB of text, as built strings).
   */
  private messages = new Map<string, string>();
  private file: { model: ClaimFile; payerKey: string } | undefined;

  /**
   * The summarizer of the first claimSummaries request: from then on each claim's summary is made
   * when its block is checked (the model is at hand then), so claimSummaries builds no model. Not
   * before: summaries of a month's 12,000 claims add a third to the check at open, and only a lens
   * request reads them (documents that are only checked, for fix-all or the CLI, never pay for them).
   */
  private summarize: ClaimSummarizer<unknown> | undefined;

  /** Line number of parsed[0]: 0, except for a piece of a larger file checked on its own (ofLines). */
  private offset = 0;
  /** For a piece of a larger file: its claim ids used above it → the line each was first used on. */
  private idsUsedBefore: ReadonlyMap<string, number> = new Map();

  /** `eol`: the line ending of the file this text is part of (a claim block checked on its own). */
  constructor(text: string, private readonly fileEol?: string) {
    this.parsed = parseText(text);
    this.replaceBlocks(0, 0, this.segment(0, this.parsed.length));
  }

  /**
   * A read-only document of lines already parsed with their line numbers in a larger file (a
   * piece of it that starts at a claim block boundary), so its findings, and the blocks blockAt
   * finds, come out at their place in that file. `idsUsedBefore`: the piece's claim ids used
   * above it, each with the line it was first used on (all its uses here repeat it). For
   * checking a large file in pieces; not for editing.
   */
  static ofLines(lines: ParsedLine[], fileEol: string, idsUsedBefore?: ReadonlyMap<string, number>): ClaimDocument {
    const document = new ClaimDocument('', fileEol);
    document.parsed = lines;
    document.offset = lines[0].line;
    if (idsUsedBefore) document.idsUsedBefore = idsUsedBefore;
    document.replaceBlocks(0, document.blocks.length, document.segment(0, lines.length));
    return document;
  }

  /** Replaces `count` blocks from `index` with `fresh`, keeping the claim-id index current. */
  private replaceBlocks(index: number, count: number, fresh: Block[]): void {
    let removed: Block[];
    if (index === 0 && count === this.blocks.length) {
      // All of them (a new text): no splice of every block as arguments.
      removed = this.blocks;
      this.blocks = fresh;
    } else {
      removed = this.blocks.splice(index, count, ...fresh);
    }
    for (const block of removed) {
      block.removed = true;
      if (block.diagnostics) this.storedCount -= block.diagnostics.length;
      const id = block.header?.claimId?.text;
      if (id === undefined) continue;
      const holders = this.blocksOfId.get(id)!;
      if (holders.length > 1 || this.idsUsedBefore.has(id)) this.fileFindings = undefined;
      if (holders.length === 1) this.blocksOfId.delete(id);
      else {
        holders.splice(holders.indexOf(block), 1);
        if (holders.length === 1) this.duplicateIds.delete(id);
      }
    }
    for (const block of fresh) {
      this.pending.push(block);
      const id = block.header?.claimId?.text;
      if (id === undefined) continue;
      const holders = this.blocksOfId.get(id);
      if (holders || this.idsUsedBefore.has(id)) this.fileFindings = undefined;
      if (holders) {
        holders.push(block);
        this.duplicateIds.add(id);
      } else this.blocksOfId.set(id, [block]);
    }
  }

  get lines(): readonly ParsedLine[] {
    return this.parsed;
  }

  get text(): string {
    return this.parsed.map((l) => l.text + l.eol).join('');
  }

  /** The document's line ending, for fixes that insert a line ('\n' when it has none). */
  get eol(): string {
    return this.fileEol ?? this.parsed.find((l) => l.eol !== '')?.eol ?? '\n';
  }

  /** Does a block start at line `index`? Depends on lines index-1, index and index+1 only. */
  private startsBlock(index: number): boolean {
    const parsed = this.parsed[index];
    if (index === 0) return true;
    if (parsed.kind === 'header') return this.parsed[index - 1].disableNextLine === undefined;
    return this.parsed[index + 1]?.kind === 'header' && parsed.disableNextLine !== undefined;
  }

  /** The blocks of lines [from, to), `from` being a block start. */
  private segment(from: number, to: number): Block[] {
    const blocks: Block[] = [];
    let start = from;
    for (let index = from + 1; index <= to; index++) {
      if (index === to || this.startsBlock(index)) {
        const first = this.parsed[start];
        const header = first.kind === 'header' ? first : this.parsed[start + 1]?.kind === 'header' && first.disableNextLine ? this.parsed[start + 1] : undefined;
        blocks.push({ start, end: index, header, model: undefined, outline: undefined, diagnostics: undefined, rendered: undefined, checkedAt: start, removed: false, lens: undefined });
        start = index;
      }
    }
    return blocks;
  }

  /** Index of the block holding `line` (binary search). */
  private blockIndex(line: number): number {
    let low = 0;
    let high = this.blocks.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.blocks[mid].start <= line) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /**
   * The claim block around `line`. Every rule but duplicate claim ids looks only inside one
   * block, so a block can be checked alone.
   */
  blockAt(line: number): { startLine: number; endLine: number; text: string } {
    const block = this.blocks[this.blockIndex(Math.min(Math.max(line - this.offset, 0), this.parsed.length - 1))];
    return { startLine: block.start + this.offset, endLine: block.end + this.offset, text: this.blockText(block) };
  }

  /** First line of the claim block around `line`. */
  blockStartOf(line: number): number {
    return this.blocks[this.blockIndex(Math.min(Math.max(line - this.offset, 0), this.parsed.length - 1))].start + this.offset;
  }

  private blockText(block: Block): string {
    return this.parsed
      .slice(block.start, block.end)
      .map((l) => l.text + l.eol)
      .join('');
  }

  /** Applies one content change: a range and its new text, or (no range) the whole new text. */
  update(change: { range?: Range; text: string }): void {
    this.file = undefined;
    if (!change.range) {
      this.parsed = parseText(change.text);
      this.replaceBlocks(0, this.blocks.length, this.segment(0, this.parsed.length));
      return;
    }
    const [start, end] = wellFormed(change.range);
    let { line: startLine, character: startChar } = this.resolve(start);
    const { line: endLine, character: endChar } = this.resolve(end);
    const final = this.parsed[endLine];
    let replaced = this.parsed[startLine].text.slice(0, startChar) + change.text + final.text.slice(endChar) + final.eol;
    // A lone CR that ends the line above joins a '\n' the edit puts right after it into one CRLF.
    if (startLine > 0 && this.parsed[startLine - 1].eol === '\r') {
      startLine--;
      replaced = this.parsed[startLine].text + '\r' + replaced;
      startChar = 0;
    }
    const sources = splitLines(replaced);
    // A trailing line break in the replaced text ends with an empty remainder that belongs to the next line.
    if (final.eol !== '' && sources.length > 1 && sources[sources.length - 1].text === '') sources.pop();
    const fresh = sources.map((source, i) => parseLine(source.text, startLine + i, source.eol));
    const delta = fresh.length - (endLine - startLine + 1);

    // Blocks whose boundaries the edit can move: from the one holding line startLine-2 (a block
    // start depends on the lines around it) to the first one starting past the edit's next line.
    const first = this.blockIndex(Math.max(0, startLine - 2));
    let after = this.blockIndex(endLine) + 1;
    while (after < this.blocks.length && this.blocks[after].start < endLine + 2) after++;
    if (delta !== 0) for (let i = endLine + 1; i < this.parsed.length; i++) (this.parsed[i] as { line: number }).line += delta;
    this.parsed.splice(startLine, endLine - startLine + 1, ...fresh);
    if (delta !== 0) {
      this.fileFindings = undefined; // their lines, and the lines they name, may have moved
      for (let i = after; i < this.blocks.length; i++) {
        this.blocks[i].start += delta;
        this.blocks[i].end += delta;
      }
    }
    const windowEnd = after < this.blocks.length ? this.blocks[after].start : this.parsed.length;
    this.replaceBlocks(first, after - first, this.segment(this.blocks[first].start, windowEnd));
  }

  /**
   * Where an LSP position falls, clamped as vscode-languageserver-textdocument clamps it: a
   * line past the end is the end of the text, a negative line its start, a character past the
   * line's end that end (never inside its line break), a fractional character rounds down. A
   * fractional line, which that library turns into a copy of the whole text, rounds down too.
   */
  private resolve(position: Position): Position {
    const last = this.parsed.length - 1;
    const line = Math.floor(finiteOr0(position.line));
    if (line > last) return { line: last, character: this.parsed[last].text.length };
    if (line < 0) return { line: 0, character: 0 };
    const character = finiteOr0(position.character);
    return { line, character: character <= 0 ? 0 : Math.min(Math.floor(character), this.parsed[line].text.length) };
  }

  /**
   * The block's slice of the model. `keep`: store it with the block (the claim model that
   * features ask for); a check builds it, uses it and drops it, so a checked document holds
   * only its parsed lines and diagnostics (and the collector has no model to copy).
   */
  private modelOf(block: Block, payerIds: readonly string[], payerKey: string, keep = true): NonNullable<Block['model']> {
    if (block.model && block.model.payerKey === payerKey) return block.model;
    const part = buildModel(this.parsed, payerIds, block.start, block.end);
    const model = { claim: part.claims[0], orphans: part.orphanLines, payerKey };
    if (keep) block.model = model;
    return model;
  }

  /** The claim model of the current text. */
  claims(payerIds: readonly string[] = []): ClaimFile {
    const payerKey = payerIds.join('\u0000');
    if (this.file && this.file.payerKey === payerKey) return this.file.model;
    const model: ClaimFile = { lines: this.parsed, claims: [], orphanLines: [] };
    for (const block of this.blocks) {
      const part = this.modelOf(block, payerIds, payerKey);
      if (part.claim) model.claims.push(part.claim);
      model.orphanLines.push(...part.orphans);
    }
    this.file = { model, payerKey };
    return model;
  }

  /**
   * Each claim's header, span and number of service lines, read from its block without building
   * its lines' model (the outline and folding of a month of claims keep no model alive). Kept
   * with each block: an edit recomputes only the blocks it touches.
   */
  outline(payerIds: readonly string[] = []): ClaimOutline[] {
    const payerKey = payerIds.join('\u0000');
    const claims: ClaimOutline[] = [];
    for (const block of this.blocks) {
      if (!block.header) continue;
      let outline = block.outline;
      if (!outline || outline.payerKey !== payerKey) block.outline = outline = this.outlineOf(block, block.header, payerIds, payerKey);
      claims.push({ header: outline.header, startLine: block.start + outline.headerOffset, endLine: block.start + outline.endOffset, lineCount: outline.lineCount });
    }
    return claims;
  }

  private outlineOf(block: Block, header: ParsedLine, payerIds: readonly string[], payerKey: string): NonNullable<Block['outline']> {
    // A claim ends at its last service or unreadable line, as in the model (buildModel).
    let last = header.line;
    let lineCount = 0;
    for (let i = header.line + 1; i < block.end; i++) {
      const kind = this.parsed[i].kind;
      if (kind === 'service') lineCount++;
      if (kind === 'service' || kind === 'invalid') last = i;
    }
    return { header: buildHeader(header, payerIds), headerOffset: header.line - block.start, endOffset: last - block.start, lineCount, payerKey };
  }

  /**
   * The claim model of the block around `line` only (its claim or the lines before the first
   * claim): what a hover or a completion at that line reads, without the whole file's model.
   */
  claimsAt(line: number, payerIds: readonly string[] = []): ClaimFile {
    return this.claimsIn(line, line, payerIds);
  }

  /** The claim model of the blocks holding lines [from, to]: what inlay hints for a range read. */
  claimsIn(from: number, to: number, payerIds: readonly string[] = []): ClaimFile {
    const payerKey = payerIds.join('\u0000');
    const file: ClaimFile = { lines: this.parsed, claims: [], orphanLines: [] };
    const clamp = (line: number) => Math.min(Math.max(line, 0), this.parsed.length - 1);
    for (let i = this.blockIndex(clamp(from)), last = this.blockIndex(clamp(to)); i <= last; i++) {
      const part = this.modelOf(this.blocks[i], payerIds, payerKey);
      if (part.claim) file.claims.push(part.claim);
      file.orphanLines.push(...part.orphans);
    }
    return file;
  }

  private checkBlock(block: Block, tables: CodeTables, options: CheckOptions, payerIds: readonly string[], payerKey: string): ClaimDiagnostic[] {
    const model = this.modelOf(block, payerIds, payerKey, false);
    const found = checkPart(this.parsed, block.start, block.end, model, tables, options, this.eol, this.offset);
    block.lens = this.summarize && model.claim ? blockLens(model.claim, block.start, found, block.start, tables, this.summarize) : undefined;
    return found;
  }

  /**
   * Brings every block's diagnostics up to date for these tables and options (re-checking only
   * blocks that changed) and returns the file-level findings (duplicate claim ids), sorted.
   */
  private refresh(tables: CodeTables, partialOptions?: Partial<CheckOptions>): ClaimDiagnostic[] {
    const options = resolveOptions(partialOptions);
    // Fixes that insert a line use the document's line ending, so it is part of what was checked.
    const optionsKey = JSON.stringify(options) + this.eol;
    if (this.checkKey.tables !== tables || this.checkKey.options !== optionsKey) {
      for (const block of this.blocks) {
        block.diagnostics = undefined;
        block.rendered = undefined;
        block.lens = undefined;
      }
      this.checkKey = { tables, options: optionsKey };
      this.fileFindings = undefined;
      this.storedCount = 0;
      this.pending = this.blocks.slice();
    }
    const payerIds = options.payerProfiles.map((p) => p.id);
    const payerKey = payerIds.join('\u0000');
    // Only the blocks made since the last check (the others keep their findings).
    const pending = this.pending;
    this.pending = [];
    for (const block of pending) {
      if (block.diagnostics || block.removed) continue;
      block.diagnostics = this.checkBlock(block, tables, options, payerIds, payerKey);
      block.rendered = undefined;
      for (const d of block.diagnostics) d.message = this.oneCopy(d.message);
      block.checkedAt = block.start;
      this.storedCount += block.diagnostics.length;
    }
    this.fileFindings ??= this.duplicateFindings(tables, options);
    return this.fileFindings;
  }

  /** The one file-level rule, over the ids held by more than one block (or used above a piece of a file). */
  private duplicateFindings(tables: CodeTables, options: CheckOptions): ClaimDiagnostic[] {
    const duplicates: ClaimDiagnostic[] = [];
    const fileContext = createContext(tables, options, this.eol, duplicates);
    for (const [id, firstLine] of this.idsUsedBefore) {
      const blocks = this.blocksOfId.get(id);
      if (blocks) checkDuplicateClaimId(firstLine, blocks.map((b) => b.header!).sort((a, b) => a.line - b.line), fileContext);
    }
    for (const id of this.duplicateIds) {
      if (this.idsUsedBefore.has(id)) continue;
      const blocks = this.blocksOfId.get(id)!;
      const [first, ...repeats] = blocks.map((b) => b.header!).sort((a, b) => a.line - b.line);
      checkDuplicateClaimId(first.line, repeats, fileContext);
    }
    return sortDiagnostics(duplicates.filter((d) => !isSuppressed(this.parsed, d, this.offset)));
  }

  private oneCopy(message: string): string {
    const kept = this.messages.get(message);
    if (kept !== undefined) return kept;
    // Messages naming lines change as lines move: not kept beyond a bound.
    if (this.messages.size >= MAX_KEPT_MESSAGES) this.messages.clear();
    this.messages.set(message, message);
    return message;
  }

  /** A block's diagnostics at its current place, with `extra` (file-level findings on its lines) merged in. */
  private renderBlock(block: Block, extra: ClaimDiagnostic[]): ClaimDiagnostic[] {
    if (block.checkedAt !== block.start) {
      const delta = block.start - block.checkedAt;
      block.diagnostics = block.diagnostics!.map((d) => shiftDiagnostic(d, delta));
      block.checkedAt = block.start;
      block.rendered = undefined;
    }
    let own = block.rendered;
    if (!own) {
      const stored = block.diagnostics!;
      // Most findings name no line: those are returned as stored (callers only read the list).
      own = stored;
      for (let i = 0; i < stored.length; i++) {
        const shown = rendered(stored[i]);
        if (shown === stored[i]) continue;
        if (own === stored) own = stored.slice();
        own[i] = shown;
      }
      block.rendered = own;
    }
    return extra.length > 0 ? sortDiagnostics([...own, ...extra]) : own;
  }

  /** Visits the blocks in order with their file-level findings, until `visit` returns false. */
  private eachBlock(extra: ClaimDiagnostic[], from: number, visit: (block: Block, extra: ClaimDiagnostic[]) => boolean | void): void {
    let next = 0;
    while (next < extra.length && extra[next].range.start.line < this.blocks[from].start + this.offset) next++;
    for (let i = from; i < this.blocks.length; i++) {
      const block = this.blocks[i];
      let mine = NO_DIAGNOSTICS;
      while (next < extra.length && extra[next].range.start.line < block.end + this.offset) {
        if (mine === NO_DIAGNOSTICS) mine = [];
        mine.push(extra[next++]);
      }
      if (visit(block, mine) === false) return;
    }
  }

  /** Every diagnostic of the document, in document order. */
  check(tables: CodeTables, partialOptions?: Partial<CheckOptions>): ClaimDiagnostic[] {
    const extra = this.refresh(tables, partialOptions);
    const all: ClaimDiagnostic[] = [];
    this.eachBlock(extra, 0, (block, mine) => {
      for (const d of this.renderBlock(block, mine)) all.push(d);
    });
    return all;
  }

  /**
   * The first `limit` diagnostics and how many there are: what an editor shows. Only what is
   * returned gets absolute positions, so an edit that moves 10,000 claims renders 1,000.
   */
  checkFirst(tables: CodeTables, partialOptions: Partial<CheckOptions> | undefined, limit: number): { diagnostics: ClaimDiagnostic[]; total: number } {
    const extra = this.refresh(tables, partialOptions);
    const total = extra.length + this.storedCount;
    const diagnostics: ClaimDiagnostic[] = [];
    this.eachBlock(extra, 0, (block, mine) => {
      for (const d of this.renderBlock(block, mine)) {
        if (diagnostics.length >= limit) return false;
        diagnostics.push(d);
      }
      return diagnostics.length < limit;
    });
    return { diagnostics, total };
  }

  /**
   * Each claim's lens summary, its findings counted by severity (the file-level ones too), in
   * document order: what claimLenses and allowanceLenses show, without the model or the
   * diagnostics. A block checked before the first lens request gets its summary here.
   */
  claimSummaries<S>(tables: CodeTables, partialOptions: Partial<CheckOptions> | undefined, summarize: ClaimSummarizer<S>): SummarizedClaim<S>[] {
    if (this.summarize !== summarize) {
      // Another feature's summaries (none yet, in practice): the kept ones are not its.
      for (const block of this.blocks) block.lens = undefined;
      this.summarize = summarize;
    }
    const extra = this.refresh(tables, partialOptions);
    const payerIds = resolveOptions(partialOptions).payerProfiles.map((p) => p.id);
    const payerKey = payerIds.join('\u0000');
    const claims: SummarizedClaim<S>[] = [];
    this.eachBlock(extra, 0, (block, mine) => {
      if (!block.header) return;
      block.lens ??= blockLens(this.modelOf(block, payerIds, payerKey, false).claim!, block.start, block.diagnostics!, block.checkedAt, tables, summarize);
      const lens = block.lens;
      let counts: SeverityCounts = lens;
      for (const d of mine) {
        const line = d.range.start.line - block.start;
        if (line < lens.header || line > lens.last) continue;
        if (counts === lens) counts = { error: lens.error, warning: lens.warning, information: lens.information, hint: lens.hint };
        counts[d.severity]++;
      }
      const line = block.start + lens.header;
      const kept = counts === lens;
      if (kept && lens.shown?.range.start.line === line) {
        claims.push(lens.shown as SummarizedClaim<S>);
        return;
      }
      const shown: SummarizedClaim<S> = { range: { start: { line, character: 0 }, end: { line, character: this.parsed[line].text.length } }, summary: lens.summary as S, counts };
      if (kept) lens.shown = shown;
      claims.push(shown);
    });
    return claims;
  }

  /** The diagnostics that start on lines [from, to]: a code action's or a claim's. */
  checkLines(tables: CodeTables, partialOptions: Partial<CheckOptions> | undefined, from: number, to: number): ClaimDiagnostic[] {
    const extra = this.refresh(tables, partialOptions);
    const found: ClaimDiagnostic[] = [];
    this.eachBlock(extra, this.blockIndex(Math.max(0, Math.min(from, this.parsed.length - 1))), (block, mine) => {
      if (block.start > to) return false;
      for (const d of this.renderBlock(block, mine)) if (d.range.start.line >= from && d.range.start.line <= to) found.push(d);
    });
    return found;
  }
}

export function checkText(text: string, tables: CodeTables, options?: Partial<CheckOptions>): ClaimDiagnostic[] {
  return new ClaimDocument(text).check(tables, options);
}
