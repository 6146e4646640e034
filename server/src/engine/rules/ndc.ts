// Rule family: NDCs and money (ndc-code-mismatch, ndc-unknown, missing-ndc, charge-below-allowance),
// from the CMS ASP NDC–HCPCS crosswalk and payment limits (server/data/asp.json), and the bare
// vial count (`vial=2`) that only an NDC can size.
import { ndcItem, ndcProductsOf } from '../arithmetic';
import { isDoseDrugCode, isEffectiveOn } from '../drugs';
import { appendField } from '../fixes/edits';
import { formatDollars, formatLimit, lineAllowance, quarterText } from '../money';
import { fieldValue } from '../model';
import type { Claim, CodeTables, Fix, NdcProduct, ServiceLine } from '../types';
import { displayNdc, formatNumber, ndcDigits, plural } from '../values';
import { changeCodeFixes } from './codes';
import { rememberedPerTables } from '../tables';
import type { RuleContext } from './context';
import { pairJwLines } from './jwjz';

export function payerRequiresNdc(payer: string | undefined, ctx: RuleContext): boolean {
  if (!payer) return false;
  const profile = ctx.options.payerProfiles.find((p) => p.id === payer);
  if (profile?.requiresNdc !== undefined) return profile.requiresNdc;
  return ctx.options.ndcPayers.some((p) => p.toLowerCase() === payer.toLowerCase());
}

/** A separately billed drug: its code is in the crosswalk, or it has a dose in its descriptor. */
export function isNdcDrugLine(line: ServiceLine, tables: CodeTables): boolean {
  if (line.codeKind !== 'hcpcs') return false;
  if (tables.ndcByCode.has(line.code)) return true;
  const entry = tables.hcpcs.get(line.code);
  return entry !== undefined && isDoseDrugCode(entry);
}

/** "Blincyto (Amgen Inc), 35 billable units a vial". */
export function describeProduct(product: NdcProduct): string {
  return `${product.drug} (${product.labeler}), ${formatNumber(product.unitsPerItem)} billable ${product.unitsPerItem === 1 ? 'unit' : 'units'} a vial`;
}

export function checkClaimNdc(claim: Claim, ctx: RuleContext): void {
  const requires = payerRequiresNdc(claim.header.payer, ctx);
  const pairs = requires ? pairJwLines(claim) : undefined;
  for (const line of claim.lines) {
    if (line.codeKind !== 'hcpcs') continue;
    checkVialCount(line, ctx);
    if (line.ndc) checkKnownNdc(line, ctx);
    else if (requires && !fieldValue(line, 'ndc') && isNdcDrugLine(line, ctx.tables)) reportMissing(line, claim, pairs!.get(line), ctx);
    checkCharge(line, claim, ctx);
  }
}

/** `vial=2` needs the size of one vial, which only a known NDC gives. */
function checkVialCount(line: ServiceLine, ctx: RuleContext): void {
  if (line.vialCount === undefined || ndcItem(line, ctx.tables)) return;
  const token = fieldValue(line, 'vial')!;
  const example = `${line.vialCount}x100mg`;
  let why: string;
  if (!fieldValue(line, 'ndc')) why = `give the size of each (vial=${example}) or the ndc= of the vials opened, whose crosswalk row sizes them`;
  else if (!line.ndc) why = `the ndc= is not a valid NDC, so the size of its vials is not known; give the size (vial=${example})`;
  else if (!ctx.tables.ndc.has(ndcDigits(line.ndc))) why = `NDC ${displayNdc(line.ndc)} is not in the bundled crosswalk, so the size of its vials is not known; give the size (vial=${example})`;
  else why = `the crosswalk row of NDC ${displayNdc(line.ndc)} gives no size this check can use; give the size (vial=${example})`;
  ctx.report('invalid-value', token.range, `vial=${token.text} counts vials without their size: ${why}`);
}

