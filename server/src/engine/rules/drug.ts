// Rule family: the drug named on the line (drug-code-mismatch, unknown-drug).
import { closestDrugNames, codesForDrug, drugName, exactMatchesFirst, hcpcsEntry, isEffectiveOn, namesDrugOf } from '../drugs';
import { replaceToken } from '../fixes/edits';
import type { Fix, HcpcsCode, ServiceLine, Token } from '../types';
import { fieldValue } from '../model';
import { DRUG_NAME_FORM } from '../values';
import { changeCodeFixes, singleExactMatch } from './codes';
import type { RuleContext } from './context';

export function checkLineDrug(line: ServiceLine, ctx: RuleContext): void {
  if (!line.drug) return;
  const named = codesForDrug(line.drug, ctx.tables);
  const entry = hcpcsEntry(line, ctx.tables);
  if (named.length === 0) {
    checkUnknownDrug(line, fieldValue(line, 'drug')!, entry, ctx);
    return;
  }
  if (!entry || namesDrugOf(line.drug, entry, ctx.tables)) return;
  // The drug= value token is made only for a line that is reported (parsed lines make tokens when asked).
  const token = fieldValue(line, 'drug')!;
  // The drug alone first (nivolumab: J9299 before J9289 with hyaluronidase and J9298 with relatlimab).
  const dated = exactMatchesFirst(line.drug, named, ctx.tables).filter((code) => {
    const other = ctx.tables.hcpcs.get(code)!;
    return line.dos ? isEffectiveOn(other, line.dos) : !other.terminated;
  });
  const describe = (code: string) => `${code} (${ctx.tables.hcpcs.get(code)!.long})`;
  const mismatch = `${line.code} is ${drugName(entry, ctx.tables)}, not ${line.drug}`;
  if (dated.length === 0) {
    // No code of that drug is valid on the date: say when its codes were, and change nothing.
    const spans = named.slice(0, 3).map((code) => `${describe(code)}, valid ${validity(ctx.tables.hcpcs.get(code)!)}`);
    ctx.report('drug-code-mismatch', token.range, `${mismatch}; ${line.drug}'s codes are not valid on ${line.dos ?? 'this date'}: ${spans.join('; ')}`);
    return;
  }
  const suggestions = dated.slice(0, 3);
  ctx.report(
    'drug-code-mismatch',
    token.range,
    `${mismatch}; ${line.drug} is billed with ${suggestions.map(describe).join(' or ')}`,
    changeCodeFixes(line, suggestions, ctx.tables, suggestions.length === 1 ? suggestions[0] : singleExactMatch(line.drug, suggestions, ctx.tables)),
  );
}

function validity(code: HcpcsCode): string {
  if (code.added && code.terminated) return `from ${code.added} to ${code.terminated}`;
  if (code.terminated) return `until ${code.terminated}`;
  return `from ${code.added ?? 'its creation'}`;
}

/**
 * `drug=xyzzy`: a name no code's drug or brand starts with. Did-you-mean: the closest drug names
 * of the tables (a typo away); failing those, the drug of the line's code. A suggestion that is
 * the drug of the line's code agrees with the code, so changing to it is preferred.
 */
function checkUnknownDrug(line: ServiceLine, token: Token, entry: HcpcsCode | undefined, ctx: RuleContext): void {
  const ownDrug = entry && (entry.drugNames.length > 0 || ctx.tables.drugFacts.has(entry.code)) ? drugName(entry, ctx.tables) : undefined;
  // Only names a drug= value can hold (letters and hyphens) are offered.
  const writable = (name: string) => DRUG_NAME_FORM.test(name.replace(/ /g, '-'));
  const close = closestDrugNames(line.drug!, ctx.tables, 6).filter(writable).slice(0, 3);
  const suggestions = close.length > 0 ? close : ownDrug && writable(ownDrug) ? [ownDrug] : [];
  const names = (name: string) => entry !== undefined && namesDrugOf(name, entry, ctx.tables);
  // The code's own drug first when it is among the close names.
  suggestions.sort((a, b) => Number(names(b)) - Number(names(a)));
  const hint =
    close.length > 0
      ? `; did you mean ${suggestions.join(', ')}?`
      : ownDrug
        ? `; ${line.code} is ${ownDrug}`
        : '';
  const fixes: Fix[] = suggestions.map((name) => ({
    title: `Change drug to ${name}`,
    edits: [replaceToken(token, name.replace(/ /g, '-'))],
    preferred: close.length > 0 && name === suggestions[0] && names(name),
  }));
  ctx.report('unknown-drug', token.range, `drug '${line.drug}' is not a drug name (generic or brand) in the bundled tables${hint}`, fixes);
}
