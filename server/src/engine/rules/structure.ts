// Rule family: claim structure (missing-payer, missing-dos, missing-dx, empty-claim,
// line-outside-claim, duplicate-claim-id).
import type { Claim, ClaimFile, Range } from '../types';
import type { RuleContext } from './context';

function headerRange(claim: Claim): Range {
  const parsed = claim.header.parsed;
  const start = parsed.keyword!.range.start;
  const end = (parsed.claimId ?? parsed.keyword)!.range.end;
  return { start, end };
}

export function checkClaimStructure(claim: Claim, ctx: RuleContext): void {
  const header = claim.header;
  const keys = new Set(header.parsed.fields.map((f) => f.key.text.toLowerCase()));
  const where = `claim ${header.id || '(no id)'}`;
  if (!keys.has('payer')) {
    ctx.report('missing-payer', headerRange(claim), `${where} has no payer; add payer=medicare, medicaid, commercial or a payer profile id`);
  }
  if (!keys.has('dos')) {
    ctx.report('missing-dos', headerRange(claim), `${where} has no date of service; add dos=YYYY-MM-DD`);
  }
  if (!keys.has('dx')) {
    ctx.report('missing-dx', headerRange(claim), `${where} has no diagnosis; add dx= with ICD-10-CM codes, primary first (e.g. dx=C91.00)`);
  }
  if (claim.lines.length === 0) {
    ctx.report('empty-claim', headerRange(claim), `${where} has no service lines`);
  }
}

/** Checks that need the whole file: orphan lines and repeated claim ids. */
export function checkFileStructure(file: ClaimFile, ctx: RuleContext): void {
  for (const line of file.orphanLines) {
    ctx.report(
      'line-outside-claim',
      line.parsed.codeToken!.range,
      `service line ${line.code} comes before any claim header; start a claim with 'claim <id> payer=… dos=… dx=…' above it`,
    );
  }
  const firstLineOfId = new Map<string, number>();
  for (const claim of file.claims) {
    const idToken = claim.header.parsed.claimId;
    if (!idToken) continue;
    const first = firstLineOfId.get(idToken.text);
    if (first === undefined) {
      firstLineOfId.set(idToken.text, idToken.range.start.line);
    } else {
      ctx.report('duplicate-claim-id', idToken.range, `claim id ${idToken.text} is already used on line ${first + 1}`);
    }
  }
}
