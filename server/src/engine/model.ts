// Builds claims from parsed lines and reads each field's value, recording what does not fit.
import { CPT_FORM, HCPCS_FORM, Span } from './parser';
import type { Claim, ClaimFile, ClaimHeader, DiagnosticId, DxEntry, Field, FieldIssue, ParsedLine, Range, ServiceLine, Token } from './types';
import {
  CHARGE_FORM,
  DRUG_NAME_FORM,
  NDC_FORM,
  POS_FORM,
  elevenDigitNdc,
  isCalendarDate,
  isIcd10Form,
  normalizeIcd10,
  parseQuantity,
  parseVial,
  parseVialCount,
  type AmountProblem,
} from './values';

export const HEADER_KEYS = ['payer', 'dos', 'dx', 'patient', 'auth', 'pos'] as const;
export const SERVICE_KEYS = ['units', 'dose', 'vial', 'waste', 'drug', 'dx', 'dos', 'ndc', 'charge'] as const;
export const STANDARD_PAYERS = ['medicare', 'medicaid', 'commercial'] as const;
export const MAX_DX = 12;

/** Levenshtein distance, for "did you mean" hints on keys and names. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Calls `read` once per known key; reports unknown and repeated keys and empty values. */
function readFields(
  fields: Field[],
  allowed: readonly string[],
  where: string,
  issues: FieldIssue[],
  read: (key: string, value: string, span: Span, field: Field) => void,
): void {
  const seen = new Set<string>();
  for (const field of fields) {
    const key = field.key.text.toLowerCase();
    if (!allowed.includes(key)) {
      const hint = closest(key, allowed);
      issues.push(
        new FieldProblem(
          'unknown-field',
          spanOf(field.key),
          `unknown field '${field.key.text}' on ${where}` + (hint ? `; did you mean '${hint}'?` : `; expected one of ${allowed.join(', ')}`),
        ),
      );
      continue;
    }
    if (seen.has(key)) {
      issues.push(new FieldProblem('duplicate-field', spanOf(field.token), `'${key}' is given twice on this line; only the first value is used`));
      continue;
    }
    seen.add(key);
    const value = field.value!;
    if (value.text.length === 0) {
      issues.push(new FieldProblem('invalid-value', spanOf(field.token), `'${key}=' has no value`));
      continue;
    }
    read(key, value.text, spanOf(value), field);
  }
}

/** A problem with a field; its range is late, like the tokens'. */
class FieldProblem implements FieldIssue {
  constructor(
    readonly id: DiagnosticId,
    readonly span: Span,
    readonly message: string,
  ) {}

  get range(): Range {
    return this.span.range;
  }
}

/** Every token the parser makes is a span of its line. */
function spanOf(token: Token): Span {
  if (!(token instanceof Span)) throw new Error('not a parsed token');
  return token;
}

/** Splits a comma-separated value into its parts with their spans. */
function commaParts(text: string, span: Span): { text: string; span: Span }[] {
  const parts: { text: string; span: Span }[] = [];
  let offset = 0;
  for (const part of text.split(',')) {
    parts.push({ text: part, span: span.slice(offset, offset + part.length) });
    offset += part.length + 1;
  }
  return parts;
}

/** The value token of the first `key=` on a service line (the one the model reads). */
export function fieldValue(line: ServiceLine, key: string): Token | undefined {
  return line.parsed.fields.find((f) => f.key.text.toLowerCase() === key)?.value;
}

