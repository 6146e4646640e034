// Rule family: diagnoses (invalid-icd10, dx-not-billable, dx-pointer-out-of-range, dx-not-indicated).
import { billableChildren, icd10RangeCovered } from '../diagnoses';
import type { Claim, DxEntry, Fix, ServiceLine } from '../types';
import { displayIcd10 } from '../values';
import type { RuleContext } from './context';

/** Billable codes offered for a header: enough to choose from, few enough to read. */
const MAX_CHILD_FIXES = 8;

export function checkClaimDiagnoses(claim: Claim, ctx: RuleContext): void {
  for (const dx of claim.header.dx) {
    if (!dx.valid) {
      ctx.report(
        'invalid-icd10',
        dx.range,
        `'${dx.text}' is not an ICD-10-CM code; expected a letter, two characters and up to four more, e.g. C91.00 or C9100`,
      );
    } else checkDxInTable(dx, ctx);
  }
  for (const line of claim.lines) checkLineDiagnoses(claim, line, ctx);
}

function checkDxInTable(dx: DxEntry, ctx: RuleContext): void {
  const { tables } = ctx;
  const entry = tables.icd10.get(dx.normalized);
  const written = (code: string) => (dx.text.includes('.') ? displayIcd10(code) : code);
  if (entry && !entry.billable) {
    const children = billableChildren(dx.normalized, tables);
    const shown = children.slice(0, MAX_CHILD_FIXES);
    const more = children.length > shown.length ? ` and ${children.length - shown.length} more` : '';
    // Choosing the diagnosis is clinical: the fixes are offered, none is preferred.
    const fixes: Fix[] = shown.map((code) => ({ title: `Change to ${written(code)} (${tables.icd10.get(code)!.description})`, edits: [{ range: dx.range, newText: written(code) }], preferred: false }));
    ctx.report(
      'dx-not-billable',
      dx.range,
      `${displayIcd10(dx.normalized)} (${entry.description}) is a category, not a billable code: claims must carry one of its ${children.length} codes${children.length > 0 ? ` (${shown.map(displayIcd10).join(', ')}${more})` : ''}`,
      fixes,
    );
    return;
  }
  if (!entry && tables.icd10.size > 0 && icd10RangeCovered(dx.normalized, tables)) {
    const release = tables.sources.find((s) => s.id === 'icd10cm-2026')?.release ?? 'the bundled release';
    let parent = dx.normalized.slice(0, -1);
    while (parent.length > 3 && !tables.icd10.has(parent)) parent = parent.slice(0, -1);
    const near = tables.icd10.get(parent);
    const hint = near ? `; ${displayIcd10(parent)} is ${near.billable ? 'a billable code' : `a category whose codes start ${displayIcd10(parent)}`}` : '';
    ctx.report('invalid-icd10', dx.range, `${displayIcd10(dx.normalized)} is not an ICD-10-CM code in ${release}${hint}`);
  }
}

function checkLineDiagnoses(claim: Claim, line: ServiceLine, ctx: RuleContext): void {
  const dx = claim.header.dx;
  const count = dx.length;
  let pointsInRange = false;
  for (const pointer of line.dxPointers) {
    if (pointer.value > count) {
      // With no dx at all, missing-dx already says so on the header.
      if (count > 0) {
        ctx.report(
          'dx-pointer-out-of-range',
          pointer.range,
          `dx pointer ${pointer.value} points past the claim's ${count} diagnos${count === 1 ? 'is' : 'es'}`,
        );
      }
    } else {
      pointsInRange = true;
    }
  }
  const facts = ctx.tables.drugFacts.get(line.code);
  const indications = facts?.indications;
  if (!indications || indications.length === 0 || !pointsInRange || line.modifiers.includes('JW')) return;
  // The valid diagnoses the line points at (no list made unless it is reported).
  let anyValid = false;
  for (const pointer of line.dxPointers) {
    const entry = pointer.value <= count ? dx[pointer.value - 1] : undefined;
    if (!entry?.valid) continue;
    anyValid = true;
    if (isIndicated(entry.normalized, indications)) return;
  }
  if (!anyValid) return;
  const listed = line.dxPointers
    .filter((pointer) => pointer.value <= count && dx[pointer.value - 1].valid)
    .map((pointer) => displayIcd10(dx[pointer.value - 1].normalized))
    .join(', ');
  const expected = indications.map(displayIcd10).join(', ');
  ctx.report(
    'dx-not-indicated',
    line.parsed.code!.range,
    `${line.code} (${facts!.generic}): the line's diagnoses (${listed}) are not among its labelled indications (${expected})`,
  );
}

function isIndicated(normalized: string, indications: readonly string[]): boolean {
  for (const prefix of indications) if (normalized.startsWith(prefix)) return true;
  return false;
}
