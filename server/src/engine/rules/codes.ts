// Rule family: codes (unknown-code, code-not-effective, lowercase-code).
import { codesForDrug } from '../drugs';
import { replaceToken } from '../fixes';
import { editDistance } from '../model';
import type { CodeTables, Fix, ServiceLine, Token } from '../types';
import type { RuleContext } from './context';

const MAX_SUGGESTIONS = 3;

/** Likely intended codes: the drug named on the line first, then codes one keystroke away. */
export function suggestCodes(code: string, drug: string | undefined, tables: CodeTables): string[] {
  const suggestions: string[] = [];
  if (drug) suggestions.push(...codesForDrug(drug, tables).filter((c) => !tables.hcpcs.get(c)?.terminated));
  if (suggestions.length < MAX_SUGGESTIONS) {
    const near: string[] = [];
    for (const candidate of tables.hcpcs.keys()) {
      if (candidate[0] === code[0] && editDistance(candidate, code) === 1 && !tables.hcpcs.get(candidate)!.terminated) {
        near.push(candidate);
      }
    }
    suggestions.push(...near.sort());
  }
  return [...new Set(suggestions)].slice(0, MAX_SUGGESTIONS);
}

export function changeCodeFixes(line: ServiceLine, codes: string[], tables: CodeTables, preferOnlyOne: boolean): Fix[] {
  return codes.map((code) => ({
    title: `Change code to ${code} (${tables.hcpcs.get(code)?.short ?? code})`,
    edits: [replaceToken(line.parsed.code!, code)],
    preferred: preferOnlyOne && codes.length === 1,
  }));
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
    const suggestions = suggestCodes(line.code, line.drug, ctx.tables);
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
    ctx.report(
      'unknown-code',
      codeToken.range,
      `${line.code} is not a HCPCS Level II code in the bundled table (${ctx.tables.release})${hint}`,
      changeCodeFixes(line, suggestions, ctx.tables, line.drug !== undefined),
    );
    return;
  }
  if (!line.dos) return;
  if (entry.added && line.dos < entry.added) {
    ctx.report('code-not-effective', codeToken.range, `${line.code} took effect on ${entry.added}, after the date of service ${line.dos}`);
  } else if (entry.terminated && line.dos > entry.terminated) {
    ctx.report('code-not-effective', codeToken.range, `${line.code} was terminated on ${entry.terminated}, before the date of service ${line.dos}`);
  }
}