export function buildHeader(parsed: ParsedLine, payerIds: readonly string[]): ClaimHeader {
  const header: ClaimHeader = { parsed, issues: [], id: parsed.claimId?.text ?? '', dx: [] };
  const issues = header.issues;
  readFields(parsed.fields, HEADER_KEYS, 'a claim header', issues, (key, value, span) => {
    switch (key) {
      case 'payer': {
        const payer = value.toLowerCase();
        if ((STANDARD_PAYERS as readonly string[]).includes(payer) || payerIds.includes(value)) {
          header.payer = payerIds.includes(value) ? value : payer;
        } else {
          const profiles = payerIds.length > 0 ? `, or a payer profile id (${payerIds.join(', ')})` : '';
          issues.push(new FieldProblem('invalid-value', span, `payer '${quote(value)}' is not known; expected medicare, medicaid, commercial${profiles}`));
          header.payer = value;
        }
        break;
      }
      case 'dos':
        if (isCalendarDate(value)) header.dos = value;
        else issues.push(new FieldProblem('invalid-value', span, `dos '${quote(value)}' is not a calendar date in YYYY-MM-DD form`));
        break;
      case 'dx': {
        const parts = commaParts(value, span);
        parts.forEach((part, index) => {
          if (index >= MAX_DX) {
            issues.push(new FieldProblem('invalid-value', part.span, `a claim holds at most ${MAX_DX} diagnoses; '${part.text}' is number ${index + 1}`));
            return;
          }
          header.dx.push(new Diagnosis(part.text, part.span));
        });
        break;
      }
      case 'patient':
        header.patient = value;
        break;
      case 'auth':
        header.auth = value;
        break;
      case 'pos':
        if (POS_FORM.test(value)) header.pos = value;
        else issues.push(new FieldProblem('invalid-value', span, `pos '${quote(value)}' is not a two-digit place-of-service code (e.g. 11, 22)`));
        break;
    }
  });
  return header;
}

const AMOUNT_HINT = 'a number and a unit (mcg, mg, g, ml, units), e.g. 28mcg or 1.5mg';
const QUOTE_LIMIT = 40;

