// Hover: a code's official descriptor, billing unit, drug and JW/JZ need, with the hovered
// line's arithmetic; a modifier's descriptor and use; a diagnosis code's description.
import { computeLine, describeBillingUnit } from '../arithmetic';
import type { ClaimDocument } from '../check';
import { CPT_FORM } from '../parser';
import { containerStatus, describeProducts, drugName, hcpcsEntry, isDoseDrugCode } from '../drugs';
import { billableChildren, icd10RangeCovered } from '../diagnoses';
import { JW_JZ_EXEMPT_POS, jwJzDates } from '../payers';
import { formatDollars, formatLimit, priceOf, quarterText } from '../money';
import type { CheckOptions, CodeTables, HcpcsCode, Position, Range, ServiceLine } from '../types';
import { NDC_FORM, displayIcd10, displayNdc, formatNumber, ndcDigits, normalizeIcd10, plural } from '../values';
import { contains, lineAtCursor, serviceLineAt, tokenAt } from './lookup';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: Range;
}

/** When to use the modifiers billers ask about most; others show their CMS descriptor only. */
export const MODIFIER_USE: Record<string, string> = {
  JW: 'Put the **discarded** amount of a single-dose container on its own line: `<code>-JW units=<discarded units>`, right below the administered line.',
  JZ: 'Append to the administered line when **nothing was discarded** from a single-dose container. Medicare has required it since 2023-07-01.',
  JA: 'Administered intravenously (for drugs given by more than one route, e.g. darbepoetin). Not with JB.',
  JB: 'Administered subcutaneously. Not with JA.',
  '59': 'Distinct procedural service. Medicare prefers the more specific XE, XP, XS or XU; do not combine 59 with them.',
  XE: 'Separate encounter: a subset of 59. Do not add 59 as well.',
  XP: 'Separate practitioner: a subset of 59. Do not add 59 as well.',
  XS: 'Separate organ or structure: a subset of 59. Do not add 59 as well.',
  XU: 'Unusual non-overlapping service: a subset of 59. Do not add 59 as well.',
};

const AMOUNT_KEYS = new Set(['dose', 'vial', 'waste', 'units']);

/** On dose=, vial=, waste= or units= of a service line: the arithmetic the checks use. */
function amountHover(key: string, line: ServiceLine, tables: CodeTables): string | undefined {
  const entry = hcpcsEntry(line, tables);
  if (!entry) return undefined;
  if (!entry.unit) return `**${entry.code}** has no billing unit in its descriptor${entry.noDose ? ` (${entry.noDose})` : ''}: units are not computed from the dose.`;
  const arithmetic = computeLine(line, entry, tables);
  if (!arithmetic) return undefined;
  const parts = [`**${entry.code}**: ${describeBillingUnit(entry.unit)}`];
  if (key === 'units') {
    if (line.modifiers.includes('JW')) parts.push(`JW line: bills the **discarded** amount of the line above with the same code.`);
    else if (arithmetic.administeredUnits !== undefined) {
      const billed = line.units;
      const verdict = billed === undefined ? '' : billed === arithmetic.administeredUnits ? ' — matches' : ` — billed ${plural(billed, 'unit')}`;
      parts.push(`The dose comes to **${plural(arithmetic.administeredUnits, 'unit')}**${verdict}.`);
    }
  }
  if (arithmetic.doseIncompatible) parts.push(`The dose's unit (${line.dose?.unit}) cannot convert to ${entry.unit.unit}.`);
  if (arithmetic.wasteIncompatible) parts.push(`The vial or waste unit cannot convert to ${entry.unit.unit}.`);
  if (arithmetic.vialShort) parts.push('The opened vials hold less than the dose.');
  if (arithmetic.steps.length > 0) parts.push(arithmetic.steps.map((step) => `- ${step}`).join('\n'));
  return parts.join('\n\n');
}

