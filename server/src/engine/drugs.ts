// Drug facts the rules share: which codes are drugs, what a code's drug is called, and
// whether JW/JZ apply to it.
import type { CodeTables, HcpcsCode } from './types';

/** Lower case, hyphens and runs of spaces unified to one space: "Belantamab-Mafodotin" → "belantamab mafodotin". */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-\s]+/g, ' ').trim();
}

/** A separately billed drug with a dose in its descriptor (not oral or inhaled). */
export function isDoseDrugCode(code: HcpcsCode): boolean {
  return code.unit !== undefined && /^[JQC]/.test(code.code) && !/\boral\b|inhalation|per (tablet|capsule)/i.test(code.long);
}

export function drugName(code: HcpcsCode, tables: CodeTables): string {
  return tables.drugFacts.get(code.code)?.generic ?? code.drugNames[0] ?? code.short;
}

/** Codes whose drug is `name` (generic or brand), matching whole words from the start. */
export function codesForDrug(name: string, tables: CodeTables): string[] {
  const wanted = normalizeName(name);
  if (wanted.length === 0) return [];
  const found = new Set<string>();
  for (const [indexed, codes] of tables.drugIndex) {
    const normalized = normalizeName(indexed);
    if (normalized === wanted || normalized.startsWith(`${wanted} `)) codes.forEach((c) => found.add(c));
  }
  return [...found].sort();
}

/** Does `name` name the drug of `code`? */
export function namesDrugOf(name: string, code: HcpcsCode, tables: CodeTables): boolean {
  return codesForDrug(name, tables).includes(code.code);
}

export type ContainerStatus = 'single-dose' | 'multi-dose' | 'unknown';

export function containerStatus(code: string, tables: CodeTables): ContainerStatus {
  return tables.drugFacts.get(code)?.container ?? 'unknown';
}
