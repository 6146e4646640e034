// Rule family: the 340B drug pricing program (missing-340b-modifier). Since 2024-01-01 a 340B
// covered entity reports a modifier on every separately payable Medicare Part B drug line it
// acquired under 340B: JG or TB in 2024, TB alone from 2025 (CMS ended JG on 2024-12-31).
import { hcpcsEntry, isDoseDrugCode } from '../drugs';
import { FQHC_RHC_POS } from '../payers';
import { appendModifier } from '../fixes/edits';
import type { Claim, Fix } from '../types';
import type { RuleContext } from './context';
import { MAX_MODIFIERS } from './modifiers';

export const MODIFIER_340B_REQUIRED_FROM = '2024-01-01';

export function checkClaim340B(claim: Claim, ctx: RuleContext): void {
  if (!ctx.options.covered340B || claim.header.payer !== 'medicare') return;
  // No 340B line modifier at an FQHC or RHC: those are not paid per drug line.
  if (claim.header.pos && FQHC_RHC_POS.includes(claim.header.pos)) return;
  for (const line of claim.lines) {
    const entry = hcpcsEntry(line, ctx.tables);
    // Separately payable: priced by the Part B payment limits (or, without them, a dose drug code).
    if (!entry || !(ctx.tables.payment.size > 0 ? ctx.tables.payment.has(entry.code) : isDoseDrugCode(entry))) continue;
    if (entry.opps === 'N') continue;
    const dos = line.dos;
    if (!dos || dos < MODIFIER_340B_REQUIRED_FROM) continue;
    const hasJG = line.modifiers.includes('JG');
    const hasTB = line.modifiers.includes('TB');
    if (hasJG || hasTB) continue;
    const jgEnd = ctx.tables.modifiers.get('JG')?.terminated;
    const wanted = jgEnd && dos > jgEnd ? 'TB' : 'JG or TB';
    // Whether the drug was bought at the 340B price is a fact the claim does not carry: offered, not preferred.
    const fixes: Fix[] = line.modifiers.length < MAX_MODIFIERS ? [{ title: 'Add TB modifier (340B-acquired drug)', edits: [appendModifier(line, 'TB')], preferred: false }] : [];
    ctx.report(
      'missing-340b-modifier',
      line.parsed.code!.range,
      `the practice is a 340B covered entity: a separately payable Part B drug line acquired under 340B carries ${wanted}${wanted === 'TB' ? ` (JG ended ${jgEnd})` : ''}; ${line.code} has neither`,
      fixes,
    );
  }
}
