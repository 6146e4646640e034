// Line-oriented, error-recovering parser for claim files. Never throws: every line becomes a
// ParsedLine whose tokens keep their exact ranges (UTF-16 offsets, as LSP counts them).
//
// Flat: one charCodeAt pass per line stores each token as numbers (start, end, offset of its
// first '='), packed in a short string. Token objects, fields, modifiers and syntax problems are
// made only when asked (a rule that reports, a hover, a fix) and then kept; the model reads
// values straight from the offsets (model.ts), so a clean line costs the line object and that
// string.
import type { Field, LineKind, ParsedLine, Range, SyntaxProblem, Token } from './types';

/** White space separating tokens: ASCII blanks plus the Unicode spaces editors produce. */
const SPACE = /[\s\uFEFF]/;

export const HCPCS_FORM = /^[A-Za-z][0-9]{4}$/;
export const CPT_FORM = /^(?:[0-9]{5}|[0-9]{4}[FTUftu])$/;
const DISABLE_DIRECTIVE = /^#\s*claims-disable-next-line\b(.*)$/;

export interface SourceLine {
  text: string;
  eol: string;
}

/**
 * Calls `visit` with each line's text and line ending, the way LSP splits lines (LF, CRLF and
 * lone CR all end a line; the last line has the ending '').
 */
export function eachLine(text: string, visit: (text: string, eol: string, index: number) => void): void {
  let start = 0;
  let index = 0;
  const n = text.length;
  if (text.indexOf('\r') < 0) {
    // Only LF endings (most files): indexOf finds each much faster than a loop over characters.
    for (let lf = text.indexOf('\n'); lf >= 0; lf = text.indexOf('\n', start)) {
      visit(text.slice(start, lf), '\n', index++);
      start = lf + 1;
    }
    visit(start === 0 ? text : text.slice(start), '', index);
    return;
  }
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    const crlf = c === 13 && i + 1 < n && text.charCodeAt(i + 1) === 10;
    visit(text.slice(start, i), crlf ? '\r\n' : c === 10 ? '\n' : '\r', index++);
    if (crlf) i++;
    start = i + 1;
  }
  visit(start === 0 ? text : text.slice(start), '', index);
}

/** Splits text into lines the way LSP does (LF, CRLF and lone CR all end a line). */
export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  eachLine(text, (line, eol) => lines.push({ text: line, eol }));
  return lines;
}

/** Parses every line of `text`, numbered from `firstLine`. */
export function parseText(text: string, firstLine = 0): ParsedLine[] {
  const lines: ParsedLine[] = [];
  eachLine(text, (line, eol, index) => lines.push(parseLine(line, firstLine + index, eol)));
  return lines;
}

export function parseDocument(text: string): ParsedLine[] {
  return parseText(text);
}

/** What a span is on: a parsed line, whose number changes when lines above it come or go. */
export interface LineOwner {
  readonly line: number;
}

/** Characters [start, end) of one line. Its range is made when asked, on the owner's current line. */
export class Span {
  constructor(
    readonly owner: LineOwner,
    readonly start: number,
    readonly end: number,
  ) {}

  get range(): Range {
    const line = this.owner.line;
    return { start: { line, character: this.start }, end: { line, character: this.end } };
  }

  /** The part [from, to) of this span, in offsets relative to its start. */
  slice(from: number, to: number): Span {
    return new Span(this.owner, this.start + from, this.start + to);
  }
}

export class TextToken extends Span implements Token {
  constructor(
    owner: LineOwner,
    readonly text: string,
    start: number,
  ) {
    super(owner, start, start + text.length);
  }
}

/** A message about a span (a syntax problem, a field issue); its range is late like the span's. */
export class SpanMessage implements SyntaxProblem {
  constructor(
    readonly span: Span,
    readonly message: string,
  ) {}

  get range(): Range {
    return this.span.range;
  }
}

export function isSpace(code: number): boolean {
  // The same set as SPACE, without a regular expression per character.
  return code === 32 || (code >= 9 && code <= 13) || code === 0xfeff || (code > 127 && SPACE.test(String.fromCharCode(code)));
}

// Shared empty lists (never written to: the engine only reads parsed lines). Not frozen: V8
// iterates frozen arrays with for-of on a slower path that allocates an iterator.
const NO_TOKENS: Token[] = [] as Token[];
const NO_FIELDS: Field[] = [] as Field[];
const NO_PROBLEMS: SyntaxProblem[] = [] as SyntaxProblem[];

