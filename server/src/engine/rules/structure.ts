// Rule family: claim structure (missing-payer, missing-dos, missing-dx, empty-claim,
// line-outside-claim, duplicate-claim-id).
import type { Claim, ParsedLine, Range, ServiceLine } from '../types';
import type { RuleContext } from './context';
import { hasField } from '../model';

function headerRange(claim: Claim): Range {
  const parsed = claim.header.parsed;
  const start = parsed.keyword!.range.start;
  const end = (parsed.claimId ?? parsed.keyword)!.range.end;
  return { start, end };
}

export function checkClaimStructure(claim: Claim, ctx: RuleContext): void {
  const header = claim.header;
  const where = `claim ${header.id || '(no id)'}`;
  if (!hasField(header.parsed, 'payer')) {
    ctx.report('missing-payer', headerRange(claim), `${where} has no payer; add payer=medicare, medicaid, commercial or a payer profile id`);
  }
  if (!hasField(header.parsed, 'dos')) {
    ctx.report('missing-dos', headerRange(claim), `${where} has no date of service; add dos=YYYY-MM-DD`);
  }
  if (!hasField(header.parsed, 'dx')) {
    ctx.report('missing-dx', headerRange(claim), `${where} has no diagnosis; add dx= with ICD-10-CM codes, primary first (e.g. dx=C91.00)`);
  }
  if (claim.lines.length === 0) {
    ctx.report('empty-claim', headerRange(claim), `${where} has no service lines`);
  }
}

/** A service line before any claim header. */
export function checkOrphanLine(line: ServiceLine, ctx: RuleContext): void {
  ctx.report(
    'line-outside-claim',
    line.parsed.codeToken!.range,
    `service line ${line.code} comes before any claim header; start a claim with 'claim <id> payer=… dos=… dx=…' above it`,
  );
}

/**
 * The one check that needs the whole file: a claim id used twice. `repeats` are the header lines
 * that reuse the id first used on line `firstLine`; each is reported.
 */
export function checkDuplicateClaimId(firstLine: number, repeats: readonly ParsedLine[], ctx: RuleContext): void {
  for (const header of repeats) {
    const idToken = header.claimId!;
    ctx.report('duplicate-claim-id', idToken.range, `claim id ${idToken.text} is already used on line ${firstLine + 1}`);
  }
}
