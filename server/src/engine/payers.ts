// What a payer asks of drug lines, from its profile or the built-in Medicare rules: whether and
// from when JW/JZ are required, and where they do not apply. Shared by the rules and the hovers.
import type { CheckOptions, Claim } from './types';

/** JW reporting has been required since this date (Medicare). */
export const JW_REQUIRED_FROM = '2017-01-01';
/** JZ (nothing discarded) has been required since this date (Medicare Part B). */
export const JZ_REQUIRED_FROM = '2023-07-01';
/** Federally qualified health centers (50) and rural health clinics (72): paid under their own systems, not per drug line. */
export const FQHC_RHC_POS: readonly string[] = ['50', '72'];
/** Places of service where JW/JZ do not apply unless a payer profile says otherwise. */
export const JW_JZ_EXEMPT_POS = FQHC_RHC_POS;

export function payerRequiresJwJz(payer: string | undefined, options: CheckOptions): boolean {
  if (!payer) return false;
  const profile = options.payerProfiles.find((p) => p.id === payer);
  if (profile?.requiresJwJz !== undefined) return profile.requiresJwJz;
  return options.jwJzPayers.some((p) => p.toLowerCase() === payer.toLowerCase());
}

/** From when a payer requires JW and JZ: its profile's dates, else Medicare's. */
export function jwJzDates(payer: string | undefined, options: CheckOptions): { jw: string; jz: string } {
  const profile = payer ? options.payerProfiles.find((p) => p.id === payer) : undefined;
  return { jw: profile?.jwFrom ?? JW_REQUIRED_FROM, jz: profile?.jzFrom ?? JZ_REQUIRED_FROM };
}

/** The claim's place of service when JW/JZ do not apply there for its payer. */
export function jwJzExemptPos(claim: Claim, options: CheckOptions): string | undefined {
  const pos = claim.header.pos;
  if (!pos) return undefined;
  const profile = claim.header.payer ? options.payerProfiles.find((p) => p.id === claim.header.payer) : undefined;
  return (profile?.jwJzExemptPlaceOfService ?? JW_JZ_EXEMPT_POS).includes(pos) ? pos : undefined;
}
