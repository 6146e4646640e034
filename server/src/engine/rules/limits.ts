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
  units: number;
  firsts: ServiceLine[];
}

/** Claims longer than this keep groups by key; shorter ones look at every line above (nothing is made). */
const SCAN_LIMIT = 32;

/**
 * What the lines above a claim's line bill on its date: `first`, the first with the same code and
 * modifiers (this line repeats it), and `units`, the units of the code (the MUE's count). `look`
 * is called for each line in order; one object per claim.
 */
class LinesAbove {
  first: ServiceLine | undefined = undefined;
  units = 0;
  private readonly groups: Map<string, DayGroup> | undefined;

  constructor(private readonly lines: readonly ServiceLine[]) {
    this.groups = lines.length > SCAN_LIMIT ? new Map() : undefined;
  }

  look(index: number): void {
    const line = this.lines[index];
    const day = line.dos ?? '';
    this.first = undefined;
    if (this.groups) {
      const key = `${day}|${line.code}`;
      let group = this.groups.get(key);
      if (!group) this.groups.set(key, (group = { units: 0, firsts: [] }));
      for (let i = 0; i < group.firsts.length && !this.first; i++) if (sameModifiers(group.firsts[i].modifiers, line.modifiers)) this.first = group.firsts[i];
      if (!this.first) group.firsts.push(line);
      this.units = group.units;
      if (line.units !== undefined) group.units += line.units;
      return;
    }
    this.units = 0;
    for (let i = 0; i < index; i++) {
      const other = this.lines[i];
      if (other.codeKind === 'invalid' || other.code !== line.code || (other.dos ?? '') !== day) continue;
      if (!this.first && sameModifiers(other.modifiers, line.modifiers)) this.first = other;
      if (other.units !== undefined) this.units += other.units;
    }
  }
}

export function checkClaimLimits(claim: Claim, ctx: RuleContext): void {
  const lines = claim.lines;
  const above = new LinesAbove(lines);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.codeKind === 'invalid') continue;
    const day = line.dos ?? '';
    above.look(index);
    const first = above.first;
    if (first !== undefined) {
      const mods = line.modifiers.length > 0 ? `-${line.modifiers.join('-')}` : '';
      ctx.report(
        'duplicate-line',
        line.parsed.codeToken!.range,
        `${line.code}${mods} is already billed on ${ctx.lineName(first.parsed.line)} for ${day || 'the same date'}; combine the units on one line`,
      );
    }
    const before = above.units;
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
    const total = before + line.units;
    if (total > mue.value && before <= mue.value) {
      const across = before > 0 ? ' across the claim\'s lines' : '';
      ctx.report('mue-exceeded', unitsRange, `${total} units of ${line.code} on ${day || 'one day'}${across} exceed its medically unlikely edit of ${mue.value} units per day (${source})`);
    }
  }
}
