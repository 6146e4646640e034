// Inlay hints: the units the dose and the opened vials come to, right after the values, so the
// biller sees the arithmetic the checks use without hovering.
import { computeLine } from '../arithmetic';
import type { ClaimFile, CodeTables, Position, Range, ServiceLine } from '../types';

export interface UnitsHint {
  position: Position;
  label: string;
  tooltip: string;
}

function allLines(file: ClaimFile): ServiceLine[] {
  return [...file.orphanLines, ...file.claims.flatMap((c) => c.lines)];
}

export function unitsHints(file: ClaimFile, tables: CodeTables, range?: Range): UnitsHint[] {
  const hints: UnitsHint[] = [];
  for (const line of allLines(file)) {
    const at = line.parsed.line;
    if (range && (at < range.start.line || at > range.end.line)) continue;
    const entry = line.codeKind === 'hcpcs' ? tables.hcpcs.get(line.code) : undefined;
    if (!entry?.unit) continue;
    const arithmetic = computeLine(line, entry);
    if (!arithmetic) continue;
    const field = (key: string) => line.parsed.fields.find((f) => f.key.text.toLowerCase() === key && f.value);
    const dose = field('dose');
    if (dose?.value && arithmetic.administeredUnits !== undefined) {
      hints.push({ position: dose.value.range.end, label: ` = ${arithmetic.administeredUnits} u`, tooltip: arithmetic.steps[0] ?? '' });
    }
    const vial = field('vial') ?? field('waste');
    if (vial?.value && arithmetic.discardedUnits !== undefined) {
      hints.push({ position: vial.value.range.end, label: ` → ${arithmetic.discardedUnits} u discarded`, tooltip: arithmetic.steps.slice(1).join('; ') });
    }
  }
  return hints;
}
