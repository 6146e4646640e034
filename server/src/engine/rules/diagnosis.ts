// Rule family: diagnoses (invalid-icd10, dx-pointer-out-of-range, dx-not-indicated).
import type { Claim, ServiceLine } from '../types';
import { displayIcd10 } from '../values';
import type { RuleContext } from './context';

export function checkClaimDiagnoses(claim: Claim, ctx: RuleContext): void {
  for (const dx of claim.header.dx) {
    if (!dx.valid) {
      ctx.report(
        'invalid-icd10',
        dx.range,
        `'${dx.text}' is not an ICD-10-CM code; expected a letter, two characters and up to four more, e.g. C91.00 or C9100`,
      );
    }
  }
  for (const line of claim.lines) checkLineDiagnoses(claim, line, ctx);
}

function checkLineDiagnoses(claim: Claim, line: ServiceLine, ctx: RuleContext): void {
  const count = claim.header.dx.length;
  const pointed = [];
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
      pointed.push(claim.header.dx[pointer.value - 1]);
    }
  }
  const facts = ctx.tables.drugFacts.get(line.code);
  const indications = facts?.indications;
  if (!indications || indications.length === 0 || pointed.length === 0 || line.modifiers.includes('JW')) return;
  const valid = pointed.filter((dx) => dx.valid);
  if (valid.length === 0) return;
  const supported = valid.some((dx) => indications.some((prefix) => dx.normalized.startsWith(prefix)));
  if (!supported) {
    const listed = valid.map((dx) => displayIcd10(dx.normalized)).join(', ');
    const expected = indications.map(displayIcd10).join(', ');
    ctx.report(
      'dx-not-indicated',
      line.parsed.code!.range,
      `${line.code} (${facts!.generic}): the line's diagnoses (${listed}) are not among its labelled indications (${expected})`,
    );
  }
}
