// Drug facts the rules share: which codes are drugs, what a code's drug is called, and
// whether JW/JZ apply to it.
import type { CodeTables, HcpcsCode, ServiceLine } from './types';

/** Lower case, hyphens and runs of spaces unified to one space: "Belantamab-Mafodotin" → "belantamab mafodotin". */

/** The HCPCS table entry of a line's code: none for a CPT or malformed code, or a code the tables lack. */
export function hcpcsEntry(line: ServiceLine, tables: CodeTables): HcpcsCode | undefined {
  return line.codeKind === 'hcpcs' ? tables.hcpcs.get(line.code) : undefined;
}
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
  return [...drugCodes(name, tables)];
}

const NO_CODES: readonly string[] = [];

/** codesForDrug's answer, shared (remembered per name): for reading only. */
function drugCodes(name: string, tables: CodeTables): readonly string[] {
  const wanted = normalizeName(name);
  if (wanted.length === 0) return NO_CODES;
  const lookup = lookupFor(tables);
  const known = lookup.answers.get(wanted);
  if (known) return known;
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
  return answer;
}

/** Does `name` name the drug of `code`? */
export function namesDrugOf(name: string, code: HcpcsCode, tables: CodeTables): boolean {
  return drugCodes(name, tables).includes(code.code);
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

/**
 * Is `code` the drug `name` alone: one of its drug names (or its generic) is exactly `name`, and
 * its descriptor names no second ingredient (J9299 "nivolumab, 1 mg" is; J9289 "nivolumab, 2 mg
 * and hyaluronidase-nvhy" and J9298 "nivolumab and relatlimab-rmbw" are not).
 */
export function isExactSingleIngredient(name: string, code: HcpcsCode, tables: CodeTables): boolean {
  const wanted = normalizeName(name);
  const generic = tables.drugFacts.get(code.code)?.generic;
  const names = generic ? [...code.drugNames, generic] : code.drugNames;
  return names.some((n) => normalizeName(n) === wanted) && !/\band\b|\/|\bwith\b/i.test(code.long);
}

/** `codes` with the exact single-ingredient matches of `name` first, the order kept otherwise. */
export function exactMatchesFirst(name: string, codes: string[], tables: CodeTables): string[] {
  const exact = (code: string) => {
    const entry = tables.hcpcs.get(code);
    return entry !== undefined && isExactSingleIngredient(name, entry, tables);
  };
  return [...codes.filter(exact), ...codes.filter((c) => !exact(c))];
}

/** Levenshtein distance, with a swap of two neighbours counting one (optimal string alignment). */
export function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

const closestAnswers = new WeakMap<CodeTables, Map<string, string[]>>();

/**
 * Drug names of the tables closest to `name` (a misspelling): at most `max`, within 1 typo for
 * names of up to 5 letters, 2 up to 9, 3 beyond; the closest first, then alphabetically.
 */
export function closestDrugNames(name: string, tables: CodeTables, max = 3): string[] {
  const wanted = normalizeName(name);
  let answers = closestAnswers.get(tables);
  if (!answers) closestAnswers.set(tables, (answers = new Map()));
  const known = answers.get(wanted);
  if (known) return known.slice(0, max);
  const limit = wanted.length <= 5 ? 1 : wanted.length <= 9 ? 2 : 3;
  const scored: Array<[string, number]> = [];
  for (const [indexed] of lookupFor(tables).names) {
    if (Math.abs(indexed.length - wanted.length) > limit) continue;
    const distance = typoDistance(wanted, indexed);
    if (distance <= limit) scored.push([indexed, distance]);
  }
  const found = scored.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([n]) => n);
  if (answers.size < 10_000) answers.set(wanted, found);
  return found.slice(0, max);
}
