// Maps an 837P/837I interchange (read by reader.ts) to the engine's claim model (types.ts), so
// the claim-language rules run on it unchanged. Every token's range is the place in the 837 text
// of the element or component that carries the value, so findings land on their segment.
import { CPT_FORM, HCPCS_FORM } from '../../parser';
import { MAX_DX } from '../../model';
import type { Claim, ClaimFile, ClaimHeader, DiagnosticId, DxEntry, Field, FieldIssue, ParsedLine, Range, ServiceLine, Token } from '../../types';
import { CHARGE_FORM, isCalendarDate, isIcd10Form, normalizeIcd10 } from '../../values';
import { LineIndex, readX12, type X12Document, type X12Element, type X12Piece, type X12Segment } from './reader';

/** Diagnostic ids only the X12 front end reports (no .claim fixture can carry them). */
export const X12_SOURCE_IDS: readonly DiagnosticId[] = ['x12-structure'];

export type X12Variant = '837P' | '837I';

/** NDC units of measure an 837 may give in CTP05-1. */
export const NDC_UNITS: Record<string, string> = { UN: 'unit', ML: 'millilitre', GR: 'gram', F2: 'international unit', ME: 'milligram' };

/** What the claim language cannot say about a service line, kept for convert and the outline. */
export interface X12LineInfo {
  segment: X12Segment;
  /** LX segment, when the line has one. */
  lx?: X12Segment;
  revenueCode?: string;
  unitBasis?: string;
  ndcQuantity?: { value: string; unit: string };
  lin?: X12Segment;
  /** Ranges the X12 quick fixes may rewrite (code, modifiers, quantity): the safe edits. */
  composite: X12Element;
}

export interface X12ClaimInfo {
  segment: X12Segment;
  /** Offset of what the claim reads before its CLM (its subscriber loop's SBR), or of the CLM. */
  contextStart: number;
  /** SBR09 as written, and the NM1*PR payer id. */
  filingIndicator?: string;
  payerId?: string;
  payerName?: string;
  /** 837I: CLM05-1 is the facility type, not a place of service. */
  facilityCode?: string;
  totalCharge?: string;
  /** Last segment of the claim (for its range in the outline). */
  last: X12Segment;
  lines: X12LineInfo[];
}

export interface X12Issue {
  id: DiagnosticId;
  range: Range;
  message: string;
}

export interface X12Model {
  document: X12Document;
  index: LineIndex;
  variant: X12Variant;
  file: ClaimFile;
  claims: Map<Claim, X12ClaimInfo>;
  lineInfo: Map<ServiceLine, X12LineInfo>;
  /** Structural findings of the mapping (x12-structure). */
  issues: X12Issue[];
}

/** A token of the 837: offsets kept, its LSP range made when asked (most never are). */
export class X12Token implements Token {
  constructor(
    private readonly index: LineIndex,
    readonly text: string,
    readonly start: number,
    readonly end: number,
  ) {}

  get range(): Range {
    return this.index.range(this.start, this.end);
  }
}

class X12Pointer {
  constructor(
    private readonly index: LineIndex,
    readonly value: number,
    readonly start: number,
    readonly end: number,
  ) {}

  get range(): Range {
    return this.index.range(this.start, this.end);
  }
}

export class X12Dx implements DxEntry {
  constructor(
    private readonly index: LineIndex,
    readonly text: string,
    readonly normalized: string,
    readonly valid: boolean,
    readonly start: number,
    readonly end: number,
  ) {}

  get range(): Range {
    return this.index.range(this.start, this.end);
  }
}

class Builder {
  constructor(readonly index: LineIndex) {}

  range(piece: { start: number; end: number }): Range {
    return this.index.range(piece.start, piece.end);
  }

  token(piece: X12Piece): Token {
    return new X12Token(this.index, piece.text, piece.start, piece.end);
  }

  /** A field named `key` whose key and value are the same piece of X12 (rules look fields up by key). */
  field(key: string, piece: X12Piece): Field {
    const value = this.token(piece);
    return { token: value, key: new X12Token(this.index, key, piece.start, piece.end), value };
  }

  pointer(value: number, piece: { start: number; end: number }): { value: number; readonly range: Range } {
    return new X12Pointer(this.index, value, piece.start, piece.end);
  }

