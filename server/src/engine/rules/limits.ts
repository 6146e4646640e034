// Rule family: per-day limits and repeats (mue-exceeded, duplicate-line).
import type { Claim } from '../types';
import type { RuleContext } from './context';

export function checkClaimLimits(claim: Claim, ctx: RuleContext): void {
  const firstLine = new Map<string, number>();
  const unitsPerDay = new Map<string, number>();
  for (const line of claim.lines) {
    if (line.codeKind === 'invalid') continue;
    const day = line.dos ?? '';
    const key = `${day}|${line.code}|${[...line.modifiers].sort().join('-')}`;
    const first = firstLine.get(key);
    if (first === undefined) {
      firstLine.set(key, line.parsed.line);
    } else {
      const mods = line.modifiers.length > 0 ? `-${line.modifiers.join('-')}` : '';
      ctx.report(
        'duplicate-line',
        line.parsed.codeToken!.range,
        `${line.code}${mods} is already billed on ${ctx.lineName(first)} for ${day || 'the same date'}; combine the units on one line`,
      );
    }
    // MUE limits count every unit of the code on the day, the discarded ones included.
    const mue = ctx.tables.drugFacts.get(line.code)?.mue;
    if (mue === undefined || line.units === undefined) continue;
    const dayKey = `${day}|${line.code}`;
    const before = unitsPerDay.get(dayKey) ?? 0;
    const total = before + line.units;
    unitsPerDay.set(dayKey, total);
    if (total > mue && before <= mue) {
      ctx.report(
        'mue-exceeded',
        line.parsed.fields.find((f) => f.key.text.toLowerCase() === 'units')!.value!.range,
        `${total} units of ${line.code} on ${day || 'one day'} exceed its medically unlikely edit of ${mue} units per day`,
      );
    }
  }
}