function payerHover(payer: string, options: CheckOptions): string {
  const profile = options.payerProfiles.find((p) => p.id === payer);
  const standard = ['medicare', 'medicaid', 'commercial'].includes(payer);
  const kind = profile ? `payer profile${profile.name ? ` "${profile.name}"` : ''} of this workspace (.claimcheck.json or claims.payerProfiles)` : standard ? 'standard payer' : 'not a known payer: medicare, medicaid, commercial or a payer profile id';
  const dates = jwJzDates(payer, options);
  const since = dates.jw === dates.jz ? ` from ${dates.jw}` : ` (JW from ${dates.jw}, JZ from ${dates.jz})`;
  const jwjz = (profile?.requiresJwJz ?? options.jwJzPayers.includes(payer)) ? `Requires JW/JZ on drugs from single-dose containers${since}.` : 'Does not require JW/JZ (claims.jwJzPayers).';
  const exempt = profile?.jwJzExemptPlaceOfService ?? JW_JZ_EXEMPT_POS;
  const places = exempt.length > 0 ? ` Not at place of service ${exempt.join(' or ')}.` : ' At every place of service.';
  const auth = profile?.priorAuthCodes?.length ? `\n\nPrior authorisation (auth=) required for: ${profile.priorAuthCodes.join(', ')}.` : '';
  const ndc = (profile?.requiresNdc ?? options.ndcPayers.includes(payer)) ? '\n\nRequires an NDC (ndc=) on every drug line, the JW line too (claims.ndcPayers).' : '';
  const b340 = options.covered340B && payer === 'medicare' ? '\n\nThe practice is a 340B covered entity: Part B drug lines carry TB (JG until 2024-12-31).' : '';
  const notes = profile?.notes ? `\n\nNotes: ${profile.notes}` : '';
  return `**${payer}** — ${kind}.\n\n${jwjz}${jwjz.startsWith('Requires') ? places : ''}${ndc}${auth}${b340}${notes}`;
}

/** What the claim's payer asks of this code: its prior authorisation, from its profile. */
function payerRulesForCode(code: string, payer: string | undefined, options: CheckOptions): string | undefined {
  const profile = payer ? options.payerProfiles.find((p) => p.id === payer) : undefined;
  if (!profile?.priorAuthCodes?.includes(code)) return undefined;
  return `Payer **${profile.name ?? profile.id}** requires prior authorisation (auth=) for ${code}.`;
}

/** A dx code: its description and whether it is billable; where the bundled ranges do not reach, say so. */
export function icd10Hover(code: string, tables: CodeTables): string {
  const normalized = normalizeIcd10(code);
  const entry = tables.icd10.get(normalized);
  const release = tables.sources.find((s) => s.id === 'icd10cm-2026')?.release ?? 'ICD-10-CM';
  if (entry?.billable) return `**${displayIcd10(entry.code)}** — ${entry.description}\n\nBillable ICD-10-CM code (${release}).`;
  if (entry) {
    const children = billableChildren(normalized, tables);
    return `**${displayIcd10(entry.code)}** — ${entry.description}\n\nA category, **not billable**: a claim carries one of its ${children.length} codes (${children.slice(0, 6).map(displayIcd10).join(', ')}${children.length > 6 ? ', …' : ''}).`;
  }
  if (icd10RangeCovered(normalized, tables)) return `**${code}** is not an ICD-10-CM code in ${release}.`;
  const ranges = tables.icd10Ranges.map(([a, b]) => `${a}–${b}`).join(', ');
  return `**${code}**: outside the ICD-10-CM ranges bundled (${ranges || 'none'}); only its form is checked.`;
}

