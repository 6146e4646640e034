// An 837 as claim-language text: each CLM a claim header, each SV1/SV2 a service line. What the
// claim language cannot say (envelope, payer ids, unit basis, revenue codes, NDC quantities) goes
// in comments, so checking the converted text finds what checking the 837 finds.
import type { Field, ServiceLine } from '../../types';
import { mapX12, type X12Model } from './mapper';

/** A value as one claim-language token (no blanks, no `#` starting a comment). */
function tokenOf(text: string): string {
  return text.replace(/\s+/g, '_');
}

function fieldText(fields: Field[], key: string): string | undefined {
  const value = fields.find((f) => f.key.text === key)?.value?.text;
  return value === undefined ? undefined : tokenOf(value);
}

function lineText(line: ServiceLine, model: X12Model): string {
  const parsed = line.parsed;
  const info = model.lineInfo.get(line)!;
  const parts = [[parsed.code!.text, ...parsed.modifiers.map((m) => m.text)].map(tokenOf).join('-')];
  const units = fieldText(parsed.fields, 'units');
  if (units !== undefined) parts.push(`units=${units}`);
  const dx = parsed.fields.find((f) => f.key.text === 'dx');
  if (dx) parts.push(`dx=${dx.value!.text.split(model.document.delimiters.component).map(tokenOf).join(',')}`);
  const dosField = parsed.fields.find((f) => f.key.text === 'dos');
  if (dosField) parts.push(`dos=${line.dos ?? tokenOf(dosField.value!.text)}`);
  const ndc = fieldText(parsed.fields, 'ndc');
  if (ndc !== undefined) parts.push(`ndc=${ndc}`);
  const charge = fieldText(parsed.fields, 'charge');
  if (charge !== undefined) parts.push(`charge=${charge}`);
  const notes = [`${info.segment.id}${info.lx ? ` (LX*${info.lx.elements[1]?.text ?? ''})` : ''}`];
  if (info.revenueCode) notes.push(`revenue code ${info.revenueCode}`);
  if (info.unitBasis) notes.push(`unit basis ${info.unitBasis}`);
  if (info.ndcQuantity) notes.push(`NDC quantity ${info.ndcQuantity.value} ${info.ndcQuantity.unit}`);
  // Findings on LIN/CTP elements the claim language has no field for.
  for (const issue of line.issues) if (/^(CTP|LIN)/.test(issue.message)) notes.push(`837: ${issue.message}`);
  return `  ${parts.join(' ')}  # ${notes.join(', ')}`;
}

/** The claim-language text of an 837 (payer profile ids: NM1*PR ids that name a profile). */
export function convertX12(text: string, payerIds: readonly string[] = []): string {
  const model = mapX12(text, payerIds);
  const out: string[] = [`# converted from an ${model.variant} file by claimcheck convert; comments carry what the claim language cannot express`];
  for (const issue of model.issues) out.push(`# x12-structure (837 line ${issue.range.start.line + 1}): ${issue.message}`);
  for (const claim of model.file.claims) {
    const header = claim.header;
    const info = model.claims.get(claim)!;
    const notes: string[] = [];
    if (info.filingIndicator) notes.push(`SBR09 ${info.filingIndicator}`);
    if (info.payerId) notes.push(`NM1*PR ${info.payerId}${info.payerName ? ` (${info.payerName})` : ''}`);
    if (info.facilityCode) notes.push(`CLM05-1 facility code ${info.facilityCode}`);
    if (info.totalCharge) notes.push(`CLM02 total charge ${info.totalCharge}`);
    out.push('');
    if (notes.length > 0) out.push(`# ${notes.join(', ')}`);
    const parts = ['claim', tokenOf(header.id || 'no-id')];
    const fields = header.parsed.fields;
    if (header.payer !== undefined) parts.push(`payer=${tokenOf(header.payer)}`);
    const dos = fields.find((f) => f.key.text === 'dos');
    if (dos) parts.push(`dos=${header.dos ?? tokenOf(dos.value!.text)}`);
    if (header.dx.length > 0) parts.push(`dx=${header.dx.map((d) => tokenOf(d.text)).join(',')}`);
    if (header.auth !== undefined) parts.push(`auth=${tokenOf(header.auth)}`);
    const pos = fieldText(fields, 'pos');
    if (pos !== undefined) parts.push(`pos=${pos}`);
    out.push(parts.join(' '));
    for (const line of claim.lines) out.push(lineText(line, model));
  }
  return out.join('\n') + '\n';
}
