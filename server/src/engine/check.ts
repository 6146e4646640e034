// The engine's entry points: check a document, keep it up to date under edits (re-parsing only
// the changed lines and re-checking only the claims they touch), and apply fixes.
import { buildModel } from './model';
import { parseLine, splitLines } from './parser';
import { checkClaimDiagnoses } from './rules/diagnosis';
import { checkClaimJwJz } from './rules/jwjz';
import { createContext, type RuleContext } from './rules/context';
import { checkLineCode } from './rules/codes';
import { checkLineDrug } from './rules/drug';
import { checkHeaderFields, checkLineFields, checkParsedLine } from './rules/fields';
import { checkClaimLimits } from './rules/limits';
import { checkLineModifiers } from './rules/modifiers';
import { checkClaimPriorAuth } from './rules/priorAuth';
import { checkClaimStructure, checkFileStructure } from './rules/structure';
import { checkLineUnits } from './rules/units';
import {
  DEFAULT_OPTIONS,
  type CheckOptions,
  type Claim,
  type ClaimDiagnostic,
  type ClaimFile,
  type CodeTables,
  type ParsedLine,
  type Position,
  type Range,
  type ServiceLine,
} from './types';

export function resolveOptions(options?: Partial<CheckOptions>): CheckOptions {
  return { ...DEFAULT_OPTIONS, ...options };
}

function checkServiceLine(line: ServiceLine, ctx: RuleContext): void {
  checkLineFields(line, ctx);
  checkLineCode(line, ctx);
  checkLineModifiers(line, ctx);
  checkLineUnits(line, ctx);
  checkLineDrug(line, ctx);
}

function checkClaim(claim: Claim, ctx: RuleContext): void {
  checkHeaderFields(claim.header, ctx);
  checkClaimStructure(claim, ctx);
  checkClaimDiagnoses(claim, ctx);
  for (const line of claim.lines) checkServiceLine(line, ctx);
  checkClaimJwJz(claim, ctx);
  checkClaimLimits(claim, ctx);
  checkClaimPriorAuth(claim, ctx);
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
  return diagnostics.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.id.localeCompare(b.id));
}

function shiftRange(range: Range, delta: number): Range {
  return {
    start: { line: range.start.line + delta, character: range.start.character },
    end: { line: range.end.line + delta, character: range.end.character },
  };
}

function shiftDiagnostic(d: ClaimDiagnostic, delta: number): ClaimDiagnostic {
  if (delta === 0) return d;
  return {
    ...d,
    range: shiftRange(d.range, delta),
    fixes: d.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: shiftRange(e.range, delta) })) })),
  };
}

/**
 * Moves a parsed line (and every range in it) by `delta` lines, without re-parsing it. Ranges
 * are replaced, never changed in place: cached diagnostics hold the old range objects.
 */
function shiftParsedLine(parsed: ParsedLine, delta: number): void {
  if (delta === 0) return;
  parsed.line += delta;
  const move = (holder: { range: Range }) => {
    holder.range = shiftRange(holder.range, delta);
  };
  for (const t of [parsed.keyword, parsed.claimId, parsed.codeToken, parsed.code, parsed.comment]) if (t) move(t);
  parsed.modifiers.forEach(move);
  for (const f of parsed.fields) {
    move(f.token);
    move(f.key);
    if (f.value) move(f.value);
  }
  parsed.syntaxProblems.forEach(move);
}

/** Is `id` at `line` silenced by a `# claims-disable-next-line` comment on the line above? */
function isSuppressed(lines: ParsedLine[], d: ClaimDiagnostic): boolean {
  const above = lines[d.range.start.line - 1];
  const ids = above?.disableNextLine;
  return ids !== undefined && (ids.includes('*') || ids.includes(d.id));
}

interface CachedClaim {
  startLine: number;
  diagnostics: ClaimDiagnostic[];
  /** A message names a line number ("on line 12"), so the entry is stale once the claim moves. */
  namesLines: boolean;
}

/**
 * A claim file kept in memory. `update` applies LSP-style content changes, re-parsing only the
 * lines they touch; `check` re-runs the rules only for claims whose text changed.
 */
export class ClaimDocument {
  private parsed: ParsedLine[];
  private claimCache = new Map<string, CachedClaim>();
  private cacheKey: { tables?: CodeTables; options?: CheckOptions } = {};
  private model: ClaimFile | undefined;
  private modelPayerIds = '';

