// Rule family: per-day limits and repeats (mue-exceeded, duplicate-line).
import type { Claim, MueLimit } from '../types';

/** "MAI 3, CMS practitioner MUE table 2026-01" / "MAI not stated, Noridian JF Part B". */
function mueSource(mue: MueLimit): string {
  const mai = mue.mai === undefined ? 'MAI not stated, counted per day' : `MAI ${mue.mai}`;
  return [mai, mue.table, mue.release].filter(Boolean).join(', ');
}
import type { RuleContext } from './context';

export function checkClaimLimits(claim: Claim, ctx: RuleContext): void {
  const firstLine = new Map<string, number>();
  const unitsPerDay = new Map<string, number>();
  for (const line of claim.lines) {
    if (line.codeKind === 'invalid') continue;
    const day = line.dos ?? '';
    const codeModifiers = line.modifiers;
    const key = `${day}|${line.code}|${codeModifiers.length <= 1 ? (codeModifiers[0] ?? '') : [...codeModifiers].sort().join('-')}`;
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
    const mue = ctx.tables.mue.get(line.code);
    if (mue === undefined || line.units === undefined) continue;
    const unitsRange = line.parsed.fields.find((f) => f.key.text.toLowerCase() === 'units')!.value!.range;
    const source = mueSource(mue);
    if (mue.mai === 1) {
      // MAI 1: a claim-line edit; units above it go on another line with a modifier.
      if (line.units > mue.value) ctx.report('mue-exceeded', unitsRange, `${line.units} units of ${line.code} on one line exceed its medically unlikely edit of ${mue.value} units per line (MAI 1, ${source})`);
      continue;
    }
    // MAI 2 and 3 (and an MAI the source does not state) are date-of-service edits: every unit of
    // the code on the day counts, the discarded ones on JW lines included.
    const dayKey = `${day}|${line.code}`;
    const before = unitsPerDay.get(dayKey) ?? 0;
    const total = before + line.units;
    unitsPerDay.set(dayKey, total);
    if (total > mue.value && before <= mue.value) {
      const across = before > 0 ? ' across the claim\'s lines' : '';
      ctx.report('mue-exceeded', unitsRange, `${total} units of ${line.code} on ${day || 'one day'}${across} exceed its medically unlikely edit of ${mue.value} units per day (${source})`);
    }
  }
}
