// Rule family: the drug named on the line (drug-code-mismatch).
import { codesForDrug, drugName, isEffectiveOn, namesDrugOf } from '../drugs';
import type { HcpcsCode, ServiceLine } from '../types';
import { changeCodeFixes } from './codes';
import type { RuleContext } from './context';

export function checkLineDrug(line: ServiceLine, ctx: RuleContext): void {
  if (!line.drug || line.codeKind !== 'hcpcs') return;
  const entry = ctx.tables.hcpcs.get(line.code);
  if (!entry || namesDrugOf(line.drug, entry, ctx.tables)) return;
  const named = codesForDrug(line.drug, ctx.tables);
  if (named.length === 0) return; // a name the tables do not know: nothing to compare against
  const token = line.parsed.fields.find((f) => f.key.text.toLowerCase() === 'drug')!.value!;
  const dated = named.filter((code) => {
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
    changeCodeFixes(line, suggestions, ctx.tables, true),
  );
}

function validity(code: HcpcsCode): string {
  if (code.added && code.terminated) return `from ${code.added} to ${code.terminated}`;
  if (code.terminated) return `until ${code.terminated}`;
  return `from ${code.added ?? 'its creation'}`;
}