/** Form of a service line's code: the model's codeKind. */
export const enum CodeForm {
  Invalid = 0,
  Hcpcs = 1,
  Cpt = 2,
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** HCPCS_FORM / CPT_FORM on text[start, end), without a string. */
export function codeFormAt(text: string, start: number, end: number): CodeForm {
  if (end - start !== 5) return CodeForm.Invalid;
  const c0 = text.charCodeAt(start);
  if (!isDigit(text.charCodeAt(start + 1)) || !isDigit(text.charCodeAt(start + 2)) || !isDigit(text.charCodeAt(start + 3))) return CodeForm.Invalid;
  const c4 = text.charCodeAt(start + 4);
  if (isLetter(c0)) return isDigit(c4) ? CodeForm.Hcpcs : CodeForm.Invalid;
  if (!isDigit(c0)) return CodeForm.Invalid;
  return isDigit(c4) || c4 === 70 || c4 === 84 || c4 === 85 || c4 === 102 || c4 === 116 || c4 === 117 ? CodeForm.Cpt : CodeForm.Invalid;
}

/** MODIFIER_FORM (two letters or digits) on text[start, end). */
function isModifierAt(text: string, start: number, end: number): boolean {
  if (end - start !== 2) return false;
  const a = text.charCodeAt(start);
  const b = text.charCodeAt(start + 1);
  return (isLetter(a) || isDigit(a)) && (isLetter(b) || isDigit(b));
}

/** The end of the part of a code token `J9039-JZ-KX` that starts at `start`: the next '-', or the token's end. */
function partEnd(text: string, start: number, tokenEnd: number): number {
  const dash = text.indexOf('-', start);
  return dash < 0 || dash > tokenEnd ? tokenEnd : dash;
}

/** Is text[start, end) `claim`, in any case? */
function isClaimKeyword(text: string, start: number, end: number): boolean {
  return (
    end - start === 5 &&
    (text.charCodeAt(start) | 32) === 99 &&
    (text.charCodeAt(start + 1) | 32) === 108 &&
    (text.charCodeAt(start + 2) | 32) === 97 &&
    (text.charCodeAt(start + 3) | 32) === 105 &&
    (text.charCodeAt(start + 4) | 32) === 109
  );
}

/**
 * One parsed line. `packed` holds, for each white-space separated token before a comment, its
 * start, end and the offset of its first '=' (-1 when none): three numbers a token, read with
 * `tok`. The token objects of the ParsedLine interface are made from them when first asked for.
 */
export class FlatLine implements ParsedLine {
  kind: LineKind = 'blank';
  disableNextLine: string[] | undefined = undefined;
  /**
   * start, end, '=' offset (or -1) of each token before the comment, each plus one, as the
   * code units of a string (one small object, not an array and its store); a line too long for
   * 16-bit offsets keeps an array of the numbers themselves.
   */
  packed: string | number[] = '';
  /** fieldsFrom (2 bits), codeForm (2 bits), hasProblems (1 bit), dashes (the rest): one number, not four fields. */
  private flags = 0;
  /** Offset of the comment's '#', or -1. */
  commentStart = -1;
  /** Service lines: end of the code part of the first token (its first '-', or its end). */
  codeEnd = 0;
  /** Fields, modifiers and syntax problems, once asked for. */
  private made: { fields?: Field[]; modifiers?: Token[]; problems?: SyntaxProblem[] } | undefined = undefined;

  /** Index (in tokens, not numbers) of the first token read as a field. */
  get fieldsFrom(): number {
    return this.flags & 3;
  }

  /** Service lines: the form of the code part. */
  get codeForm(): CodeForm {
    return (this.flags >> 2) & 3;
  }

  /** Does the line have a syntax problem? (They are listed when asked.) */
  get hasProblems(): boolean {
    return (this.flags & 16) !== 0;
  }

  /** Service lines: how many '-' the first token has. */
  get dashes(): number {
    return this.flags >>> 5;
  }

  /** Sets what the scanner found. */
  setFlags(fieldsFrom: number, codeForm: CodeForm, hasProblems: boolean, dashes: number): void {
    this.flags = fieldsFrom | (codeForm << 2) | (hasProblems ? 16 : 0) | (Math.min(dashes, 0x3ffffff) << 5);
  }

  /** End of the leading white space. */
  get indentEnd(): number {
    return this.packed.length > 0 ? this.tok(0) : this.commentStart >= 0 ? this.commentStart : this.text.length;
  }

  /** How many numbers `tok` reads: three per token. */
  get tokenCount(): number {
    return this.packed.length;
  }

  /** Number `k` of the token numbers (start, end, '=' or -1 of each token in turn). */
  tok(k: number): number {
    const packed = this.packed;
    return typeof packed === 'string' ? packed.charCodeAt(k) - 1 : packed[k];
  }

  constructor(
    public line: number,
    readonly text: string,
    readonly eol: string,
  ) {}

  get indent(): string {
    return this.indentEnd === 0 ? '' : this.text.slice(0, this.indentEnd);
  }

  /** The token at `index`, as a fresh TextToken. */
  tokenAt(index: number): TextToken {
    const start = this.tok(index * 3);
    return new TextToken(this, this.text.slice(start, this.tok(index * 3 + 1)), start);
  }

  private first(): TextToken {
    return this.tokenAt(0);
  }

  get keyword(): Token | undefined {
    return this.kind === 'header' ? this.first() : undefined;
  }

  get claimId(): Token | undefined {
    return this.kind === 'header' && this.fieldsFrom === 2 ? this.tokenAt(1) : undefined;
  }

  get codeToken(): Token | undefined {
    return this.kind === 'service' ? this.first() : undefined;
  }

  get code(): Token | undefined {
    return this.kind === 'service' ? this.codePart() : undefined;
  }

  private codePart(): TextToken {
    if (this.dashes === 0) return this.first();
    const start = this.tok(0);
    return new TextToken(this, this.text.slice(start, this.codeEnd), start);
  }

  /** The code part as written (service lines), without making a token. */
  get codeText(): string {
    return this.text.slice(this.tok(0), this.codeEnd);
  }

  /** The modifiers as written, upper-cased (service lines), without making tokens. */
  upperModifiers(): string[] | undefined {
    if (this.kind !== 'service' || this.dashes === 0) return undefined;
    const text = this.text;
    const tokEnd = this.tok(1);
    let found: string[] | undefined; // [first] is sized for the usual one modifier
    let offset = this.codeEnd;
    while (offset < tokEnd) {
      const start = offset + 1;
      const end = partEnd(text, start, tokEnd);
      if (isModifierAt(text, start, end)) {
        const modifier = text.slice(start, end).toUpperCase();
        if (found) found.push(modifier);
        else found = [modifier];
      }
      offset = end;
    }
    return found;
  }

  get comment(): Token | undefined {
    if (this.commentStart < 0) return undefined;
    return new TextToken(this, this.text.slice(this.commentStart), this.commentStart);
  }

  get modifiers(): Token[] {
    if (this.kind !== 'service' || this.dashes === 0) return NO_TOKENS;
    return this.made?.modifiers ?? this.readCodeToken();
  }

  private remember(): NonNullable<FlatLine['made']> {
    return (this.made ??= {});
  }

  get fields(): Field[] {
    const made = this.made?.fields;
    if (made) return made;
    const fields: Field[] = [];
    for (let k = this.fieldsFrom * 3; k < this.tokenCount; k += 3) {
      const start = this.tok(k);
      const end = this.tok(k + 1);
      const eq = this.tok(k + 2);
      if (eq <= start) continue; // no '=' (-1), or nothing before it
      const text = this.text;
      const token = k === 0 ? this.first() : new TextToken(this, text.slice(start, end), start);
      fields.push({ token, key: new TextToken(this, text.slice(start, eq), start), value: new TextToken(this, text.slice(eq + 1, end), eq + 1) });
    }
    return (this.remember().fields = fields.length === 0 ? NO_FIELDS : fields);
  }

  get syntaxProblems(): SyntaxProblem[] {
    if (!this.hasProblems) return NO_PROBLEMS;
    const made = this.made?.problems;
    if (made) return made;
    const problems: SyntaxProblem[] = [];
    if (this.kind === 'header' && this.fieldsFrom === 1) {
      problems.push(new SpanMessage(this.first(), "expected a claim id after 'claim' (e.g. claim CLM-1001 payer=medicare dos=2025-01-15 dx=C91.00)"));
    } else if (this.kind === 'invalid') {
      problems.push(new SpanMessage(this.first(), `expected 'claim' or a service code (e.g. J9039) at the start of the line, found '${this.first().text}'`));
    } else if (this.kind === 'service') {
      this.readCodeToken(problems);
    }
    for (let k = this.fieldsFrom * 3; k < this.tokenCount; k += 3) {
      const start = this.tok(k);
      const eq = this.tok(k + 2);
      if (eq > start) continue;
      const tok = k === 0 ? this.first() : this.tokenAt(k / 3);
      problems.push(
        new SpanMessage(tok, eq < 0 ? `expected key=value, found '${tok.text}'` : `expected a key before '=' in '${tok.text}'`),
      );
    }
    return (this.remember().problems = problems);
  }

  /** Splits `J9039-JZ-KX` into its modifiers, and (when asked) the problems of its parts. */
  private readCodeToken(problems?: SyntaxProblem[]): Token[] {
    const text = this.text;
    const tokStart = this.tok(0);
    const tokEnd = this.tok(1);
    if (problems && this.codeForm === CodeForm.Invalid) {
      const code = this.codeEnd === tokStart ? this.first() : this.codePart();
      problems.push(
        new SpanMessage(
          code,
          `expected a HCPCS code (a letter and four digits, e.g. J9039) or a CPT code (e.g. 96413), found '${text.slice(tokStart, this.codeEnd)}'`,
        ),
      );
    }
    const known = this.made?.modifiers;
    let modifiers: Token[] | undefined;
    let offset = this.codeEnd;
    while (offset < tokEnd) {
      // text[offset] is a '-'
      const start = offset + 1;
      const end = partEnd(text, start, tokEnd);
      if (isModifierAt(text, start, end)) {
        if (!known) {
          const modifier = new TextToken(this, text.slice(start, end), start);
          if (modifiers) modifiers.push(modifier);
          else modifiers = [modifier];
        }
      } else if (problems) {
        const part = text.slice(start, end);
        problems.push(
          part.length > 0
            ? new SpanMessage(new TextToken(this, part, start), `expected a two-character modifier (e.g. JW, JZ, KX) after '-', found '${part}'`)
            : new SpanMessage(new Span(this, start - 1, start), `expected a two-character modifier after '-'`),
        );
      }
      offset = end;
    }
    return known ?? (this.remember().modifiers = modifiers ?? NO_TOKENS);
  }
}

function disabledIds(comment: string): string[] | undefined {
  const match = DISABLE_DIRECTIVE.exec(comment);
  if (!match) return undefined;
  const ids = match[1].split(/[\s,]+/).filter((id) => id.length > 0);
  return ids.length > 0 ? ids : ['*'];
}

/** Token numbers of the line being parsed, copied to an exactly sized array at the end. */
const scratch: number[] = [];

export function parseLine(text: string, line: number, eol = ''): FlatLine {
  const parsed = new FlatLine(line, text, eol);
  const count = scan(text, parsed);
  if (count > 0) {
    parsed.packed = pack(scratch, count, text.length);
    classify(text, parsed, scratch, count);
  } else {
    parsed.kind = parsed.commentStart >= 0 ? 'comment' : 'blank';
  }
  return parsed;
}

/** Arrays of each length, for String.fromCharCode.apply (none is kept: they only carry arguments). */
const packArguments: number[][] = [];

/** The first `count` numbers of `t`, each plus one, as a string's code units (or an array, on a line too long for them). */
function pack(t: number[], count: number, lineLength: number): string | number[] {
  if (lineLength >= 0xfffe || count > 3 * 64) return t.slice(0, count);
  let args = packArguments[count];
  if (!args) packArguments[count] = args = new Array<number>(count).fill(0);
  for (let i = 0; i < count; i++) args[i] = t[i] + 1;
  return String.fromCharCode.apply(null, args);
}

/** Finds the indent, the tokens and the comment of a line. */
function scan(text: string, parsed: FlatLine): number {
  const t = scratch;
  let count = 0;
  const n = text.length;
  let i = 0;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  while (i < n) {
    if (text.charCodeAt(i) === 35 /* # */) {
      parsed.commentStart = i;
      parsed.disableNextLine = disabledIds(i === 0 ? text : text.slice(i));
      break;
    }
    const start = i;
    let eq = -1;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 61 /* = */) {
        if (eq < 0) eq = i;
      } else if (c <= 32 || c > 127 ? isSpace(c) : false) break;
    }
    t[count++] = start;
    t[count++] = i;
    t[count++] = eq;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
  }
  return count;
}

