// Checks an 837 with the claim-language rules: the mapper builds the claim model, the rules run on
// it as on a .claim file, and their quick fixes are kept only where they are right in X12.
import { checkClaim, resolveOptions, sortDiagnostics } from '../../check';
import { createContext } from '../../rules/context';
import { checkDuplicateClaimId } from '../../rules/structure';
import type { CheckOptions, ClaimDiagnostic, CodeTables, Fix, ParsedLine, ServiceLine, TextEdit } from '../../types';
import { X12Token, mapX12, type X12Dx, type X12Model } from './mapper';

type EditTarget =
  | { kind: 'append'; at: number; modifiers: number }
  | { kind: 'remove'; at: number; end: number }
  | { kind: 'replace'; at: number; end: number; form: RegExp };

/** Finds, by offset, the service line or claim an edit is in: the lines and claims in document order. */
class EditTargets {
  private readonly lines: ServiceLine[];
  private readonly lineStarts: number[];
  private readonly claimStarts: number[];

  constructor(private readonly model: X12Model) {
    this.lines = [...model.lineInfo.keys()];
    this.lineStarts = this.lines.map((l) => model.lineInfo.get(l)!.segment.start);
    this.claimStarts = model.file.claims.map((c) => model.claims.get(c)!.segment.start);
  }

