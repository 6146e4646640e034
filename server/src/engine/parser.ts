// Line-oriented, error-recovering parser for claim files. Never throws: every line becomes a
// ParsedLine whose tokens keep their exact ranges (UTF-16 offsets, as LSP counts them).
import type { Field, ParsedLine, Range, SyntaxProblem, Token } from './types';

const LINE_BREAK = /\r\n|\r|\n/g;
const BOM = '\uFEFF';
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

function range(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function token(line: number, text: string, start: number): Token {
  return { text, range: range(line, start, start + text.length) };
}

/** Splits a line into white-space separated tokens, stopping at a comment. */
function tokenize(text: string, line: number): { tokens: Token[]; comment?: Token } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && SPACE.test(text[i])) i++;
    if (i >= text.length) break;
    if (text[i] === '#') return { tokens, comment: token(line, text.slice(i), i) };
    const start = i;
    while (i < text.length && !SPACE.test(text[i])) i++;
    tokens.push(token(line, text.slice(start, i), start));
  }
  return { tokens };
}

function parseField(tok: Token, line: number, problems: SyntaxProblem[]): Field | undefined {
  const eq = tok.text.indexOf('=');
  const start = tok.range.start.character;
  if (eq < 0) {
    problems.push({ range: tok.range, message: `expected key=value, found '${tok.text}'` });
    return undefined;
  }
  if (eq === 0) {
    problems.push({ range: tok.range, message: `expected a key before '=' in '${tok.text}'` });
    return undefined;
  }
  return {
    token: tok,
    key: token(line, tok.text.slice(0, eq), start),
    value: token(line, tok.text.slice(eq + 1), start + eq + 1),
  };
}

function parseFields(tokens: Token[], line: number, problems: SyntaxProblem[]): Field[] {
  const fields: Field[] = [];
  for (const tok of tokens) {
    const field = parseField(tok, line, problems);
    if (field) fields.push(field);
  }
  return fields;
}

function disabledIds(comment: Token | undefined): string[] | undefined {
  const match = comment && DISABLE_DIRECTIVE.exec(comment.text);
  if (!match) return undefined;
  const ids = match[1].split(/[\s,]+/).filter((id) => id.length > 0);
  return ids.length > 0 ? ids : ['*'];
}

/** Splits `J9039-JZ-KX` into the code and its modifiers, recording what does not parse. */
function parseCodeToken(tok: Token, line: number, parsed: ParsedLine): void {
  const parts = tok.text.split('-');
  const start = tok.range.start.character;
  parsed.codeToken = tok;
  parsed.code = token(line, parts[0], start);
  if (!HCPCS_FORM.test(parts[0]) && !CPT_FORM.test(parts[0])) {
    parsed.syntaxProblems.push({
      range: parsed.code.range.start.character === parsed.code.range.end.character ? tok.range : parsed.code.range,
      message: `expected a HCPCS code (a letter and four digits, e.g. J9039) or a CPT code (e.g. 96413), found '${parts[0]}'`,
    });
  }
  let offset = start + parts[0].length;
  for (const part of parts.slice(1)) {
    offset += 1; // the '-'
    const modifier = token(line, part, offset);
    if (!MODIFIER_FORM.test(part)) {
      parsed.syntaxProblems.push({
        range: part.length > 0 ? modifier.range : range(line, offset - 1, offset),
        message:
          part.length > 0
            ? `expected a two-character modifier (e.g. JW, JZ, KX) after '-', found '${part}'`
            : `expected a two-character modifier after '-'`,
      });
    } else {
      parsed.modifiers.push(modifier);
    }
    offset += part.length;
  }
}

export function parseLine(text: string, line: number, eol = ''): ParsedLine {
  const indentEnd = text.search(/[^\s\uFEFF]/);
  const parsed: ParsedLine = {
    line,
    text,
    eol,
    kind: 'blank',
    indent: indentEnd < 0 ? text : text.slice(0, indentEnd),
    modifiers: [],
    fields: [],
    syntaxProblems: [],
  };
  const { tokens, comment } = tokenize(text.startsWith(BOM) ? ' ' + text.slice(1) : text, line);
  if (comment) {
    comment.text = text.slice(comment.range.start.character);
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
      parsed.syntaxProblems.push({
        range: first.range,
        message: "expected a claim id after 'claim' (e.g. claim CLM-1001 payer=medicare dos=2025-01-15 dx=C91.00)",
      });
    } else {
      parsed.claimId = rest[0];
      fieldTokens = rest.slice(1);
    }
    parsed.fields = parseFields(fieldTokens, line, parsed.syntaxProblems);
    return parsed;
  }
  if (first.text.includes('=')) {
    parsed.kind = 'invalid';
    parsed.syntaxProblems.push({
      range: first.range,
      message: `expected 'claim' or a service code (e.g. J9039) at the start of the line, found '${first.text}'`,
    });
    parsed.fields = parseFields(tokens, line, parsed.syntaxProblems);
    return parsed;
  }
  parsed.kind = 'service';
  parseCodeToken(first, line, parsed);
  parsed.fields = parseFields(rest, line, parsed.syntaxProblems);
  return parsed;
}