  /** `eol`: the line ending of the file this text is part of (a claim block checked on its own). */
  constructor(text: string, private readonly fileEol?: string) {
    this.parsed = splitLines(text).map((source, index) => parseLine(source.text, index, source.eol));
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

  /**
   * The claim block around `line`: from its header (with a `# claims-disable-next-line` right
   * above it) to the next one; lines before the first header form a block of their own. Every
   * rule but duplicate claim ids looks only inside one block, so a block can be checked alone.
   */
  blockAt(line: number): { startLine: number; endLine: number; text: string } {
    const starts = (index: number) => {
      const parsed = this.parsed[index];
      if (parsed.kind === 'header') return index === 0 || this.parsed[index - 1].disableNextLine === undefined;
      return this.parsed[index + 1]?.kind === 'header' && parsed.disableNextLine !== undefined;
    };
    let startLine = Math.min(Math.max(line, 0), this.parsed.length - 1);
    while (startLine > 0 && !starts(startLine)) startLine--;
    let endLine = startLine + 1;
    while (endLine < this.parsed.length && !starts(endLine)) endLine++;
    const text = this.parsed
      .slice(startLine, endLine)
      .map((l) => l.text + l.eol)
      .join('');
    return { startLine, endLine, text };
  }

  /** Applies one content change: a range and its new text, or (no range) the whole new text. */
  update(change: { range?: Range; text: string }): void {
    this.model = undefined;
    if (!change.range) {
      this.parsed = splitLines(change.text).map((source, index) => parseLine(source.text, index, source.eol));
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
    for (let i = endLine + 1; i < this.parsed.length; i++) shiftParsedLine(this.parsed[i], delta);
    this.parsed.splice(startLine, endLine - startLine + 1, ...fresh);
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

  /** The claim model of the current text. */
  claims(payerIds: readonly string[] = []): ClaimFile {
    const key = payerIds.join('\u0000');
    if (!this.model || this.modelPayerIds !== key) {
      this.model = buildModel(this.parsed, payerIds);
      this.modelPayerIds = key;
    }
    return this.model;
  }

  check(tables: CodeTables, partialOptions?: Partial<CheckOptions>): ClaimDiagnostic[] {
    const options = resolveOptions(partialOptions);
    if (this.cacheKey.tables !== tables || JSON.stringify(this.cacheKey.options) !== JSON.stringify(options)) {
      this.claimCache.clear();
      this.cacheKey = { tables, options };
    }
    const file = this.claims(options.payerProfiles.map((p) => p.id));
    const eol = this.eol;
    const all: ClaimDiagnostic[] = [];
    const fileContext = createContext(tables, options, eol, all);
    checkFileStructure(file, fileContext);
    for (const parsed of this.parsed) if (parsed.kind === 'invalid') checkParsedLine(parsed, fileContext);
    for (const orphan of file.orphanLines) checkServiceLine(orphan, fileContext);

    const nextCache = new Map<string, CachedClaim>();
    file.claims.forEach((claim, index) => {
      const blockEnd = index + 1 < file.claims.length ? file.claims[index + 1].startLine : this.parsed.length;
      const key = eol + '\u0000' + this.parsed.slice(claim.startLine, blockEnd).map((l) => l.text).join('\n');
      let cached = this.claimCache.get(key) ?? nextCache.get(key);
      if (cached && cached.namesLines && cached.startLine !== claim.startLine) cached = undefined;
      if (!cached) {
        const diagnostics: ClaimDiagnostic[] = [];
        checkClaim(claim, createContext(tables, options, eol, diagnostics));
        cached = { startLine: claim.startLine, diagnostics, namesLines: diagnostics.some((d) => /\bline \d/.test(d.message)) };
      }
      if (!nextCache.has(key)) nextCache.set(key, cached);
      const delta = claim.startLine - cached.startLine;
      for (const d of cached.diagnostics) all.push(shiftDiagnostic(d, delta));
    });
    this.claimCache = nextCache;
    return sortDiagnostics(all.filter((d) => !isSuppressed(this.parsed, d)));
  }
}

export function checkText(text: string, tables: CodeTables, options?: Partial<CheckOptions>): ClaimDiagnostic[] {
  return new ClaimDocument(text).check(tables, options);
}
