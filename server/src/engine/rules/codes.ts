// Rule family: codes (unknown-code, code-not-effective, lowercase-code).
import { codesForDrug, isEffectiveOn } from '../drugs';
import { replaceToken } from '../fixes/edits';
import { administeredUnitsUnder, typoNeighbours } from './premises';
import type { CodeTables, Fix, ServiceLine, Token } from '../types';
import type { RuleContext } from './context';

const MAX_SUGGESTIONS = 3;

/**
 * Likely intended codes: the drug named on the line first, then codes one mistyped digit away;
 * only codes valid on the date of service (when it is known).
 */
export function suggestCodes(code: string, drug: string | undefined, dos: string | undefined, tables: CodeTables): string[] {
  const valid = (candidate: string) => {
    const entry = tables.hcpcs.get(candidate);
    return entry !== undefined && (dos ? isEffectiveOn(entry, dos) : !entry.terminated);
  };
  const suggestions = drug ? codesForDrug(drug, tables).filter(valid) : [];
  if (suggestions.length < MAX_SUGGESTIONS) suggestions.push(...typoNeighbours(code, tables).filter(valid));
  return [...new Set(suggestions)].slice(0, MAX_SUGGESTIONS);
}

/**
 * "Change code to …" fixes. One is preferred only when it is the single code the line's drug
 * names, it is valid on the line's date, and the billed units are what the dose comes to under
 * it: then the biller's units were computed for that drug, and the change bills nothing new.
 */
export function changeCodeFixes(line: ServiceLine, codes: string[], tables: CodeTables, fromDrugName: boolean): Fix[] {
  return codes.map((code) => {
    const entry = tables.hcpcs.get(code);
    const unitsFit = entry !== undefined && line.units !== undefined && administeredUnitsUnder(line, entry, tables) === line.units;
    const dated = entry !== undefined && line.dos !== undefined && isEffectiveOn(entry, line.dos);
    return {
      title: `Change code to ${code} (${entry?.short ?? code})`,
      edits: [replaceToken(line.parsed.code!, code)],
      preferred: fromDrugName && codes.length === 1 && unitsFit && dated,
    };
  });
}

function checkLowercase(token: Token, what: string, ctx: RuleContext): void {
  if (token.text === token.text.toUpperCase()) return;
  const upper = token.text.toUpperCase();
  ctx.report('lowercase-code', token.range, `${what} '${token.text}' is written in lower case; the canonical form is ${upper}`, [
    { title: 'Use upper case', edits: [replaceToken(token, upper)], preferred: true },
  ]);
}

export function checkLineCode(line: ServiceLine, ctx: RuleContext): void {
  const codeToken = line.parsed.code!;
  if (line.codeKind !== 'invalid') checkLowercase(codeToken, 'code', ctx);
  line.parsed.modifiers.forEach((token) => checkLowercase(token, 'modifier', ctx));
  if (line.codeKind !== 'hcpcs') return; // CPT: only its form is checked (descriptors are not bundled)
  const entry = ctx.tables.hcpcs.get(line.code);
  if (!entry) {
    const suggestions = suggestCodes(line.code, line.drug, line.dos, ctx.tables);
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
    ctx.report(
      'unknown-code',
      codeToken.range,
      `${line.code} is not a HCPCS Level II code in the bundled table (${ctx.tables.release})${hint}`,
      changeCodeFixes(line, suggestions, ctx.tables, line.drug !== undefined),
    );
    return;
  }
  if (!line.dos || isEffectiveOn(entry, line.dos)) return;
  if (entry.added && line.dos < entry.added) {
    ctx.report('code-not-effective', codeToken.range, `${line.code} took effect on ${entry.added}, after the date of service ${line.dos}`);
  } else if (entry.terminated) {
    ctx.report('code-not-effective', codeToken.range, `${line.code} was terminated on ${entry.terminated}, before the date of service ${line.dos}`);
  }
}