export function codeHover(entry: HcpcsCode, tables: CodeTables, line: ServiceLine | undefined): string {
  const parts: string[] = [`**${entry.code}** — ${entry.long}`];
  const facts = tables.drugFacts.get(entry.code);
  if (entry.unit) parts.push(`Billing unit: **${describeBillingUnit(entry.unit)}** (descriptor: "${entry.unit.text}")`);
  else if (entry.noDose) parts.push(`Billing unit: none in the descriptor (${entry.noDose})`);
  if (facts || entry.drugNames.length > 0) {
    const brands = facts?.brands.length ? ` (${facts.brands.join(', ')})` : '';
    parts.push(`Drug: ${drugName(entry, tables)}${brands}`);
  }
  const container = containerStatus(entry.code, tables, line?.ndc);
  const byNdc = facts?.container === 'mixed' && container !== 'mixed' ? ` (NDC ${line!.ndc})` : '';
  if (container === 'single-dose') parts.push(`Supplied in **single-dose** containers${byNdc}: JW/JZ apply — JZ when nothing is discarded, a JW line for the discarded units.`);
  else if (container === 'multi-dose') parts.push(`Supplied in **multi-dose** containers${byNdc}: JW and JZ do not apply.`);
  else if (container === 'mixed') {
    const products = describeProducts(entry.code, tables);
    parts.push(`Supplied in **single- and multi-dose** containers${products ? ` (${products})` : ''}: the line's \`ndc=\` decides whether JW/JZ apply.`);
  } else if (entry.unit) parts.push('Container type not in the bundled drug facts: check the package before adding JW/JZ.');
  const dates = [entry.added ? `effective ${entry.added}` : '', entry.terminated ? `terminated ${entry.terminated}` : ''].filter(Boolean).join(', ');
  if (dates) parts.push(`Code ${dates}.${entry.opps ? ` OPPS status indicator ${entry.opps}.` : ''}`);
  if (line && entry.unit) {
    const arithmetic = computeLine(line, entry, tables);
    if (arithmetic && arithmetic.steps.length > 0) parts.push(`This line: ${arithmetic.steps.join('; ')}`);
  }
  if (facts?.indications?.length) parts.push(`Labelled indications (ICD-10-CM): ${facts.indications.map(displayIcd10).join(', ')}`);
  const mue = tables.mue.get(entry.code);
  if (mue) parts.push(`Medically unlikely edit: at most **${mue.value}** units ${mue.mai === 1 ? 'a line' : 'a day'} (${mue.mai ? `MAI ${mue.mai}` : 'MAI not stated'}; ${mue.table ?? mue.source}).`);
  const money = moneyHover(entry, tables, line);
  if (money) parts.push(money);
  return parts.join('\n\n');
}

/**
 * The Medicare Part B payment limit of the code for the bundled quarter and what the line's units
 * come to (a JW line too: Medicare pays for the discarded drug). A date outside the quarter gets
 * no price: the limit changes every quarter.
 */
function moneyHover(entry: HcpcsCode, tables: CodeTables, line: ServiceLine | undefined): string | undefined {
  const dos = line?.dos;
  const price = priceOf(entry.code, dos, tables);
  if (price.kind === 'no-file') return undefined;
  const quarter = quarterText(price.quarter);
  if (price.kind === 'outside-quarter') {
    return `Medicare Part B payment limit: the bundled ASP file covers ${quarter}, and this line's date of service is outside it, so no price is quoted (a limit holds for its own quarter only).`;
  }
  if (price.kind === 'no-limit') {
    if (price.payment) return `Medicare Part B payment limit (${quarter}): none given by CMS for ${entry.code}${price.payment.note ? ` (${price.payment.note})` : ''}.`;
    return tables.ndcByCode.has(entry.code) || isDoseDrugCode(entry) ? `Medicare Part B payment limit (${quarter}): ${entry.code} is not in the ASP payment file.` : undefined;
  }
  const { payment } = price;
  const lines = [`Medicare Part B payment limit (${quarter}): **${formatLimit(payment.limit)}** per unit (${payment.dosage})`];
  if (line?.units !== undefined) {
    const amount = formatDollars(line.units * payment.limit);
    const jw = line.modifiers.includes('JW') ? ' — discarded drug on a JW line is paid too' : '';
    lines.push(`This line: ${plural(line.units, 'unit')} × ${formatLimit(payment.limit)} = **${amount}**${jw}`);
  }
  return lines.join('\n\n');
}

/** On an ndc= value: the crosswalk's product, labeler, package, billable units and code(s). */
export function ndcHover(text: string, line: ServiceLine | undefined, tables: CodeTables): string | undefined {
  if (!NDC_FORM.test(text)) return `**${text}** is not an NDC in 5-4-2 form (55513-0160-01) or as 11 digits (55513016001).`;
  const quarter = tables.aspQuarter;
  if (!quarter) return `**${displayNdc(text)}**: no NDC crosswalk is bundled, so only its form is checked.`;
  const rows = tables.ndc.get(ndcDigits(text)) ?? [];
  const source = `CMS ASP NDC–HCPCS crosswalk, ${quarterText(quarter)} (release ${quarter.release})`;
  if (rows.length === 0) return `**${displayNdc(text)}** is not in the ${source}.`;
  const first = rows[0];
  const parts = [`**${first.ndc}** — ${first.drug} (${first.labeler})`];
  const size = first.packageSize !== undefined ? `, each of size ${formatNumber(first.packageSize)} (the crosswalk's package size, in the product's own measure)` : '';
  parts.push(`Package: ${plural(first.packageQuantity, 'item')} a package${size}`);
  for (const row of rows) {
    const code = tables.hcpcs.get(row.code);
    const amount = code?.unit ? ` = ${formatNumber(row.unitsPerItem * code.unit.amount)} ${code.unit.unit} a vial` : '';
    const here = line && line.code === row.code ? ' — this line’s code' : '';
    parts.push(
      `Billed under **${row.code}**${code ? ` (${code.short})` : ''}${here}: ${formatNumber(row.unitsPerItem)} billable units an item${amount}, ${formatNumber(row.unitsPerPackage)} a package (1 unit = ${row.dosage.toLowerCase()})`,
    );
  }
  if (line && line.codeKind === 'hcpcs' && !rows.some((row) => row.code === line.code)) parts.push(`This line bills **${line.code}**, not a code this NDC is listed under.`);
  parts.push(`Source: ${source}.`);
  return parts.join('\n\n');
}