function checkKnownNdc(line: ServiceLine, ctx: RuleContext): void {
  const quarter = ctx.tables.aspQuarter;
  if (!quarter) return; // no crosswalk loaded: NDCs are checked for their form only
  const token = fieldValue(line, 'ndc')!;
  const shown = displayNdc(line.ndc!);
  const rows = ndcProductsOf(line, ctx.tables);
  if (rows.length === 0) {
    ctx.report(
      'ndc-unknown',
      token.range,
      `NDC ${shown} is not in the CMS ASP NDC–HCPCS crosswalk for ${quarterText(quarter)} (release ${quarter.release}); check its 11 digits against the package (the crosswalk lists the NDCs of Part B drugs with a payment limit)`,
    );
    return;
  }
  const entry = ctx.tables.hcpcs.get(line.code);
  if (!entry || rows.some((row) => row.code === line.code)) return;
  const codes = [...new Set(rows.map((row) => row.code))];
  const describe = (code: string) => `${code} (${ctx.tables.hcpcs.get(code)?.short ?? rows.find((r) => r.code === code)!.dosage})`;
  const product = `NDC ${shown} is ${rows[0].drug} (${rows[0].labeler}), billed under ${codes.map(describe).join(' or ')}, not ${line.code}`;
  const dated = codes.filter((code) => {
    const other = ctx.tables.hcpcs.get(code);
    return other !== undefined && (line.dos ? isEffectiveOn(other, line.dos) : !other.terminated);
  });
  if (dated.length === 0) {
    ctx.report('ndc-code-mismatch', token.range, `${product}; none of its codes is valid on ${line.dos ?? 'this date'}: check the NDC and the code`);
    return;
  }
  ctx.report('ndc-code-mismatch', token.range, `${product}; check which was given: change the code, or the NDC to one of ${line.code}'s`, changeCodeFixes(line, dated.slice(0, 3), ctx.tables, dated.length === 1 ? dated[0] : undefined));
}

/**
 * "; the crosswalk lists 2 NDCs under J9039: …", or '' for a code the crosswalk does not list;
 * remembered per tables and code (a file's missing NDCs are mostly of a few codes).
 */
const crosswalkListing = rememberedPerTables((code, tables): string => {
  const known = tables.ndcByCode.get(code) ?? [];
  if (known.length === 0) return '';
  const shown = known.slice(0, 3).map((p) => `${p.ndc} (${p.drug}, ${formatNumber(p.unitsPerItem)} units a vial)`);
  return `; the crosswalk lists ${plural(known.length, 'NDC')} under ${code}: ${shown.join(', ')}${known.length > 3 ? ', …' : ''}`;
});

function reportMissing(line: ServiceLine, claim: Claim, administered: ServiceLine | undefined, ctx: RuleContext): void {
  const payer = claim.header.payer!;
  const known = ctx.tables.ndcByCode.get(line.code) ?? [];
  const fixes: Fix[] = [];
  const isJw = line.modifiers.includes('JW');
  const source = isJw ? administered : undefined;
  const sourceNdc = source?.ndc ? fieldValue(source, 'ndc')!.text : undefined;
  if (source && sourceNdc) {
    // The discarded drug came from the same package as the administered dose.
    fixes.push({ title: `Add ndc=${sourceNdc} (the NDC of the administered line)`, edits: [appendField(line, `ndc=${sourceNdc}`)], preferred: true });
  } else if (known.length === 1) {
    fixes.push({ title: `Add ndc=${known[0].ndc} (${known[0].drug}, the only NDC of ${line.code} in the crosswalk)`, edits: [appendField(line, `ndc=${known[0].ndc}`)], preferred: false });
  }
  const listed = crosswalkListing(line.code, ctx.tables);
  const what = isJw ? 'the discarded drug of this JW line has the NDC of its package too' : 'give the 11-digit NDC of the package used';
  ctx.report('missing-ndc', line.parsed.codeToken!.range, `${payer} requires an NDC on every drug line and ${line.code} has no ndc=: ${what}${listed}`, fixes);
}

/** Medicare pays the lower of the charge and the allowance: a charge under units × limit leaves the difference unclaimed. */
function checkCharge(line: ServiceLine, claim: Claim, ctx: RuleContext): void {
  if (claim.header.payer !== 'medicare' || line.charge === undefined) return;
  const allowance = lineAllowance(line, ctx.tables);
  if (!allowance || line.charge >= allowance.amount) return;
  const { price, units } = allowance;
  ctx.report(
    'charge-below-allowance',
    fieldValue(line, 'charge')!.range,
    `charge ${formatDollars(line.charge)} is below the Medicare Part B allowance for ${plural(units, 'unit')} of ${line.code}: ${units} × ${formatLimit(price.payment.limit)} = ${formatDollars(allowance.amount)} (ASP payment limit, ${quarterText(price.quarter)}); a charge under the allowance leaves money unclaimed`,
  );
}
