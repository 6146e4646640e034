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

interface DrugLookup {
  /** Normalised index name → codes, sorted by name so prefix matches are a contiguous run. */
  names: Array<[string, string[]]>;
  answers: Map<string, string[]>;
}

// Normalising every index entry on every lookup dominated a full check; build the sorted,
// normalised index once per table and remember answers (a file names few distinct drugs).
const lookups = new WeakMap<CodeTables, DrugLookup>();

function lookupFor(tables: CodeTables): DrugLookup {
  let lookup = lookups.get(tables);
  if (!lookup) {
    const merged = new Map<string, Set<string>>();
    for (const [indexed, codes] of tables.drugIndex) {
      const key = normalizeName(indexed);
      const set = merged.get(key) ?? new Set<string>();
      codes.forEach((c) => set.add(c));
      merged.set(key, set);
    }
    const names = [...merged].map(([name, codes]): [string, string[]] => [name, [...codes]]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    lookup = { names, answers: new Map() };
    lookups.set(tables, lookup);
  }
  return lookup;
}

/** Codes whose drug is `name` (generic or brand), matching whole words from the start. */
export function codesForDrug(name: string, tables: CodeTables): string[] {
  const wanted = normalizeName(name);
  if (wanted.length === 0) return [];
  const lookup = lookupFor(tables);
  const known = lookup.answers.get(wanted);
  if (known) return [...known];
  const found = new Set<string>();
  // Binary search for the first name >= wanted; matches (equal, or wanted + ' ' + …) follow it.
  let low = 0;
  let high = lookup.names.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (lookup.names[mid][0] < wanted) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < lookup.names.length; i++) {
    const [indexed, codes] = lookup.names[i];
    if (!indexed.startsWith(wanted)) break;
    if (indexed === wanted || indexed.startsWith(`${wanted} `)) codes.forEach((c) => found.add(c));
  }
  const answer = [...found].sort();
  if (lookup.answers.size < 10_000) lookup.answers.set(wanted, answer);
  return [...answer];
}

/** Does `name` name the drug of `code`? */
export function namesDrugOf(name: string, code: HcpcsCode, tables: CodeTables): boolean {
  return codesForDrug(name, tables).includes(code.code);
}

/** Is the code valid on this date of service (YYYY-MM-DD; ISO dates compare as text)? */
export function isEffectiveOn(code: HcpcsCode, dos: string): boolean {
  return (!code.added || dos >= code.added) && (!code.terminated || dos <= code.terminated);
}

/** `mixed`: the code has single- and multi-dose products and the line's NDC does not say which was used. */
export type ContainerStatus = 'single-dose' | 'multi-dose' | 'mixed' | 'unknown';

/** The container of a code's drug; for a code with both kinds, the one of the line's NDC when the facts record it. */
export function containerStatus(code: string, tables: CodeTables, ndc?: string): ContainerStatus {
  const facts = tables.drugFacts.get(code);
  if (!facts?.container) return 'unknown';
  if (facts.container === 'mixed' && ndc !== undefined) {
    const digits = ndc.replace(/-/g, '');
    const product = facts.products?.find((p) => p.ndc.replace(/-/g, '') === digits);
    if (product) return product.container;
  }
  return facts.container;
}

/** "single-dose: 63323-0506-16; multi-dose: 00641-0367-25": the products of a mixed code whose container is known. */
export function describeProducts(code: string, tables: CodeTables): string {
  const products = tables.drugFacts.get(code)?.products ?? [];
  const kinds = (['single-dose', 'multi-dose'] as const)
    .map((kind) => {
      const ndcs = products.filter((p) => p.container === kind).map((p) => p.ndc);
      return ndcs.length > 0 ? `${kind}: ${ndcs.slice(0, 4).join(', ')}${ndcs.length > 4 ? ` and ${ndcs.length - 4} more` : ''}` : '';
    })
    .filter(Boolean);
  return kinds.join('; ');
}
