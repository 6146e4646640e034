// Rule family: codes (unknown-code, code-not-effective, lowercase-code).
import { codesForDrug, drugName, exactMatchesFirst, isEffectiveOn, isExactSingleIngredient } from '../drugs';
import { replaceToken } from '../fixes/edits';
import { administeredUnitsUnder, typoNeighbours } from './premises';
import { FlatLine } from '../parser';
import type { CodeTables, Fix, HcpcsCode, ParsedLine, ServiceLine, Token } from '../types';
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
  const suggestions = drug ? exactMatchesFirst(drug, codesForDrug(drug, tables).filter(valid), tables) : [];
  if (suggestions.length < MAX_SUGGESTIONS) suggestions.push(...typoNeighbours(code, tables).filter(valid));
  return [...new Set(suggestions)].slice(0, MAX_SUGGESTIONS);
}

/**
 * "Change code to …" fixes. Only `preferredCode` may be preferred, and only when it is valid on
 * the line's date and the billed units are what the dose comes to under it: then the biller's
 * units were computed for that drug, and the change bills nothing new. (The safety gate still
 * has the last word: a preferred fix that adds a finding is offered, not applied.)
 */
export function changeCodeFixes(line: ServiceLine, codes: string[], tables: CodeTables, preferredCode: string | undefined): Fix[] {
  return codes.map((code) => {
    const entry = tables.hcpcs.get(code);
    const unitsFit = entry !== undefined && line.units !== undefined && administeredUnitsUnder(line, entry, tables) === line.units;
    const dated = entry !== undefined && line.dos !== undefined && isEffectiveOn(entry, line.dos);
    return {
      title: `Change code to ${code} (${entry?.short ?? code})`,
      edits: [replaceToken(line.parsed.code!, code)],
      preferred: code === preferredCode && unitsFit && dated,
    };
  });
}

/**
 * The one code among `codes` that is `name` alone (exact single-ingredient match), when there is
 * exactly one: the code a fix may prefer for a drug name.
 */
export function singleExactMatch(name: string, codes: string[], tables: CodeTables): string | undefined {
  const exact = codes.filter((code) => isExactSingleIngredient(name, tables.hcpcs.get(code)!, tables));
  return exact.length === 1 ? exact[0] : undefined;
}

/** The current codes for a terminated code's drug on `dos`: exact single-ingredient matches, other than itself. */
export function replacementCodes(entry: HcpcsCode, dos: string, tables: CodeTables): string[] {
  const name = drugName(entry, tables);
  return codesForDrug(name, tables).filter((code) => {
    const other = tables.hcpcs.get(code)!;
    return code !== entry.code && isEffectiveOn(other, dos) && isExactSingleIngredient(name, other, tables);
  });
}

function checkLowercase(token: Token, what: string, ctx: RuleContext): void {
  if (token.text === token.text.toUpperCase()) return;
  const upper = token.text.toUpperCase();
  ctx.report('lowercase-code', token.range, `${what} '${token.text}' is written in lower case; the canonical form is ${upper}`, [
    { title: 'Use upper case', edits: [replaceToken(token, upper)], preferred: true },
  ]);
}

/** Is the code token (code and modifiers) written with a letter toUpperCase would change? */
function codeTokenHasLowerCase(parsed: ParsedLine): boolean {
  if (!(parsed instanceof FlatLine)) return parsed.codeToken!.text !== parsed.codeToken!.text.toUpperCase();
  const text = parsed.text;
  for (let i = parsed.tok(0), end = parsed.tok(1); i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || c > 127) return true;
  }
  return false;
}

export function checkLineCode(line: ServiceLine, ctx: RuleContext): void {
  const parsed = line.parsed;
  // Tokens are made only for a code token written with a lower-case letter (a few lines in a file).
  if (codeTokenHasLowerCase(parsed)) {
    if (line.codeKind !== 'invalid') checkLowercase(parsed.code!, 'code', ctx);
    for (const token of parsed.modifiers) checkLowercase(token, 'modifier', ctx);
  }
  if (line.codeKind !== 'hcpcs') return; // CPT: only its form is checked (descriptors are not bundled)
  const entry = ctx.tables.hcpcs.get(line.code);
  if (!entry) {
    const suggestions = suggestCodes(line.code, line.drug, line.dos, ctx.tables);
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
    ctx.report(
      'unknown-code',
      parsed.code!.range,
      `${line.code} is not a HCPCS Level II code in the bundled table (${ctx.tables.release})${hint}`,
      changeCodeFixes(line, suggestions, ctx.tables, line.drug !== undefined && suggestions.length === 1 ? suggestions[0] : undefined),
    );
    return;
  }
  if (!line.dos || isEffectiveOn(entry, line.dos)) return;
  if (entry.added && line.dos < entry.added) {
    ctx.report('code-not-effective', parsed.code!.range, `${line.code} took effect on ${entry.added}, after the date of service ${line.dos}`);
  } else if (entry.terminated) {
    // Name the current code for the same drug (J9310 rituximab 100 mg → J9312 rituximab 10 mg).
    const current = replacementCodes(entry, line.dos, ctx.tables).slice(0, MAX_SUGGESTIONS);
    const named = current.map((code) => `${code} (${ctx.tables.hcpcs.get(code)!.long})`).join(' or ');
    const hint = current.length > 0 ? `; ${drugName(entry, ctx.tables)} is billed with ${named} on that date` : '';
    ctx.report(
      'code-not-effective',
      parsed.code!.range,
      `${line.code} was terminated on ${entry.terminated}, before the date of service ${line.dos}${hint}`,
      changeCodeFixes(line, current, ctx.tables, current.length === 1 ? current[0] : undefined),
    );
  }
}
