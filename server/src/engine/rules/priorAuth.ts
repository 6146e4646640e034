// Rule family: prior authorisation (prior-auth-missing). Silent until a payer profile lists
// the codes it requires authorisation for.
import type { Claim } from '../types';
import type { RuleContext } from './context';

export function checkClaimPriorAuth(claim: Claim, ctx: RuleContext): void {
  if (claim.header.auth) return;
  const profile = ctx.options.payerProfiles.find((p) => p.id === claim.header.payer);
  const codes = profile?.priorAuthCodes;
  if (!codes || codes.length === 0) return;
  for (const line of claim.lines) {
    if (!codes.includes(line.code) || line.modifiers.includes('JW')) continue;
    ctx.report(
      'prior-auth-missing',
      line.parsed.codeToken!.range,
      `payer ${profile!.id} requires prior authorisation for ${line.code}, and claim ${claim.header.id} has no auth=`,
    );
  }
}