  private static last(starts: number[], offset: number): number {
    let low = 0;
    let high = starts.length - 1;
    if (high < 0 || starts[0] > offset) return -1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The targets an edit starting at `offset` may have. */
  at(offset: number): EditTarget[] {
    const targets: EditTarget[] = [];
    const index = EditTargets.last(this.lineStarts, offset);
    const line = index >= 0 ? this.lines[index] : undefined;
    if (line && offset <= this.model.lineInfo.get(line)!.segment.end) {
      const parsed = line.parsed;
      const code = parsed.code as X12Token;
      targets.push({ kind: 'append', at: (parsed.codeToken as X12Token).end, modifiers: line.modifiers.length });
      for (const token of parsed.modifiers as X12Token[]) {
        targets.push({ kind: 'remove', at: token.start - 1, end: token.end });
        targets.push({ kind: 'replace', at: token.start, end: token.end, form: /^[A-Z0-9]{2}$/ });
      }
      targets.push({ kind: 'replace', at: code.start, end: code.end, form: /^[A-Za-z0-9]{5}$/ });
      const units = parsed.fields.find((f) => f.key.text === 'units')?.value as X12Token | undefined;
      if (units) targets.push({ kind: 'replace', at: units.start, end: units.end, form: /^[0-9]+$/ });
    }
    const claim = this.model.file.claims[EditTargets.last(this.claimStarts, offset)];
    if (claim) for (const dx of claim.header.dx as X12Dx[]) targets.push({ kind: 'replace', at: dx.start, end: dx.end, form: /^[A-Za-z0-9.]+$/ });
    return targets.filter((t) => t.at === offset);
  }
}

/**
 * A rule's edit, as it must be written in this 837, or undefined when it has no X12 form (a
 * claim-language line or field). Kept: replacing a code, modifier, diagnosis or quantity with
 * letters and digits; removing a modifier with the separator before it; appending a modifier
 * (`-JZ` becomes `:JZ` after the composite's last modifier).
 */
function x12Edit(edit: TextEdit, model: X12Model, targets: EditTargets): TextEdit | undefined {
  const index = model.index;
  const start = index.offset(edit.range.start.line, edit.range.start.character);
  const end = index.offset(edit.range.end.line, edit.range.end.character);
  const component = model.document.delimiters.component;
  for (const target of targets.at(start)) {
    if (target.kind === 'append') {
      if (start === end && /^-[A-Z0-9]{2}$/.test(edit.newText) && target.modifiers < 4) return { range: edit.range, newText: component + edit.newText.slice(1) };
    } else if (target.kind === 'remove') {
      if (edit.newText === '' && end === target.end) return edit;
    } else if (end === target.end && target.form.test(edit.newText)) return { range: edit.range, newText: edit.newText.replace('.', '') };
  }
  return undefined;
}

/** The fixes whose every edit has an X12 form, translated; the others are dropped. */
export function x12Fixes(fixes: Fix[], model: X12Model, targets = new EditTargets(model)): Fix[] {
  const kept: Fix[] = [];
  for (const fix of fixes) {
    const edits = fix.edits.map((e) => x12Edit(e, model, targets));
    if (edits.every((e): e is TextEdit => e !== undefined)) kept.push({ ...fix, edits });
  }
  return kept;
}

/** Claim-language wording in a rule's message, said as the 837 says it. */
function x12Message(message: string): string {
  return message
    .replace(/\bhas no ndc=/g, 'has no LIN*N4 NDC')
    .replace(/\bhas no units=/g, 'has no quantity (SV104/SV205)')
    .replace(/\bno auth=/g, 'no REF*G1 prior authorisation')
    .replace(' (vial= or waste= lets the check compute them)', '');
}

export interface X12CheckResult {
  model: X12Model;
  diagnostics: ClaimDiagnostic[];
}

export function checkX12Model(text: string, tables: CodeTables, partialOptions?: Partial<CheckOptions>): X12CheckResult {
  const options = resolveOptions(partialOptions);
  const model = mapX12(text, options.payerProfiles.map((p) => p.id));
  const found: ClaimDiagnostic[] = [];
  const ctx = createContext(tables, options, '\n', found);
  for (const issue of model.issues) ctx.report(issue.id, issue.range, issue.message);
  for (const claim of model.file.claims) checkClaim(claim, ctx);
  const byId = new Map<string, ParsedLine[]>();
  for (const claim of model.file.claims) {
    if (!claim.header.parsed.claimId) continue;
    const list = byId.get(claim.header.id) ?? [];
    list.push(claim.header.parsed);
    byId.set(claim.header.id, list);
  }
  for (const headers of byId.values()) if (headers.length > 1) checkDuplicateClaimId(headers[0].line, headers.slice(1), ctx);
  const targets = new EditTargets(model);
  const diagnostics = found.map((d) => ({
    ...d,
    message: x12Message(d.message.replace(/\u0001(\d+)\u0001/g, (_, line: string) => `line ${Number(line) + 1}`)),
    fixes: d.fixes.length > 0 ? x12Fixes(d.fixes, model, targets) : d.fixes,
  }));
  return { model, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * The fixes of a finding, with `preferred` kept only when the fix adds no finding its claim did
 * not have (the house rule for preferred fixes). The claim is checked on its own: the file's ISA
 * (for its delimiters), then the claim from its subscriber loop's SBR to its last segment.
 */
export class X12FixConfirmer {
  private readonly claimStarts: number[];
  private readonly before = new Map<number, Map<string, number>>();

  constructor(
    private readonly model: X12Model,
    private readonly tables: CodeTables,
    private readonly options: Partial<CheckOptions> | undefined,
  ) {
    this.claimStarts = model.file.claims.map((c) => model.claims.get(c)!.contextStart);
  }

  private counts(text: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const d of checkX12(text, this.tables, this.options)) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
    return counts;
  }

  confirm(d: ClaimDiagnostic): Fix[] {
    if (!d.fixes.some((f) => f.preferred)) return d.fixes;
    const { model } = this;
    const index = model.index;
    const at = index.offset(d.range.start.line, d.range.start.character);
    let low = 0;
    let high = this.claimStarts.length - 1;
    if (high < 0 || this.claimStarts[0] > at) return d.fixes.map((f) => ({ ...f, preferred: false }));
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.claimStarts[mid] <= at) low = mid;
      else high = mid - 1;
    }
    const info = model.claims.get(model.file.claims[low])!;
    const text = model.document.text;
    const isa = model.document.segments[0]?.id === 'ISA' ? model.document.segments[0] : undefined;
    const prefix = isa ? text.slice(isa.start, isa.end) + model.document.delimiters.segment : '';
    const from = info.contextStart;
    const to = Math.min(text.length, info.last.end + model.document.delimiters.segment.length);
    const part = prefix + text.slice(from, to);
    let had = this.before.get(low);
    if (!had) this.before.set(low, (had = this.counts(part)));
    return d.fixes.map((fix) => {
      if (!fix.preferred) return fix;
      const edits = fix.edits
        .map((e) => ({ start: index.offset(e.range.start.line, e.range.start.character), end: index.offset(e.range.end.line, e.range.end.character), text: e.newText }))
        .sort((a, b) => b.start - a.start);
      if (edits.some((e) => e.start < from || e.end > to)) return { ...fix, preferred: false };
      let fixed = part;
      for (const e of edits) fixed = fixed.slice(0, prefix.length + e.start - from) + e.text + fixed.slice(prefix.length + e.end - from);
      const after = this.counts(fixed);
      const introduces = [...after].some(([id, n]) => n > (had!.get(id) ?? 0));
      return introduces ? { ...fix, preferred: false } : fix;
    });
  }
}

/** Every diagnostic of an 837 file, in document order: the same ClaimDiagnostic[] as checkText. */
export function checkX12(text: string, tables: CodeTables, options?: Partial<CheckOptions>): ClaimDiagnostic[] {
  return checkX12Model(text, tables, options).diagnostics;
}

/** Is this file an X12 file, by its name? */
export function isX12Path(path: string): boolean {
  return /\.(837|x12|edi)$/i.test(path);
}