  dx(piece: X12Piece): DxEntry {
    return new X12Dx(this.index, piece.text, normalizeIcd10(piece.text), isIcd10Form(piece.text), piece.start, piece.end);
  }

  parsed(segment: X12Segment, kind: 'header' | 'service'): ParsedLine {
    return {
      line: this.index.position(segment.start).line,
      text: '',
      eol: '',
      kind,
      indent: '',
      modifiers: [],
      fields: [],
      syntaxProblems: [],
    };
  }
}

function element(segment: X12Segment, n: number): X12Element | undefined {
  const e = segment.elements[n];
  return e && e.text.length > 0 ? e : undefined;
}

/** CCYYMMDD (D8) or CCYYMMDD-CCYYMMDD (RD8, its first date) → YYYY-MM-DD, or undefined. */
export function x12Date(format: string | undefined, value: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:-\d{8})?$/.exec(value);
  if (!m) return undefined;
  if (format === 'D8' && value.length !== 8) return undefined;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  return isCalendarDate(date) ? date : undefined;
}

function variantOf(doc: X12Document): X12Variant {
  for (const s of doc.segments) {
    if (s.id === 'GS' || s.id === 'ST') {
      const version = s.elements[s.id === 'GS' ? 8 : 3]?.text ?? '';
      if (version.includes('X223')) return '837I';
      if (version.includes('X222')) return '837P';
    }
    if (s.id === 'SV2') return '837I';
    if (s.id === 'SV1') return '837P';
  }
  return '837P';
}

/** The claim filing indicator (SBR09) as the engine's payer. */
export function payerOfFilingIndicator(code: string): string {
  const upper = code.toUpperCase();
  if (upper === 'MB' || upper === 'MA') return 'medicare';
  if (upper === 'MC') return 'medicaid';
  return 'commercial';
}

