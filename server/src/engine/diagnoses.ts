// What the ICD-10-CM table says about a diagnosis code, for the rules and the features alike.
import type { CodeTables } from './types';

/** Whether the bundled table holds the whole range of a code's category (C00–D89, Z00–Z99). */
export function icd10RangeCovered(normalized: string, tables: CodeTables): boolean {
  const category = normalized.slice(0, 3);
  return tables.icd10Ranges.some(([first, last]) => category >= first && category <= last);
}

/** The billable codes under a header, in code order. */
export function billableChildren(header: string, tables: CodeTables): string[] {
  const children: string[] = [];
  for (const entry of tables.icd10.values()) if (entry.billable && entry.code.length > header.length && entry.code.startsWith(header)) children.push(entry.code);
  return children.sort();
}