/** A value for a message, shortened: a 400-digit dose need not be repeated in full. */
export function quote(value: string): string {
  return value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT - 1)}…` : value;
}

function ndcMessage(value: string): string {
  const padded = elevenDigitNdc(value);
  const expected = 'an 11-digit NDC, in 5-4-2 form (55513-0160-01) or as 11 digits without hyphens (55513016001)';
  if (padded) return `ndc '${quote(value)}' is a 10-digit NDC; claims carry it as 11 digits, with a leading zero in the short segment: ${padded}`;
  return `ndc '${quote(value)}' is not ${expected}`;
}

function amountMessage(key: string, value: string, problem: AmountProblem | undefined, form: string): string {
  if (problem === 'not-finite') return `${key} '${quote(value)}' is not a finite amount`;
  if (problem === 'zero') return `${key} '${quote(value)}' is not more than zero`;
  return `${key} '${quote(value)}' is not ${form}`;
}

export function buildServiceLine(parsed: ParsedLine, headerDos: string | undefined): ServiceLine {
  const codeText = parsed.code?.text ?? '';
  const line: ServiceLine = {
    parsed,
    issues: [],
    code: codeText.toUpperCase(),
    modifiers: parsed.modifiers.map((m) => m.text.toUpperCase()),
    codeKind: HCPCS_FORM.test(codeText) ? 'hcpcs' : CPT_FORM.test(codeText) ? 'cpt' : 'invalid',
    dxPointers: [],
    dos: headerDos,
  };
  const issues = line.issues;
  const invalid = (span: Span, message: string) => issues.push(new FieldProblem('invalid-value', span, message));
  readFields(parsed.fields, SERVICE_KEYS, 'a service line', issues, (key, value, span) => {
    switch (key) {
      case 'units':
        if (!/^[0-9]+$/.test(value) || Number(value) < 1) invalid(span, `units '${quote(value)}' is not a whole number of at least 1`);
        else if (!Number.isSafeInteger(Number(value))) invalid(span, `units '${quote(value)}' is too large to be a count of billing units`);
        else line.units = Number(value);
        break;
      case 'dose':
      case 'waste': {
        const quantity = parseQuantity(value);
        if (typeof quantity === 'object') line[key] = quantity;
        else invalid(span, amountMessage(key, value, quantity, AMOUNT_HINT));
        break;
      }
      case 'vial': {
        const count = parseVialCount(value);
        if (typeof count === 'number') line.vialCount = count;
        const vial = count === undefined ? parseVial(value) : count;
        if (typeof vial === 'object') line.vial = vial;
        else if (vial === 'mixed-units') invalid(span, `vial '${quote(value)}' mixes sizes whose units do not convert into each other (mcg, mg and g do; ml and units only to themselves)`);
        else if (typeof vial !== 'number') invalid(span, amountMessage(key, value, vial, '[count x]amount, e.g. 2x100mg or 50mg, sizes joined by + (1x500mg+3x100mg), or a count of the ndc= item (2)'));
        break;
      }
      case 'drug':
        if (DRUG_NAME_FORM.test(value)) line.drug = value;
        else invalid(span, `drug '${quote(value)}' is not a drug name (letters and hyphens, e.g. belantamab-mafodotin)`);
        break;
      case 'dx':
        for (const part of commaParts(value, span)) {
          if (/^[0-9]+$/.test(part.text) && Number(part.text) >= 1 && Number(part.text) <= MAX_DX) {
            line.dxPointers.push(pointer(Number(part.text), part.span));
          } else {
            invalid(part.span, `dx pointer '${part.text}' is not a number from 1 to ${MAX_DX}`);
          }
        }
        break;
      case 'dos':
        if (isCalendarDate(value)) line.dos = value;
        else invalid(span, `dos '${quote(value)}' is not a calendar date in YYYY-MM-DD form`);
        break;
      case 'ndc':
        if (NDC_FORM.test(value)) line.ndc = value;
        else invalid(span, ndcMessage(value));
        break;
      case 'charge':
        if (CHARGE_FORM.test(value)) line.charge = Number(value);
        else invalid(span, `charge '${quote(value)}' is not an amount such as 1250.00`);
        break;
    }
  });
  if (line.dxPointers.length === 0 && !parsed.fields.some((f) => f.key.text.toLowerCase() === 'dx')) {
    line.dxPointers = [pointer(1, spanOf((parsed.codeToken ?? parsed.code)!))];
  }
  return line;
}

/** A dx pointer, or any value with a late range (a class, so no closure per object). */
class Pointer {
  constructor(
    readonly value: number,
    readonly span: Span,
  ) {}

  get range(): Range {
    return this.span.range;
  }
}

function pointer(value: number, span: Span): { value: number; readonly range: Range } {
  return new Pointer(value, span);
}

class Diagnosis implements DxEntry {
  readonly normalized: string;
  readonly valid: boolean;

  constructor(
    readonly text: string,
    readonly span: Span,
  ) {
    this.normalized = normalizeIcd10(text);
    this.valid = isIcd10Form(text);
  }

  get range(): Range {
    return this.span.range;
  }
}

/** A claim whose first and last lines are read from its parsed lines, so it moves with them. */
class ClaimModel implements Claim {
  readonly lines: ServiceLine[] = [];
  last: ParsedLine;

  constructor(readonly header: ClaimHeader) {
    this.last = header.parsed;
  }

  get startLine(): number {
    return this.header.parsed.line;
  }

  get endLine(): number {
    return this.last.line;
  }
}

/** Groups parsed lines into claims. A claim runs from its header to the next header. */
export function buildModel(lines: readonly ParsedLine[], payerIds: readonly string[] = []): ClaimFile {
  const file: ClaimFile = { lines: lines as ParsedLine[], claims: [], orphanLines: [] };
  let current: ClaimModel | undefined;
  for (const parsed of lines) {
    if (parsed.kind === 'header') {
      current = new ClaimModel(buildHeader(parsed, payerIds));
      file.claims.push(current);
    } else if (parsed.kind === 'service') {
      const service = buildServiceLine(parsed, current?.header.dos);
      if (current) {
        current.lines.push(service);
        current.last = parsed;
      } else {
        file.orphanLines.push(service);
      }
    } else if (parsed.kind === 'invalid' && current) {
      current.last = parsed;
    }
  }
  return file;
}