export function mapX12(text: string, payerIds: readonly string[] = []): X12Model {
  const document = readX12(text);
  const index = new LineIndex(text);
  const b = new Builder(index);
  const variant = variantOf(document);
  const issues: X12Issue[] = document.problems.map((p) => ({ id: 'x12-structure', range: index.range(p.start, p.end), message: p.message }));
  const structure = (piece: { start: number; end: number }, message: string) => issues.push({ id: 'x12-structure', range: b.range(piece), message });
  const file: ClaimFile = { lines: [], claims: [], orphanLines: [] };
  const claims = new Map<Claim, X12ClaimInfo>();
  const lineInfo = new Map<ServiceLine, X12LineInfo>();

  // Subscriber context (2000B/2010BB): applies to the claims that follow it.
  let sbr: X12Segment | undefined;
  let payerNm1: X12Segment | undefined;
  let claim: { header: ClaimHeader; lines: ServiceLine[]; info: X12ClaimInfo; dateFromLine: boolean } | undefined;
  let line: ServiceLine | undefined;
  let lx: X12Segment | undefined;

  const finishClaim = () => {
    if (!claim) return;
    const { header, lines, info } = claim;
    // No claim-level date: the first dated line's DTP*472 stands for the claim's (lines without one take it).
    if (!header.parsed.fields.some((f) => f.key.text === 'dos')) {
      const dated = lines.find((l) => l.parsed.fields.some((f) => f.key.text === 'dos'));
      if (dated) {
        header.parsed.fields.push(dated.parsed.fields.find((f) => f.key.text === 'dos')!);
        header.dos = dated.dos;
      }
    }
    for (const l of lines) if (l.dos === undefined && !l.parsed.fields.some((f) => f.key.text === 'dos')) l.dos = header.dos;
    const built: Claim = {
      header,
      lines,
      startLine: index.position(info.segment.start).line,
      endLine: index.position(info.last.end).line,
    };
    file.claims.push(built);
    claims.set(built, info);
    claim = undefined;
    line = undefined;
  };

  const setPayer = (header: ClaimHeader, info: X12ClaimInfo) => {
    const filing = sbr && element(sbr, 9);
    const payerIdElement = payerNm1 && element(payerNm1, 9);
    info.filingIndicator = filing?.text;
    info.payerId = payerIdElement?.text;
    info.payerName = payerNm1 && element(payerNm1, 3)?.text;
    // Profile ids are lower case (config.ts); payer ids in 837s are mostly upper case.
    const profile = payerIdElement && payerIds.find((id) => id === payerIdElement.text || id === payerIdElement.text.toLowerCase());
    if (payerIdElement && profile) {
      header.payer = profile;
      header.parsed.fields.push(b.field('payer', payerIdElement));
    } else if (filing) {
      header.payer = payerOfFilingIndicator(filing.text);
      header.parsed.fields.push(b.field('payer', filing));
    }
  };

  const addDate = (segment: X12Segment, target: { dos?: string }, parsed: ParsedLine, lineIssues: FieldIssue[]): boolean => {
    const value = element(segment, 3);
    if (!value) {
      structure(segment.elements[0], `DTP*${segment.elements[1]?.text ?? ''} has no date (DTP03)`);
      return false;
    }
    const date = x12Date(segment.elements[2]?.text, value.text);
    parsed.fields.push(b.field('dos', value));
    if (date) target.dos = date;
    else lineIssues.push({ id: 'invalid-value', range: b.range(value), message: `DTP03 '${value.text}' is not a calendar date in CCYYMMDD form (D8) or CCYYMMDD-CCYYMMDD (RD8)` });
    return true;
  };

  const startLine = (segment: X12Segment, composite: X12Element | undefined, revenue?: X12Element): void => {
    line = undefined;
    if (!composite) {
      structure(segment.elements[0], `${segment.id} has no procedure composite (${segment.id === 'SV1' ? 'SV101' : 'SV202'}); the line is not checked`);
      return;
    }
    const parts = composite.components;
    const qualifier = parts[0].text.toUpperCase();
    const codePiece = parts[1];
    if (!codePiece || codePiece.text.length === 0 || (qualifier !== 'HC' && qualifier !== 'HP')) {
      structure(composite, `${segment.id === 'SV1' ? 'SV101' : 'SV202'} '${composite.text}' is not a procedure composite HC:code[:modifier…]; the line is not checked`);
      return;
    }
    const parsed = b.parsed(segment, 'service');
    // The code token is the composite up to its last non-empty component, so a modifier appended after it stays inside.
    let last = 1;
    for (let i = 2; i < Math.min(parts.length, 6); i++) if (parts[i].text.length > 0) last = i;
    parsed.codeToken = new X12Token(index, text.slice(composite.start, parts[last].end), composite.start, parts[last].end);
    parsed.code = b.token(codePiece);
    parsed.modifiers = parts.slice(2, 6).filter((p) => p.text.length > 0).map((p) => b.token(p));
    const issues: FieldIssue[] = [];
    if (parts.length > 7) structure(parts[7], `${composite.text}: a procedure composite has at most four modifiers and a description`);
    const codeText = codePiece.text;
    const service: ServiceLine = {
      parsed,
      issues,
      code: codeText.toUpperCase(),
      modifiers: parsed.modifiers.map((m) => m.text.toUpperCase()),
      codeKind: HCPCS_FORM.test(codeText) ? 'hcpcs' : CPT_FORM.test(codeText) ? 'cpt' : 'invalid',
      dxPointers: [],
    };
    const info: X12LineInfo = { segment, lx, composite, revenueCode: revenue?.text };
    const [chargeAt, basisAt, quantityAt] = segment.id === 'SV1' ? [2, 3, 4] : [3, 4, 5];
    const charge = element(segment, chargeAt);
    if (charge) {
      parsed.fields.push(b.field('charge', charge));
      if (CHARGE_FORM.test(charge.text)) service.charge = Number(charge.text);
      else issues.push({ id: 'invalid-value', range: b.range(charge), message: `charge '${charge.text}' is not an amount such as 1250.00` });
    }
    info.unitBasis = element(segment, basisAt)?.text;
    if (info.unitBasis && !['UN', 'MJ'].includes(info.unitBasis.toUpperCase())) {
      issues.push({ id: 'invalid-value', range: b.range(element(segment, basisAt)!), message: `unit basis '${info.unitBasis}' is not UN (units) or MJ (minutes)` });
    }
    const quantity = element(segment, quantityAt);
    if (quantity) {
      parsed.fields.push(b.field('units', quantity));
      const value = Number(quantity.text);
      if (!/^[0-9]+(?:\.0*)?$/.test(quantity.text) || value < 1) issues.push({ id: 'invalid-value', range: b.range(quantity), message: `quantity '${quantity.text}' is not a whole number of at least 1` });
      else if (!Number.isSafeInteger(value)) issues.push({ id: 'invalid-value', range: b.range(quantity), message: `quantity '${quantity.text}' is too large to be a count of billing units` });
      else service.units = value;
    }
    const pointers = segment.id === 'SV1' ? element(segment, 7) : undefined;
    if (pointers) {
      parsed.fields.push(b.field('dx', pointers));
      for (const part of pointers.components) {
        if (/^[0-9]{1,2}$/.test(part.text) && Number(part.text) >= 1 && Number(part.text) <= MAX_DX) service.dxPointers.push(b.pointer(Number(part.text), part));
        else issues.push({ id: 'invalid-value', range: b.range(part), message: `diagnosis pointer '${part.text}' is not a number from 1 to ${MAX_DX}` });
      }
    } else service.dxPointers.push(b.pointer(1, { start: composite.start, end: parts[last].end }));
    if (!claim) {
      structure(segment.elements[0], `${segment.id} service line comes before any CLM segment, so it belongs to no claim; the line is not checked`);
      return;
    }
    claim.lines.push(service);
    claim.info.lines.push(info);
    lineInfo.set(service, info);
    line = service;
  };

  for (const segment of document.segments) {
    if (claim && !['HL', 'SE', 'GE', 'IEA', 'CLM'].includes(segment.id)) claim.info.last = segment;
    switch (segment.id) {
      case 'HL':
        finishClaim();
        if (element(segment, 3)?.text === '22' || element(segment, 3)?.text === '20') {
          sbr = undefined;
          payerNm1 = undefined;
        }
        break;
      case 'SBR':
        sbr = segment;
        payerNm1 = undefined;
        break;
      case 'NM1':
        if (!claim && segment.elements[1]?.text === 'PR') payerNm1 = segment;
        break;
      case 'SE':
      case 'GE':
      case 'IEA':
        finishClaim();
        break;
      case 'CLM': {
        finishClaim();
        const parsed = b.parsed(segment, 'header');
        const idElement = element(segment, 1);
        parsed.keyword = b.token(segment.elements[0]);
        if (idElement) parsed.claimId = b.token(idElement);
        const header: ClaimHeader = { parsed, issues: [], id: idElement?.text ?? '', dx: [] };
        const info: X12ClaimInfo = { segment, contextStart: sbr?.start ?? segment.start, last: segment, lines: [], totalCharge: element(segment, 2)?.text };
        if (!idElement) structure(segment.elements[0], 'CLM has no claim id (CLM01)');
        const facility = element(segment, 5)?.components[0];
        if (facility && facility.text.length > 0) {
          if (variant === '837P') {
            parsed.fields.push(b.field('pos', facility));
            if (/^[0-9]{2}$/.test(facility.text)) header.pos = facility.text;
            else header.issues.push({ id: 'invalid-value', range: b.range(facility), message: `CLM05-1 '${facility.text}' is not a two-digit place-of-service code (e.g. 11, 22)` });
          } else info.facilityCode = facility.text;
        }
        setPayer(header, info);
        claim = { header, lines: [], info, dateFromLine: false };
        lx = undefined;
        line = undefined;
        break;
      }
      case 'HI':
        if (!claim) break;
        for (const e of segment.elements.slice(1)) {
          const [qualifier, code] = e.components;
          const q = qualifier?.text.toUpperCase();
          if (!['ABK', 'ABF', 'ABJ', 'BK', 'BF', 'BJ'].includes(q ?? '')) continue;
          if (!code || code.text.length === 0) {
            structure(e, `HI composite '${e.text}' has no diagnosis code after its qualifier`);
            continue;
          }
          if (q.startsWith('B')) {
            structure(e, `HI qualifier ${q} is an ICD-9-CM diagnosis; claims since 2015-10-01 carry ICD-10-CM (ABK, ABF)`);
            continue;
          }
          const header = claim.header;
          if (!header.parsed.fields.some((f) => f.key.text === 'dx')) header.parsed.fields.push(b.field('dx', e));
          if (header.dx.length >= MAX_DX) {
            header.issues.push({ id: 'invalid-value', range: b.range(code), message: `a claim holds at most ${MAX_DX} diagnoses; '${code.text}' is number ${header.dx.length + 1}` });
            continue;
          }
          const entry = b.dx(code);
          // The principal diagnosis (ABK) goes first.
          if (q === 'ABK') header.dx.unshift(entry);
          else header.dx.push(entry);
        }
        break;
      case 'REF':
        if (claim && !line && segment.elements[1]?.text === 'G1') {
          const value = element(segment, 2);
          if (value) {
            claim.header.auth = value.text;
            claim.header.parsed.fields.push(b.field('auth', value));
          }
        }
        break;
      case 'DTP': {
        if (!claim) break;
        const qualifier = segment.elements[1]?.text;
        if (line && qualifier === '472') addDate(segment, line, line.parsed, line.issues);
        else if (!line && (qualifier === '472' || qualifier === '434') && claim.header.dos === undefined && !claim.header.parsed.fields.some((f) => f.key.text === 'dos')) {
          addDate(segment, claim.header, claim.header.parsed, claim.header.issues);
        }
        break;
      }
      case 'LX':
        lx = segment;
        line = undefined;
        if (!claim) structure(segment.elements[0], 'LX service line comes before any CLM segment, so it belongs to no claim');
        break;
      case 'SV1':
        startLine(segment, element(segment, 1));
        break;
      case 'SV2':
        startLine(segment, element(segment, 2), element(segment, 1));
        break;
      case 'LIN': {
        if (!line) break;
        const info = lineInfo.get(line)!;
        info.lin = segment;
        const qualifier = segment.elements[2];
        const ndc = element(segment, 3);
        if (qualifier?.text !== 'N4') {
          line.issues.push({ id: 'invalid-value', range: b.range(qualifier ?? segment.elements[0]), message: `LIN02 '${qualifier?.text ?? ''}' is not N4: the drug's NDC must be given with qualifier N4 (National Drug Code in 5-4-2 format, 11 digits)` });
          break;
        }
        if (!ndc) {
          structure(segment.elements[0], 'LIN*N4 has no NDC (LIN03)');
          break;
        }
        line.parsed.fields.push(b.field('ndc', ndc));
        if (/^[0-9]{11}$/.test(ndc.text)) line.ndc = ndc.text;
        else line.issues.push({ id: 'invalid-value', range: b.range(ndc), message: `LIN03 '${ndc.text}' is not an NDC of 11 digits without hyphens (e.g. 55513016001)` });
        break;
      }
      case 'CTP': {
        if (!line) break;
        const info = lineInfo.get(line)!;
        if (!info.lin) break;
        const quantity = element(segment, 4);
        const unit = element(segment, 5)?.components[0];
        if (!quantity || !/^[0-9]*\.?[0-9]+$/.test(quantity.text) || Number(quantity.text) <= 0) {
          line.issues.push({ id: 'invalid-value', range: b.range(quantity ?? segment.elements[0]), message: `CTP04 '${quantity?.text ?? ''}' is not a drug quantity more than zero` });
        }
        if (!unit || !(unit.text in NDC_UNITS)) {
          line.issues.push({ id: 'invalid-value', range: b.range(unit ?? segment.elements[0]), message: `CTP05-1 '${unit?.text ?? ''}' is not an NDC unit of measure (UN unit, ML millilitre, GR gram, F2 international unit, ME milligram)` });
        }
        if (quantity && unit) info.ndcQuantity = { value: quantity.text, unit: unit.text };
        break;
      }
    }
  }
  finishClaim();
  // An NDC (LIN*N4) without its CTP quantity and unit: a Medicaid denial.
  for (const [service, info] of lineInfo) {
    if (info.lin && service.ndc && !info.ndcQuantity && !service.issues.some((i) => i.message.startsWith('CTP'))) {
      service.issues.push({ id: 'invalid-value', range: b.range(info.lin.elements[0]), message: 'LIN*N4 has no CTP segment with the drug quantity (CTP04) and unit of measure (CTP05: UN, ML, GR, F2 or ME)' });
    }
  }
  return { document, index, variant, file, claims, lineInfo, issues };
}
