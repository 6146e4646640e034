// Builds claims from parsed lines and reads each field's value, recording what does not fit.
import { CodeForm, FlatLine, Span, TextToken } from './parser';
import type { Claim, ClaimFile, ClaimHeader, DiagnosticId, DxEntry, FieldIssue, ParsedLine, Range, ServiceLine, Token } from './types';
import {
  CHARGE_FORM,
  DRUG_NAME_FORM,
  NDC_FORM,
  POS_FORM,
  elevenDigitNdc,
  isCalendarDateAt,
  isIcd10Form,
  isWordAt,
  normalizeIcd10,
  parseQuantity,
  parseVial,
  parseVialCount,
  wordIndexAt,
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

export function closest(word: string, candidates: readonly string[]): string | undefined {
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

/** The flat line the parser made (every ParsedLine of the engine is one). */
function flat(parsed: ParsedLine): FlatLine {
  if (!(parsed instanceof FlatLine)) throw new Error('not a parsed line');
  return parsed;
}

/** Reads the value of a known field: the key's index, the value at [start, end) of the line. */
interface FieldReader {
  read(keyIndex: number, start: number, end: number): void;
}

/**
 * Visits each field of a known key once (its first occurrence with a value), and reports
 * unknown and repeated keys and empty values. `read` gets the key's index and the value's
 * offsets [start, end) on the line. Returns the keys seen (a bit per key index), given or not.
 */
function readFields(
  parsed: FlatLine,
  allowed: readonly string[],
  where: string,
  issues: IssueList,
  reader: FieldReader,
): number {
  const text = parsed.text;
  const count = parsed.tokenCount;
  let seen = 0;
  let used = 0;
  for (let k = parsed.fieldsFrom * 3; k < count; k += 3) {
    const start = parsed.tok(k);
    const end = parsed.tok(k + 1);
    const eq = parsed.tok(k + 2);
    if (eq <= start) continue; // not a field: a syntax problem of the parser
    const index = wordIndexAt(text, start, eq, allowed);
    if (index < 0) {
      const keyText = text.slice(start, eq);
      const hint = closest(keyText.toLowerCase(), allowed);
      issues.add(
        new FieldProblem(
          'unknown-field',
          new Span(parsed, start, eq),
          `unknown field '${keyText}' on ${where}` + (hint ? `; did you mean '${hint}'?` : `; expected one of ${allowed.join(', ')}`),
        ),
      );
      continue;
    }
    const key = allowed[index];
    const bit = 1 << index;
    seen |= bit;
    if (used & bit) {
      issues.add(new FieldProblem('duplicate-field', new Span(parsed, start, end), `'${key}' is given twice on this line; only the first value is used`));
      continue;
    }
    used |= bit;
    if (eq + 1 === end) {
      invalidValue(issues, parsed, start, end, `'${key}=' has no value`);
      continue;
    }
    reader.read(index, eq + 1, end);
  }
  return seen;
}

/** A line's issues: a shared empty list until the first one. */
class IssueList {
  list: FieldIssue[] = NO_ISSUES;

  add(issue: FieldIssue): void {
    if (this.list === NO_ISSUES) this.list = [];
    this.list.push(issue);
  }
}

const NO_ISSUES: FieldIssue[] = [] as FieldIssue[];
const NO_MODIFIERS: string[] = [] as string[];

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

/** The value token of the first `key=` (a field with '=' and a key) on a line, made when asked. */
function valueOf(parsed: ParsedLine, key: string): Token | undefined {
  // A line another front end built (sources/x12) from the types.ts shape: its fields as they are.
  if (!(parsed instanceof FlatLine)) return parsed.fields.find((f) => f.value !== undefined && f.key.text.toLowerCase() === key)?.value;
  const line = flat(parsed);
  for (let k = line.fieldsFrom * 3; k < line.tokenCount; k += 3) {
    const start = line.tok(k);
    const eq = line.tok(k + 2);
    if (eq > start && isWordAt(line.text, start, eq, key)) return new TextToken(line, line.text.slice(eq + 1, line.tok(k + 1)), eq + 1);
  }
  return undefined;
}

/** The value token of the first `key=` on a service line (the one the model reads). */
export function fieldValue(line: ServiceLine, key: string): Token | undefined {
  return valueOf(line.parsed, key);
}

/** Does the line have a `key=` field (with or without a value)? */
export function hasField(parsed: ParsedLine, key: string): boolean {
  if (!(parsed instanceof FlatLine)) return parsed.fields.some((f) => f.key.text.toLowerCase() === key);
  const line = flat(parsed);
  for (let k = line.fieldsFrom * 3; k < line.tokenCount; k += 3) {
    const start = line.tok(k);
    const eq = line.tok(k + 2);
    if (eq > start && isWordAt(line.text, start, eq, key)) return true;
  }
  return false;
}


/** A run of digits at text[start, end) as a number (exact up to 2^53), or -1 when not all digits. */
function digitsAt(text: string, start: number, end: number): number {
  if (end <= start) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** An invalid-value issue on [start, end) of the line. */
function invalidValue(issues: IssueList, parsed: FlatLine, start: number, end: number, message: string): void {
  issues.add(new FieldProblem('invalid-value', new Span(parsed, start, end), message));
}

/** A dos= value: the date when it is a calendar date in YYYY-MM-DD form; otherwise reported. */
function dateValue(issues: IssueList, parsed: FlatLine, start: number, end: number): string | undefined {
  const text = parsed.text;
  if (isCalendarDateAt(text, start, end)) return text.slice(start, end);
  invalidValue(issues, parsed, start, end, `dos '${quote(text.slice(start, end))}' is not a calendar date in YYYY-MM-DD form`);
  return undefined;
}

/** Each key's index in its list (what readFields hands the readers), by key. */
function keyIndexes<K extends string>(keys: readonly K[]): Readonly<Record<K, number>> {
  return Object.fromEntries(keys.map((key, index) => [key, index])) as Record<K, number>;
}

const HEADER = keyIndexes(HEADER_KEYS);

/** What buildHeader's field reader needs (an object, not a closure per line). */
class HeaderReader implements FieldReader {
  constructor(
    readonly parsed: FlatLine,
    readonly header: ClaimHeader,
    readonly issues: IssueList,
    readonly payerIds: readonly string[],
  ) {}

  read(key: number, start: number, end: number): void {
    const text = this.parsed.text;
    switch (key) {
      case HEADER.payer: {
        const value = text.slice(start, end);
        const payer = value.toLowerCase();
        if ((STANDARD_PAYERS as readonly string[]).includes(payer) || this.payerIds.includes(value)) {
          this.header.payer = this.payerIds.includes(value) ? value : payer;
        } else {
          const profiles = this.payerIds.length > 0 ? `, or a payer profile id (${this.payerIds.join(', ')})` : '';
          invalidValue(this.issues, this.parsed, start, end, `payer '${quote(value)}' is not known; expected medicare, medicaid, commercial${profiles}`);
          this.header.payer = value;
        }
        break;
      }
      case HEADER.dos:
        this.header.dos = dateValue(this.issues, this.parsed, start, end) ?? this.header.dos;
        break;
      case HEADER.dx: {
        let index = 0;
        for (let from = start; ; index++) {
          let to = text.indexOf(',', from);
          if (to < 0 || to > end) to = end;
          const part = text.slice(from, to);
          const span = new Span(this.parsed, from, to);
          if (index >= MAX_DX) {
            this.issues.add(new FieldProblem('invalid-value', span, `a claim holds at most ${MAX_DX} diagnoses; '${part}' is number ${index + 1}`));
          } else {
            this.header.dx.push(new Diagnosis(part, span));
          }
          if (to === end) break;
          from = to + 1;
        }
        break;
      }
      case HEADER.patient:
        this.header.patient = text.slice(start, end);
        break;
      case HEADER.auth:
        this.header.auth = text.slice(start, end);
        break;
      case HEADER.pos: {
        const value = text.slice(start, end);
        if (POS_FORM.test(value)) this.header.pos = value;
        else invalidValue(this.issues, this.parsed, start, end, `pos '${quote(value)}' is not a two-digit place-of-service code (e.g. 11, 22)`);
        break;
      }
    }
  }
}

export function buildHeader(parsed: ParsedLine, payerIds: readonly string[]): ClaimHeader {
  const line = flat(parsed);
  // Every optional field present: one object shape (as for service lines).
  const header: ClaimHeader = {
    parsed,
    issues: NO_ISSUES,
    id: parsed.claimId?.text ?? '',
    payer: undefined,
    dos: undefined,
    dx: [],
    patient: undefined,
    auth: undefined,
    pos: undefined,
  };
  const issues = new IssueList();
  readFields(line, HEADER_KEYS, 'a claim header', issues, new HeaderReader(line, header, issues, payerIds));
  header.issues = issues.list;
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

const SERVICE = keyIndexes(SERVICE_KEYS);

/**
 * What buildServiceLine's field reader needs. One reader serves every line (set for each, never
 * re-entered), so building a line makes no reader or list objects of its own.
 */
class ServiceReader implements FieldReader {
  parsed!: FlatLine;
  line!: ServiceLine;
  readonly issues = new IssueList();

  /** Ready for `line`: its issues list starts empty (shared until the first issue). */
  start(parsed: FlatLine, line: ServiceLine): this {
    this.parsed = parsed;
    this.line = line;
    this.issues.list = NO_ISSUES;
    return this;
  }

  /** The line's issues; the reader lets go of the line. */
  finish(): FieldIssue[] {
    this.parsed = undefined!;
    this.line = undefined!;
    return this.issues.list;
  }

  invalid(start: number, end: number, message: string): void {
    invalidValue(this.issues, this.parsed, start, end, message);
  }

  read(key: number, start: number, end: number): void {
    const text = this.parsed.text;
    const line = this.line;
    switch (key) {
      case SERVICE.units: {
        const units = digitsAt(text, start, end);
        if (units < 1) this.invalid(start, end, `units '${quote(text.slice(start, end))}' is not a whole number of at least 1`);
        else if (!Number.isSafeInteger(units) || (end - start > 15 && !Number.isSafeInteger(Number(text.slice(start, end)))))
          this.invalid(start, end, `units '${quote(text.slice(start, end))}' is too large to be a count of billing units`);
        else line.units = end - start > 15 ? Number(text.slice(start, end)) : units;
        break;
      }
      case SERVICE.dose:
      case SERVICE.waste: {
        const value = text.slice(start, end);
        const quantity = parseQuantity(value);
        const name = key === SERVICE.dose ? 'dose' : 'waste';
        if (typeof quantity === 'object') line[name] = quantity;
        else this.invalid(start, end, amountMessage(name, value, quantity, AMOUNT_HINT));
        break;
      }
      case SERVICE.vial: {
        const value = text.slice(start, end);
        const count = parseVialCount(value);
        if (typeof count === 'number') line.vialCount = count;
        const vial = count === undefined ? parseVial(value) : count;
        if (typeof vial === 'object') line.vial = vial;
        else if (vial === 'mixed-units') this.invalid(start, end, `vial '${quote(value)}' mixes sizes whose units do not convert into each other (mcg, mg and g do; ml and units only to themselves)`);
        else if (typeof vial !== 'number') this.invalid(start, end, amountMessage('vial', value, vial, '[count x]amount, e.g. 2x100mg or 50mg, sizes joined by + (1x500mg+3x100mg), or a count of the ndc= item (2)'));
        break;
      }
      case SERVICE.drug: {
        const value = text.slice(start, end);
        if (DRUG_NAME_FORM.test(value)) line.drug = value;
        else this.invalid(start, end, `drug '${quote(value)}' is not a drug name (letters and hyphens, e.g. belantamab-mafodotin)`);
        break;
      }
      case SERVICE.dx:
        for (let from = start; ; ) {
          let to = text.indexOf(',', from);
          if (to < 0 || to > end) to = end;
          const value = digitsAt(text, from, to);
          if (value >= 1 && value <= MAX_DX) {
            if (line.dxPointers === NO_POINTERS) line.dxPointers = [];
            line.dxPointers.push(pointer(value, new Span(this.parsed, from, to)));
          } else {
            this.invalid(from, to, `dx pointer '${text.slice(from, to)}' is not a number from 1 to ${MAX_DX}`);
          }
          if (to === end) break;
          from = to + 1;
        }
        break;
      case SERVICE.dos:
        // A dos= that is no date leaves the header's.
        line.dos = dateValue(this.issues, this.parsed, start, end) ?? line.dos;
        break;
      case SERVICE.ndc: {
        const value = text.slice(start, end);
        if (NDC_FORM.test(value)) line.ndc = value;
        else this.invalid(start, end, ndcMessage(value));
        break;
      }
      case SERVICE.charge: {
        const value = text.slice(start, end);
        if (CHARGE_FORM.test(value)) line.charge = Number(value);
        else this.invalid(start, end, `charge '${quote(value)}' is not an amount such as 1250.00`);
        break;
      }
    }
  }
}

const NO_POINTERS: ServiceLine['dxPointers'] = [] as ServiceLine['dxPointers'];
const serviceReader = new ServiceReader();

export function buildServiceLine(parsed: ParsedLine, headerDos: string | undefined): ServiceLine {
  const flatLine = flat(parsed);
  const codeText = flatLine.kind === 'service' ? flatLine.codeText : '';
  const modifiers = flatLine.upperModifiers();
  const line: ServiceLine = {
    parsed,
    issues: NO_ISSUES,
    code: codeText.toUpperCase(),
    modifiers: modifiers ?? NO_MODIFIERS,
    codeKind: flatLine.codeForm === CodeForm.Hcpcs ? 'hcpcs' : flatLine.codeForm === CodeForm.Cpt ? 'cpt' : 'invalid',
    // Every optional field is present (undefined until read): one object shape for all lines,
    // so the rules' property reads stay monomorphic and no property store is grown per line.
    units: undefined,
    dose: undefined,
    vial: undefined,
    vialCount: undefined,
    waste: undefined,
    drug: undefined,
    dxPointers: NO_POINTERS,
    dos: headerDos,
    ndc: undefined,
    charge: undefined,
    arithmetic: undefined,
  };
  const reader = serviceReader.start(flatLine, line);
  const seen = readFields(flatLine, SERVICE_KEYS, 'a service line', reader.issues, reader);
  line.issues = reader.finish();
  if (line.dxPointers.length === 0) {
    line.dxPointers = (seen & (1 << SERVICE.dx)) === 0 ? [new CodePointer(flatLine)] : NO_POINTERS;
  }
  return line;
}

/** The dx pointer a line without dx= has: 1, on the code token. */
class CodePointer {
  readonly value = 1;

  constructor(readonly owner: FlatLine) {}

  get span(): Span {
    return new Span(this.owner, this.owner.tok(0), this.owner.tok(1));
  }

  get range(): Range {
    return this.span.range;
  }
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

/** Groups parsed lines into claims. A claim runs from its header to the next header. Only lines[from, to) are read (`lines` of the result is the whole array). */
export function buildModel(lines: readonly ParsedLine[], payerIds: readonly string[] = [], from = 0, to = lines.length): ClaimFile {
  const file: ClaimFile = { lines: lines as ParsedLine[], claims: [], orphanLines: [] };
  let current: ClaimModel | undefined;
  for (let i = from; i < to; i++) {
    const parsed = lines[i];
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
