// Rule family: per-day limits and repeats (mue-exceeded, duplicate-line).
import type { Claim, MueLimit, ServiceLine } from '../types';

/** "MAI 3, CMS practitioner MUE table 2026-01" / "MAI not stated, Noridian JF Part B". */
function mueSource(mue: MueLimit): string {
  const mai = mue.mai === undefined ? 'MAI not stated, counted per day' : `MAI ${mue.mai}`;
  return [mai, mue.table, mue.release].filter(Boolean).join(', ');
}
import type { RuleContext } from './context';

/** Same modifiers, in any order (a line holds at most a few: no sorted copies). */
function sameModifiers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length <= 1) return a.length === 0 || a[0] === b[0];
  for (const modifier of a) {
    let inA = 0;
    let inB = 0;
    for (const m of a) if (m === modifier) inA++;
    for (const m of b) if (m === modifier) inB++;
    if (inA !== inB) return false;
  }
  return true;
}

/** The lines of one code on one day, so far: the first line of each set of modifiers, and their units. */
interface DayGroup {
  code: string;
  day: string;
  units: number;
  firsts: ServiceLine[];
}

/** Claims longer than this find their groups by key; shorter ones look through a short list, no strings made. */
const SCAN_LIMIT = 32;

export function checkClaimLimits(claim: Claim, ctx: RuleContext): void {
  const lines = claim.lines;
  const groups: DayGroup[] = [];
  const byKey = lines.length > SCAN_LIMIT ? new Map<string, DayGroup>() : undefined;
  const groupOf = (code: string, day: string): DayGroup => {
    let group: DayGroup | undefined;
    if (byKey) group = byKey.get(`${day}|${code}`);
    else for (let i = 0; i < groups.length && !group; i++) if (groups[i].code === code && groups[i].day === day) group = groups[i];
    if (!group) {
      group = { code, day, units: 0, firsts: [] };
      groups.push(group);
      byKey?.set(`${day}|${code}`, group);
    }
    return group;
  };
  for (const line of lines) {
    if (line.codeKind === 'invalid') continue;
    const day = line.dos ?? '';
    const group = groupOf(line.code, day);
    let first: ServiceLine | undefined;
    for (let i = 0; i < group.firsts.length && !first; i++) if (sameModifiers(group.firsts[i].modifiers, line.modifiers)) first = group.firsts[i];
    if (first === undefined) group.firsts.push(line);
    else {
      const mods = line.modifiers.length > 0 ? `-${line.modifiers.join('-')}` : '';
      ctx.report(
        'duplicate-line',
        line.parsed.codeToken!.range,
        `${line.code}${mods} is already billed on ${ctx.lineName(first.parsed.line)} for ${day || 'the same date'}; combine the units on one line`,
      );
    }
    // Units before this line, of the code on the day (the MUE's count).
    const before = group.units;
    if (line.units !== undefined) group.units += line.units;
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
    const total = group.units;
    if (total > mue.value && before <= mue.value) {
      const across = before > 0 ? ' across the claim\'s lines' : '';
      ctx.report('mue-exceeded', unitsRange, `${total} units of ${line.code} on ${day || 'one day'}${across} exceed its medically unlikely edit of ${mue.value} units per day (${source})`);
    }
  }
}
