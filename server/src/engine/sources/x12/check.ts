// Checks an 837 with the claim-language rules: the mapper builds the claim model, the rules run on
// it as on a .claim file, and their quick fixes are kept only where they are right in X12.
import { withArithmeticMemo } from '../../arithmetic';
import { checkClaim, resolveOptions, sortDiagnostics } from '../../check';
import { createContext } from '../../rules/context';
import { checkDuplicateClaimId } from '../../rules/structure';
import type { CheckOptions, ClaimDiagnostic, CodeTables, Fix, ParsedLine, Range, TextEdit } from '../../types';
import { mapX12, type X12Model } from './mapper';

function samePosition(a: Range['start'], b: Range['start']): boolean {
  return a.line === b.line && a.character === b.character;
}

type EditTarget =
  | { kind: 'append'; modifiers: number }
  | { kind: 'remove'; end: Range['end'] }
  | { kind: 'replace'; end: Range['end']; form: RegExp };

const key = (p: Range['start']) => `${p.line}:${p.character}`;

/** Where in this 837 a rule's edit may go, by its start position. */
function editTargets(model: X12Model): Map<string, EditTarget[]> {
  const targets = new Map<string, EditTarget[]>();
  const add = (at: Range['start'], target: EditTarget) => {
    const list = targets.get(key(at));
    if (list) list.push(target);
    else targets.set(key(at), [target]);
  };
  for (const line of model.lineInfo.keys()) {
    const parsed = line.parsed;
    add(parsed.codeToken!.range.end, { kind: 'append', modifiers: line.modifiers.length });
    for (const token of parsed.modifiers) {
      add({ line: token.range.start.line, character: token.range.start.character - 1 }, { kind: 'remove', end: token.range.end });
      add(token.range.start, { kind: 'replace', end: token.range.end, form: /^[A-Z0-9]{2}$/ });
    }
    add(parsed.code!.range.start, { kind: 'replace', end: parsed.code!.range.end, form: /^[A-Za-z0-9]{5}$/ });
    const units = parsed.fields.find((f) => f.key.text === 'units')?.value;
    if (units) add(units.range.start, { kind: 'replace', end: units.range.end, form: /^[0-9]+$/ });
  }
  for (const claim of model.file.claims) for (const dx of claim.header.dx) add(dx.range.start, { kind: 'replace', end: dx.range.end, form: /^[A-Za-z0-9.]+$/ });
  return targets;
}

/**
 * A rule's edit, as it must be written in this 837, or undefined when it has no X12 form (a
 * claim-language line or field). Kept: replacing a code, modifier, diagnosis or quantity with
 * letters and digits; removing a modifier with the separator before it; appending a modifier
 * (`-JZ` becomes `:JZ` after the composite's last modifier).
 */
function x12Edit(edit: TextEdit, targets: Map<string, EditTarget[]>, component: string): TextEdit | undefined {
  const end = edit.range.end;
  for (const target of targets.get(key(edit.range.start)) ?? []) {
    if (target.kind === 'append') {
      if (samePosition(edit.range.start, end) && /^-[A-Z0-9]{2}$/.test(edit.newText) && target.modifiers < 4) return { range: edit.range, newText: component + edit.newText.slice(1) };
    } else if (target.kind === 'remove') {
      if (edit.newText === '' && samePosition(end, target.end)) return edit;
    } else if (samePosition(end, target.end) && target.form.test(edit.newText)) return { range: edit.range, newText: edit.newText.replace('.', '') };
  }
  return undefined;
}

/** The fixes whose every edit has an X12 form, translated; the others are dropped. */
export function x12Fixes(fixes: Fix[], model: X12Model, targets = editTargets(model)): Fix[] {
  const kept: Fix[] = [];
  const component = model.document.delimiters.component;
  for (const fix of fixes) {
    const edits = fix.edits.map((e) => x12Edit(e, targets, component));
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
  withArithmeticMemo(() => {
    for (const claim of model.file.claims) checkClaim(claim, ctx);
  });
  const byId = new Map<string, ParsedLine[]>();
  for (const claim of model.file.claims) {
    if (!claim.header.parsed.claimId) continue;
    const list = byId.get(claim.header.id) ?? [];
    list.push(claim.header.parsed);
    byId.set(claim.header.id, list);
  }
  for (const headers of byId.values()) if (headers.length > 1) checkDuplicateClaimId(headers[0].line, headers.slice(1), ctx);
  const targets = editTargets(model);
  const diagnostics = found.map((d) => ({
    ...d,
    message: x12Message(d.message.replace(/\u0001(\d+)\u0001/g, (_, line: string) => `line ${Number(line) + 1}`)),
    fixes: d.fixes.length > 0 ? x12Fixes(d.fixes, model, targets) : d.fixes,
  }));
  return { model, diagnostics: sortDiagnostics(diagnostics) };
}

/** Every diagnostic of an 837 file, in document order: the same ClaimDiagnostic[] as checkText. */
export function checkX12(text: string, tables: CodeTables, options?: Partial<CheckOptions>): ClaimDiagnostic[] {
  return checkX12Model(text, tables, options).diagnostics;
}

/** Is this file an X12 file, by its name? */
export function isX12Path(path: string): boolean {
  return /\.(837|x12|edi)$/i.test(path);
}