/** Decides the line's kind and whether it has syntax problems, from its tokens. */
function classify(text: string, parsed: FlatLine, t: number[], count: number): void {
  let problems = false;
  let fieldsFrom: number;
  let codeForm = CodeForm.Invalid;
  let dashes = 0;
  if (isClaimKeyword(text, t[0], t[1])) {
    parsed.kind = 'header';
    if (count === 3 || t[5] >= 0) {
      problems = true;
      fieldsFrom = 1;
    } else {
      fieldsFrom = 2;
    }
  } else if (t[2] >= 0) {
    parsed.kind = 'invalid';
    problems = true;
    fieldsFrom = 0;
  } else {
    parsed.kind = 'service';
    fieldsFrom = 1;
    const start = t[0];
    const end = t[1];
    let codeEnd = end;
    for (let k = start; k < end; k++) {
      if (text.charCodeAt(k) !== 45 /* - */) continue;
      if (dashes === 0) codeEnd = k;
      dashes++;
      // A modifier part: exactly two letters or digits up to the next '-' or the end.
      if (!isModifierAt(text, k + 1, partEnd(text, k + 1, end))) problems = true;
    }
    parsed.codeEnd = codeEnd;
    codeForm = codeFormAt(text, start, codeEnd);
    if (codeForm === CodeForm.Invalid) problems = true;
  }
  if (!problems) {
    for (let k = fieldsFrom * 3; k < count; k += 3) {
      if (t[k + 2] <= t[k]) {
        problems = true;
        break;
      }
    }
  }
  parsed.setFlags(fieldsFrom, codeForm, problems, dashes);
}
