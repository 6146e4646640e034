// Rule family: modifiers (unknown-modifier, too-many-modifiers, duplicate-modifier, modifier-conflict).
import { typoDistance } from '../drugs';
import { removeModifier, replaceToken } from '../fixes/edits';
import { CPT_MODIFIER_FORM } from '../values';
import type { CodeTables, Fix, ServiceLine, Token } from '../types';
import type { RuleContext } from './context';

export const MAX_MODIFIERS = 4;
const X_MODIFIERS = ['XE', 'XS', 'XP', 'XU'];

export function checkLineModifiers(line: ServiceLine, ctx: RuleContext): void {
  if (line.modifiers.length === 0) return;
  const modifiers = line.modifiers;
  for (let index = 0; index < modifiers.length; index++) {
    const modifier = modifiers[index];
    if (index >= MAX_MODIFIERS) {
      const token = line.parsed.modifiers[index];
      ctx.report('too-many-modifiers', token.range, `a line takes at most ${MAX_MODIFIERS} modifiers; ${modifier} is number ${index + 1}`);
    }
    if (modifiers.indexOf(modifier) < index) {
      ctx.report('duplicate-modifier', line.parsed.modifiers[index].range, `modifier ${modifier} is already on this line`);
      continue;
    }
    const entry = ctx.tables.modifiers.get(modifier);
    // Without the CPT modifier table a CPT modifier is not checked, rather than falsely unknown.
    if (!entry && ctx.tables.cptModifiersMissing && CPT_MODIFIER_FORM.test(modifier)) continue;
    if (!entry) {
      const token = line.parsed.modifiers[index];
      const suggestions = suggestModifiers(modifier, line.dos, ctx.tables);
      const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
      ctx.report(
        'unknown-modifier',
        token.range,
        `${modifier} is not a HCPCS modifier in the bundled table (${ctx.tables.release})${hint}`,
        suggestions.map((s) => changeModifierFix(token, modifier, s)),
      );
    } else if (entry.added && line.dos && line.dos < entry.added) {
      ctx.report('unknown-modifier', line.parsed.modifiers[index].range, `modifier ${modifier} took effect on ${entry.added}, after the date of service ${line.dos}`);
    } else if (entry.terminated && line.dos && line.dos > entry.terminated) {
      ctx.report('unknown-modifier', line.parsed.modifiers[index].range, `modifier ${modifier} was terminated on ${entry.terminated}, before the date of service ${line.dos}`);
    }
  }
  // Modifier tokens are made only for a line that reports one (most lines report none).
  if (modifiers.includes('JA') && modifiers.includes('JB')) {
    const token = line.parsed.modifiers[modifiers.indexOf('JB')];
    ctx.report('modifier-conflict', token.range, 'JA (administered intravenously) and JB (administered subcutaneously) contradict each other on one line');
  }
  if (modifiers.includes('JG') && modifiers.includes('TB')) {
    const token = line.parsed.modifiers[modifiers.indexOf('TB')];
    ctx.report('modifier-conflict', token.range, 'JG and TB both report a 340B-acquired drug; use one (TB from 2025, when JG ended)');
  }
  const xModifier = modifiers.includes('59') ? X_MODIFIERS.find((m) => modifiers.includes(m)) : undefined;
  if (xModifier) {
    const token = line.parsed.modifiers[modifiers.indexOf('59')];
    const edits = removeModifier(line, '59');
    ctx.report(
      'modifier-conflict',
      token.range,
      `59 and ${xModifier} both mark a distinct service; use the more specific ${xModifier} alone`,
      [{ title: 'Remove 59', edits, preferred: true }],
    );
  }
}

const MAX_MODIFIER_SUGGESTIONS = 3;

/** Is `b` `a` with two neighbouring characters swapped (ZJ → JZ)? */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const differ = [...a].map((c, i) => (c === b[i] ? -1 : i)).filter((i) => i >= 0);
  return differ.length === 2 && differ[1] === differ[0] + 1 && a[differ[0]] === b[differ[1]] && a[differ[1]] === b[differ[0]];
}

/**
 * Modifiers one typo from `modifier` (a swap of two characters, a wrong, missing or extra one),
 * valid on the date of service: swaps first (ZJ → JZ), then alphabetically.
 */
export function suggestModifiers(modifier: string, dos: string | undefined, tables: CodeTables): string[] {
  const found: string[] = [];
  for (const [code, entry] of tables.modifiers) {
    if (dos && ((entry.added && dos < entry.added) || (entry.terminated && dos > entry.terminated))) continue;
    if (typoDistance(modifier, code) === 1) found.push(code);
  }
  return found.sort((a, b) => Number(isSwap(modifier, b)) - Number(isSwap(modifier, a)) || (a < b ? -1 : 1)).slice(0, MAX_MODIFIER_SUGGESTIONS);
}

/**
 * "Change modifier to JZ". Preferred only for a swap of two characters (the likeliest slip), and
 * never to JW: JW makes the line's units the discarded drug, a different bill.
 */
function changeModifierFix(token: Token, written: string, suggestion: string): Fix {
  return {
    title: `Change modifier to ${suggestion}`,
    edits: [replaceToken(token, suggestion)],
    preferred: isSwap(written, suggestion) && suggestion !== 'JW',
  };
}