export function hoverAt(document: ClaimDocument, tables: CodeTables, options: CheckOptions, position: Position): HoverResult | undefined {
  const parsed = lineAtCursor(document.lines, position);
  if (!parsed) return undefined;
  const file = document.claimsAt(position.line, options.payerProfiles.map((p) => p.id));
  if (parsed.code && contains(parsed.code.range, position)) {
    const entry = tables.hcpcs.get(parsed.code.text.toUpperCase());
    const range = parsed.code.range;
    if (CPT_FORM.test(parsed.code.text)) {
      return { contents: `**${parsed.code.text.toUpperCase()}** — CPT code. CPT descriptors are AMA-copyrighted and not bundled: only its form is checked, and no drug rules (units, JW/JZ) apply.`, range };
    }
    if (!entry) return { contents: `**${parsed.code.text}** is not in the bundled code tables (${tables.release}).`, range };
    const located = serviceLineAt(file, position.line);
    const rules = payerRulesForCode(entry.code, located?.claim?.header.payer, options);
    return { contents: codeHover(entry, tables, located?.line) + (rules ? `\n\n${rules}` : ''), range };
  }
  const modifier = tokenAt(parsed.modifiers, position);
  if (modifier) {
    const code = modifier.text.toUpperCase();
    const entry = tables.modifiers.get(code);
    const text = entry ? `**${code}** — ${entry.long}` : `**${code}** is not a modifier in the bundled tables.`;
    const use = MODIFIER_USE[code];
    return { contents: use ? `${text}\n\n${use}` : text, range: modifier.range };
  }
  for (const field of parsed.fields) {
    if (!field.value || !contains(field.value.range, position)) continue;
    const key = field.key.text.toLowerCase();
    if (parsed.kind === 'service' && AMOUNT_KEYS.has(key)) {
      const located = serviceLineAt(file, position.line);
      const text = located ? amountHover(key, located.line, tables) : undefined;
      return text ? { contents: text, range: field.value.range } : undefined;
    }
    if (parsed.kind === 'service' && key === 'ndc' && field.value.text !== '') {
      const text = ndcHover(field.value.text, serviceLineAt(file, position.line)?.line, tables);
      return text ? { contents: text, range: field.value.range } : undefined;
    }
    if (parsed.kind === 'header' && key === 'payer' && field.value.text !== '') {
      return { contents: payerHover(field.value.text.toLowerCase(), options), range: field.value.range };
    }
    if (key !== 'dx') continue;
    // A dx list on a header, or dx pointers on a service line.
    if (parsed.kind === 'header') {
      const offset = position.character - field.value.range.start.character;
      const text = field.value.text;
      const start = text.lastIndexOf(',', offset - 1) + 1;
      const endComma = text.indexOf(',', offset);
      const end = endComma < 0 ? text.length : endComma;
      const code = text.slice(start, end);
      if (!code) return undefined;
      const range = { start: { line: position.line, character: field.value.range.start.character + start }, end: { line: position.line, character: field.value.range.start.character + end } };
      return { contents: icd10Hover(code, tables), range };
    }
    const located = serviceLineAt(file, position.line);
    const pointer = located?.line.dxPointers.find((p) => contains(p.range, position));
    const dx = pointer && located?.claim?.header.dx[pointer.value - 1];
    if (pointer && dx) {
      const entry = tables.icd10.get(dx.normalized);
      return { contents: `dx ${pointer.value} → **${dx.text}**${entry ? ` — ${entry.description}` : ''}`, range: pointer.range };
    }
  }
  return undefined;
}
