// Rule family: the drug named on the line (drug-code-mismatch).
import { codesForDrug, drugName, namesDrugOf } from '../drugs';
import type { ServiceLine } from '../types';
import { changeCodeFixes } from './codes';
import type { RuleContext } from './context';

export function checkLineDrug(line: ServiceLine, ctx: RuleContext): void {
  if (!line.drug || line.codeKind !== 'hcpcs') return;
  const entry = ctx.tables.hcpcs.get(line.code);
  if (!entry || namesDrugOf(line.drug, entry, ctx.tables)) return;
  const named = codesForDrug(line.drug, ctx.tables).filter((c) => !ctx.tables.hcpcs.get(c)?.terminated);
  if (named.length === 0) return; // a name the tables do not know: nothing to compare against
  const token = line.parsed.fields.find((f) => f.key.text.toLowerCase() === 'drug')!.value!;
  const describe = (code: string) => {
    const e = ctx.tables.hcpcs.get(code)!;
    return `${code} (${e.long})`;
  };
  const suggestions = named.slice(0, 3);
  ctx.report(
    'drug-code-mismatch',
    token.range,
    `${line.code} is ${drugName(entry, ctx.tables)}, not ${line.drug}; ${line.drug} is billed with ${suggestions.map(describe).join(' or ')}`,
    changeCodeFixes(line, suggestions, ctx.tables, true),
  );
}
