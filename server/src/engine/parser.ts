// Line-oriented, error-recovering parser for claim files. Never throws: every line becomes a
// ParsedLine whose tokens keep their exact ranges (UTF-16 offsets, as LSP counts them).
import type { Field, ParsedLine, Range, SyntaxProblem, Token } from './types';

const LINE_BREAK = /\r\n|\r|\n/g;
/** White space separating tokens: ASCII blanks plus the Unicode spaces editors produce. */
const SPACE = /[\s\uFEFF]/;

export const HCPCS_FORM = /^[A-Za-z][0-9]{4}$/;
export const CPT_FORM = /^(?:[0-9]{5}|[0-9]{4}[FTUftu])$/;
const MODIFIER_FORM = /^[A-Za-z0-9]{2}$/;
const DISABLE_DIRECTIVE = /^#\s*claims-disable-next-line\b(.*)$/;

export interface SourceLine {
  text: string;
  eol: string;
}

/** Splits text into lines the way LSP does (LF, CRLF and lone CR all end a line). */
export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  LINE_BREAK.lastIndex = 0;
  for (let match = LINE_BREAK.exec(text); match; match = LINE_BREAK.exec(text)) {
    lines.push({ text: text.slice(start, match.index), eol: match[0] });
    start = match.index + match[0].length;
  }
  lines.push({ text: text.slice(start), eol: '' });
  return lines;
}

export function parseDocument(text: string): ParsedLine[] {
  return splitLines(text).map((source, index) => parseLine(source.text, index, source.eol));
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

function isSpace(code: number): boolean {
  // The same set as SPACE, without a regular expression per character.
  return code === 32 || (code >= 9 && code <= 13) || code === 0xfeff || (code > 127 && SPACE.test(String.fromCharCode(code)));
}

/** Splits a line into white-space separated tokens, stopping at a comment. */
function tokenize(text: string, owner: LineOwner): { tokens: TextToken[]; comment?: TextToken } {
  const tokens: TextToken[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    if (text.charCodeAt(i) === 35 /* # */) return { tokens, comment: new TextToken(owner, text.slice(i), i) };
    const start = i;
    while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
    tokens.push(new TextToken(owner, text.slice(start, i), start));
  }
  return { tokens };
}

function parseField(tok: TextToken, problems: SyntaxProblem[]): Field | undefined {
  const eq = tok.text.indexOf('=');
  if (eq < 0) {
    problems.push(new SpanMessage(tok, `expected key=value, found '${tok.text}'`));
    return undefined;
  }
  if (eq === 0) {
    problems.push(new SpanMessage(tok, `expected a key before '=' in '${tok.text}'`));
    return undefined;
  }
  return {
    token: tok,
    key: new TextToken(tok.owner, tok.text.slice(0, eq), tok.start),
    value: new TextToken(tok.owner, tok.text.slice(eq + 1), tok.start + eq + 1),
  };
}

function parseFields(tokens: TextToken[], problems: SyntaxProblem[]): Field[] {
  // map() sizes the array exactly; a push-grown one reserves 17 slots for a line's 3 fields.
  const fields = tokens.map((tok) => parseField(tok, problems));
  return fields.includes(undefined) ? fields.filter((f): f is Field => f !== undefined) : (fields as Field[]);
}

function disabledIds(comment: Token | undefined): string[] | undefined {
  const match = comment && DISABLE_DIRECTIVE.exec(comment.text);
  if (!match) return undefined;
  const ids = match[1].split(/[\s,]+/).filter((id) => id.length > 0);
  return ids.length > 0 ? ids : ['*'];
}

/** Splits `J9039-JZ-KX` into the code and its modifiers, recording what does not parse. */
function parseCodeToken(tok: TextToken, parsed: ParsedLine): void {
  const parts = tok.text.split('-');
  parsed.codeToken = tok;
  const code = new TextToken(tok.owner, parts[0], tok.start);
  parsed.code = code;
  if (!HCPCS_FORM.test(parts[0]) && !CPT_FORM.test(parts[0])) {
    parsed.syntaxProblems.push(
      new SpanMessage(
        parts[0].length === 0 ? tok : code,
        `expected a HCPCS code (a letter and four digits, e.g. J9039) or a CPT code (e.g. 96413), found '${parts[0]}'`,
      ),
    );
  }
  let offset = tok.start + parts[0].length;
  const modifiers: TextToken[] = [];
  for (const part of parts.slice(1)) {
    offset += 1; // the '-'
    const modifier = new TextToken(tok.owner, part, offset);
    if (!MODIFIER_FORM.test(part)) {
      parsed.syntaxProblems.push(
        part.length > 0
          ? new SpanMessage(modifier, `expected a two-character modifier (e.g. JW, JZ, KX) after '-', found '${part}'`)
          : new SpanMessage(new Span(tok.owner, offset - 1, offset), `expected a two-character modifier after '-'`),
      );
    } else {
      modifiers.push(modifier);
    }
    offset += part.length;
  }
  if (modifiers.length > 0) parsed.modifiers = modifiers.slice();
}

export function parseLine(text: string, line: number, eol = ''): ParsedLine {
  let indentEnd = 0;
  while (indentEnd < text.length && isSpace(text.charCodeAt(indentEnd))) indentEnd++;
  const parsed: ParsedLine = {
    line,
    text,
    eol,
    kind: 'blank',
    indent: text.slice(0, indentEnd),
    modifiers: [],
    fields: [],
    syntaxProblems: [],
  };
  const { tokens, comment } = tokenize(text, parsed);
  if (comment) {
    parsed.comment = comment;
    parsed.disableNextLine = disabledIds(comment);
  }
  if (tokens.length === 0) {
    parsed.kind = comment ? 'comment' : 'blank';
    return parsed;
  }
  const [first, ...rest] = tokens;
  if (first.text.toLowerCase() === 'claim') {
    parsed.kind = 'header';
    parsed.keyword = first;
    let fieldTokens = rest;
    if (rest.length === 0 || rest[0].text.includes('=')) {
      parsed.syntaxProblems.push(
        new SpanMessage(first, "expected a claim id after 'claim' (e.g. claim CLM-1001 payer=medicare dos=2025-01-15 dx=C91.00)"),
      );
    } else {
      parsed.claimId = rest[0];
      fieldTokens = rest.slice(1);
    }
    parsed.fields = parseFields(fieldTokens, parsed.syntaxProblems);
    return parsed;
  }
  if (first.text.includes('=')) {
    parsed.kind = 'invalid';
    parsed.syntaxProblems.push(new SpanMessage(first, `expected 'claim' or a service code (e.g. J9039) at the start of the line, found '${first.text}'`));
    parsed.fields = parseFields(tokens, parsed.syntaxProblems);
    return parsed;
  }
  parsed.kind = 'service';
  parseCodeToken(first, parsed);
  parsed.fields = parseFields(rest, parsed.syntaxProblems);
  return parsed;
}
