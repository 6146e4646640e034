// Inlay hints: after a code, its billing unit (`0.5 mg/u`); after dose=, the units it comes to
// (`360 u`); after vial= (or waste=), the units discarded, to bill on a JW line (`JW 40`). The
// biller sees the arithmetic the checks use without hovering. Labels are kept short, as VS Code
// cuts long hints off (editor.inlayHints.maximumLength); the drug, the descriptor and each step
// of the arithmetic are in the hint's tooltip.
import { computeLine } from '../arithmetic';
import { drugName, hcpcsEntry } from '../drugs';
import type { ClaimFile, CodeTables, Position, Range, ServiceLine } from '../types';
import { fieldValue } from '../model';
import { formatNumber } from '../values';

/** Longest drug name shown as a label (codes without a billing unit); longer ones are cut with '…'. */
const MAX_NAME = 14;

function shortName(name: string): string {
  return name.length <= MAX_NAME ? name : `${name.slice(0, MAX_NAME - 1)}…`;
}

export interface ClaimInlayHint {
  position: Position;
  label: string;
  tooltip: string;
}

/** The service lines in `range` (all without one); claims are in document order, so a binary search finds the first. */
function* linesIn(file: ClaimFile, range?: Range): Generator<ServiceLine> {
  const from = range?.start.line ?? 0;
  const to = range?.end.line ?? Number.MAX_SAFE_INTEGER;
  for (const line of file.orphanLines) if (line.parsed.line >= from && line.parsed.line <= to) yield line;
  let low = 0;
  let high = file.claims.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (file.claims[mid].endLine < from) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < file.claims.length && file.claims[i].startLine <= to; i++) {
    for (const line of file.claims[i].lines) if (line.parsed.line >= from && line.parsed.line <= to) yield line;
  }
}

/** The hints of the lines in `range`: the editor asks for what it shows. */
export function inlayHints(file: ClaimFile, tables: CodeTables, range?: Range): ClaimInlayHint[] {
  const hints: ClaimInlayHint[] = [];
  for (const line of linesIn(file, range)) {
    const entry = hcpcsEntry(line, tables);
    if (!entry) continue;
    const codeToken = line.parsed.codeToken;
    const isDrug = entry.unit !== undefined || tables.drugFacts.has(entry.code);
    if (codeToken && isDrug) {
      const name = drugName(entry, tables);
      const label = entry.unit ? `${formatNumber(entry.unit.amount)} ${entry.unit.unit}/u` : shortName(name);
      const unit = entry.unit ? `; 1 unit = ${formatNumber(entry.unit.amount)} ${entry.unit.unit}` : '';
      hints.push({ position: codeToken.range.end, label, tooltip: `${name}: ${entry.long}${unit}` });
    }
    if (!entry.unit) continue;
    const arithmetic = computeLine(line, entry, tables);
    if (!arithmetic) continue;
    const written = (key: string) => {
      const value = fieldValue(line, key);
      return value?.text ? value : undefined;
    };
    const dose = written('dose');
    if (dose && arithmetic.administeredUnits !== undefined) {
      hints.push({ position: dose.range.end, label: `${arithmetic.administeredUnits} u`, tooltip: arithmetic.steps[0] ?? '' });
    }
    const waste = written('vial') ?? written('waste');
    if (waste && arithmetic.discardedUnits !== undefined) {
      hints.push({ position: waste.range.end, label: `JW ${arithmetic.discardedUnits}`, tooltip: arithmetic.steps.slice(arithmetic.administeredUnits !== undefined ? 1 : 0).join('; ') });
    }
  }
  return hints.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}
