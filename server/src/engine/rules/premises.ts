// What a fix assumes. Arithmetic fixes (set units, add a JW line, replace JZ) take the line's
// code as the drug given; when the line itself says otherwise, none of them is preferred, so
// fix-all never bills units or waste of a drug that may not have been given.
import { computeLine, ndcProductsOf } from '../arithmetic';
import { codesForDrug, isEffectiveOn, namesDrugOf } from '../drugs';
import { rememberedPerTables } from '../tables';
import type { CodeTables, HcpcsCode, ServiceLine } from '../types';
import type { RuleContext } from './context';

/**
 * Codes one mistyped digit away from `code` (same letter), in order; remembered per tables and
 * code (rules ask on every units mismatch). The list is shared: do not change it.
 */
export const typoNeighbours = rememberedPerTables(searchNeighbours);

function searchNeighbours(code: string, tables: CodeTables): string[] {
  const found: string[] = [];
  for (let position = 1; position < code.length; position++) {
    for (let digit = 0; digit <= 9; digit++) {
      const candidate = code.slice(0, position) + digit + code.slice(position + 1);
      if (candidate !== code && tables.hcpcs.has(candidate)) found.push(candidate);
    }
  }
  return found.sort();
}

/** Units the line's dose comes to under `entry`, when it has a dose that converts. */
export function administeredUnitsUnder(line: ServiceLine, entry: HcpcsCode, tables: CodeTables): number | undefined {
  return line.dose ? computeLine(line, entry, tables)?.administeredUnits : undefined;
}

/**
 * Why the line's code may not be the drug given, or undefined when nothing on the line
 * doubts it: `drug=` names another drug, the code is not effective on the date, or the billed
 * units are wrong for this code but exactly right for a code one digit away.
 */
export function doubtAboutCode(line: ServiceLine, entry: HcpcsCode, ctx: RuleContext): string | undefined {
  if (line.drug && !namesDrugOf(line.drug, entry, ctx.tables) && codesForDrug(line.drug, ctx.tables).length > 0) {
    return `drug=${line.drug} names another drug than ${line.code}`;
  }
  if (line.dos && !isEffectiveOn(entry, line.dos)) return `${line.code} is not effective on ${line.dos}`;
  const ndcRows = line.ndc ? ndcProductsOf(line, ctx.tables) : [];
  if (ndcRows.length > 0 && !ndcRows.some((row) => row.code === line.code)) return `ndc=${line.ndc} is billed under ${ndcRows[0].code}, not ${line.code}`;
  const fitting = unitsFitAnotherCode(line, entry, ctx);
  if (fitting) return `the billed units fit ${fitting}, one digit away from ${line.code}`;
  return undefined;
}

/**
 * A code one digit away under which the billed units are exactly the dose. Its dates do not
 * matter: a biller who mistypes a code they still use after it ended (J9037 → J9038) has not
 * billed the drug of the code they typed either.
 */
export function unitsFitAnotherCode(line: ServiceLine, entry: HcpcsCode, ctx: RuleContext): string | undefined {
  if (line.units === undefined || !line.dose || line.modifiers.includes('JW')) return undefined;
  if (administeredUnitsUnder(line, entry, ctx.tables) === line.units) return undefined;
  return typoNeighbours(line.code, ctx.tables).find((code) => {
    const other = ctx.tables.hcpcs.get(code)!;
    return administeredUnitsUnder(line, other, ctx.tables) === line.units;
  });
}
