// Loads the bundled code tables (server/data/*.json) into the engine's CodeTables. The HCPCS
// table is generated from the CMS files (scripts/generate-tables.ts); drug facts, the ICD-10-CM
// subset and the CPT modifiers are curated files whose rows record their public sources.
//
// The tables are read from the package's own folder only, and every row is checked on load:
// - hcpcs.json is required. A file that cannot be read or parsed, or any bad row in it (a billing
//   unit whose amount is not a positive number would produce wrong billing fixes), refuses the
//   whole table: loadTables throws, naming the file and the row.
// - drug-facts.json, icd10cm.json, asp.json and cpt-modifiers.json are optional. One that cannot be read,
//   parsed or has a bad row is left out as a whole; what depends on it is turned off and the
//   problem is recorded in `tables.problems` for the front ends to show once.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { AmountUnit, CodeTables, DataSource, DrugFacts, HcpcsCode, HcpcsModifier, Icd10Code, MueLimit, NdcProduct, PaymentLimit } from './types';

import { CPT_MODIFIER_FORM, isCalendarDate } from './values';
import { TABLE_PACK_FORMAT, type TablePack } from './data/importTables';

interface HcpcsFile {
  release: string;
  sources: DataSource[];
  stats?: { drugCodes: number; drugCodesWithUnit: number; unitParsedShare: number };
  codes: HcpcsCode[];
  modifiers: Array<HcpcsModifier & { sources?: string[] }>;
}

interface DrugFactsFile {
  drugs: Array<DrugFacts & { note?: string }>;
}

interface Icd10File {
  release?: string;
  sources?: DataSource[];
  /** First and last category of each range the file holds in full. */
  ranges?: Array<[string, string]>;
  /** Billable codes. */
  codes: Record<string, string>;
  /** Headers: categories and subcategories that have billable codes below them. */
  headers?: Record<string, string>;
}

interface AspFile {
  release: string;
  quarter: { from: string; to: string };
  sources: DataSource[];
  payment: PaymentLimit[];
  ndcs: NdcProduct[];
}

interface CptModifiersFile {
  modifiers: Array<{ code: string; long: string; source: string }>;
}

/**
 * The data folder of the package a module of it runs from. Decided by the layout, never by
 * searching: the sources (server/src/engine) read server/data; a bundle (<package>/dist/*.js)
 * reads <package>/server/data. A `data/` folder anywhere else, such as one above the package,
 * is never looked at.
 */
export function dataDirFor(moduleDir: string): string {
  const engine = basename(moduleDir) === 'engine' && basename(dirname(moduleDir)) === 'src' && basename(dirname(dirname(moduleDir))) === 'server';
  return engine ? join(moduleDir, '..', '..', 'data') : join(moduleDir, '..', 'server', 'data');
}

/**
 * `answer`, remembered per tables and key (a code): for what depends on nothing else and the rules
 * ask for on line after line. Kept as long as the tables are.
 */
export function rememberedPerTables<T>(answer: (key: string, tables: CodeTables) => T): (key: string, tables: CodeTables) => T {
  const answers = new WeakMap<CodeTables, Map<string, T>>();
  return (key, tables) => {
    let byKey = answers.get(tables);
    if (!byKey) answers.set(tables, (byKey = new Map()));
    let found = byKey.get(key);
    if (found === undefined) byKey.set(key, (found = answer(key, tables)));
    return found;
  };
}

/** Where server/data is for this build: next to the sources, or in the package of the bundle. */
export function defaultDataDir(): string {
  return dataDirFor(__dirname);
}

// -----------------------------------------------------------------------------------------------
// Reading and validating

/** How a file is named in messages: server/data/<name> for the package's own folder. */
function fileLabel(dataDir: string, name: string): string {
  return basename(dataDir) === 'data' && basename(dirname(dataDir)) === 'server' ? `server/data/${name}` : join(dataDir, name);
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'the file is missing';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (error instanceof SyntaxError) return `not valid JSON (${error.message})`;
  return error instanceof Error ? error.message : String(error);
}

/** Parses a table file; a problem is thrown as an Error naming the file. */
function readTable(dataDir: string, name: string): unknown {
  const label = fileLabel(dataDir, name);
  try {
    return JSON.parse(readFileSync(join(dataDir, name), 'utf8'));
  } catch (error) {
    throw new Error(`${label}: ${reasonOf(error)}`);
  }
}

const AMOUNT_UNITS: readonly AmountUnit[] = ['mcg', 'mg', 'g', 'ml', 'units'];
const HCPCS_CODE = /^[A-Z][0-9]{4}$/;
/** A code the ASP files price or crosswalk: Level II, or CPT (vaccines, 90371; Category III, 0591T). */
const BILLING_CODE = /^[A-Z0-9][0-9]{3}[A-Z0-9]$/;
const MODIFIER_CODE = /^[A-Z0-9]{2}$/;
/** Normalised ICD-10-CM code or category, no dot: C91, C9100. */
const ICD10_CODE = /^[A-Z][0-9][0-9A-Z]{0,5}$/;

const NDC_5_4_2 = /^\d{5}-\d{4}-\d{2}$/;
const CONTAINERS: readonly string[] = ['single-dose', 'multi-dose', 'mixed'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;
const show = (value: unknown): string => {
  if (value === undefined) return 'missing';
  if (typeof value === 'number') return String(value); // Infinity (JSON's 1e999) stays Infinity
  return JSON.stringify(value)?.slice(0, 40) ?? String(value);
};

function isDate(value: unknown): boolean {
  return typeof value === 'string' && isCalendarDate(value);
}

/** Collects the problems of one file's rows; `fail` throws them as one error. */
/** What every row keyed by a HCPCS code is checked for first: an object with a well-formed code, listed once. */
/** Level II codes (the HCPCS table, drug facts) by default; rows of the ASP and MUE tables may carry CPT codes too. */
const LEVEL_II = { pattern: HCPCS_CODE, expected: 'a letter and 4 digits' };
const LEVEL_II_OR_CPT = { pattern: BILLING_CODE, expected: 'a HCPCS or CPT code' };

function codeRow(entry: unknown, where: string, seen: Set<string>, problems: RowProblems, form = LEVEL_II): (Record<string, unknown> & { code: string }) | undefined {
  if (!isObject(entry)) {
    problems.add(where, 'not an object');
    return undefined;
  }
  if (typeof entry.code !== 'string' || !form.pattern.test(entry.code)) {
    problems.add(where, `malformed code ${show(entry.code)} (expected ${form.expected})`);
    return undefined;
  }
  if (seen.has(entry.code)) problems.add(where, `code ${entry.code} is listed twice`);
  seen.add(entry.code);
  return entry as Record<string, unknown> & { code: string };
}

class RowProblems {
  readonly list: string[] = [];
  constructor(readonly label: string) {}

  add(where: string, problem: string): void {
    this.list.push(`${this.label} ${where}: ${problem}`);
  }

  /** "row 812 (J9039)": one-based, with the row's code when it has a readable one. */
  static where(kind: string, index: number, row: unknown, key = 'code'): string {
    const code = isObject(row) && typeof row[key] === 'string' ? ` (${(row[key] as string).slice(0, 20)})` : '';
    return `${kind} ${index + 1}${code}`;
  }

  fail(): void {
    if (this.list.length === 0) return;
    const shown = this.list.slice(0, 5);
    const more = this.list.length - shown.length;
    throw new Error(shown.join('; ') + (more > 0 ? `; and ${more} more problem${more === 1 ? '' : 's'}` : ''));
  }
}

function checkDates(row: Record<string, unknown>, where: string, problems: RowProblems): void {
  for (const key of ['added', 'terminated'] as const) {
    if (row[key] !== undefined && row[key] !== null && !isDate(row[key])) problems.add(where, `${key} date ${show(row[key])} is not a date (YYYY-MM-DD)`);
  }
}

function checkStringList(row: Record<string, unknown>, key: string, where: string, problems: RowProblems): void {
  const value = row[key];
  if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) problems.add(where, `${key} is not a list of strings`);
}

function validateHcpcs(raw: unknown, label: string): HcpcsFile {
  const problems = new RowProblems(label);
  if (!isObject(raw)) throw new Error(`${label}: not a table (expected a JSON object)`);
  if (!isText(raw.release)) problems.add('header', 'release is missing');
  if (!Array.isArray(raw.sources) || !raw.sources.every((s) => isObject(s) && isText(s.id) && typeof s.title === 'string')) problems.add('header', 'sources is not a list of {id, title}');
  if (!Array.isArray(raw.codes) || raw.codes.length === 0) problems.add('header', 'codes is not a non-empty list');
  if (!Array.isArray(raw.modifiers)) problems.add('header', 'modifiers is not a list');
  problems.fail();
  const sourceIds = new Set((raw.sources as DataSource[]).map((s) => s.id));
  const seen = new Set<string>();
  (raw.codes as unknown[]).forEach((entry, index) => {
    const where = RowProblems.where('row', index, entry);
    const row = codeRow(entry, where, seen, problems);
    if (!row) return;
    if (!isText(row.long)) problems.add(where, 'long descriptor is missing');
    if (typeof row.short !== 'string') problems.add(where, 'short descriptor is missing');
    checkDates(row, where, problems);
    if (row.unit !== undefined) {
      const unit = row.unit;
      if (!isObject(unit)) problems.add(where, 'billing unit is not an object');
      else {
        const amount = unit.amount;
        if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) problems.add(where, `billing unit amount ${show(amount)} is not a positive number`);
        if (!AMOUNT_UNITS.includes(unit.unit as AmountUnit)) problems.add(where, `billing unit ${show(unit.unit)} is not one of ${AMOUNT_UNITS.join(', ')}`);
        if (typeof unit.text !== 'string') problems.add(where, 'billing unit text is missing');
      }
    }
    if (row.noDose !== undefined && typeof row.noDose !== 'string') problems.add(where, 'noDose is not a string');
    if (row.opps !== undefined && row.opps !== null && typeof row.opps !== 'string') problems.add(where, 'opps is not a string');
    checkStringList(row, 'drugNames', where, problems);
    checkStringList(row, 'sources', where, problems);
    if (Array.isArray(row.sources)) for (const id of row.sources) if (typeof id === 'string' && !sourceIds.has(id)) problems.add(where, `source ${show(id)} is not in the file's sources`);
  });
  const seenModifiers = new Set<string>();
  (raw.modifiers as unknown[]).forEach((row, index) => {
    const where = RowProblems.where('modifier row', index, row);
    if (!isObject(row)) return problems.add(where, 'not an object');
    if (typeof row.code !== 'string' || !MODIFIER_CODE.test(row.code)) return problems.add(where, `malformed modifier ${show(row.code)} (expected 2 letters or digits)`);
    if (seenModifiers.has(row.code)) problems.add(where, `modifier ${row.code} is listed twice`);
    seenModifiers.add(row.code);
    if (!isText(row.long)) problems.add(where, 'long descriptor is missing');
    if (typeof row.short !== 'string') problems.add(where, 'short descriptor is missing');
    checkDates(row, where, problems);
  });
  problems.fail();
  return raw as unknown as HcpcsFile;
}

function validateDrugFacts(raw: unknown, label: string): DrugFactsFile {
  const problems = new RowProblems(label);
  if (!isObject(raw) || !Array.isArray(raw.drugs)) throw new Error(`${label}: drugs is not a list`);
  const seen = new Set<string>();
  raw.drugs.forEach((entry: unknown, index: number) => {
    const where = RowProblems.where('row', index, entry);
    const row = codeRow(entry, where, seen, problems);
    if (!row) return;
    if (!isText(row.generic)) problems.add(where, 'generic name is missing');
    if (!Array.isArray(row.brands) || !row.brands.every((b) => typeof b === 'string')) problems.add(where, 'brands is not a list of strings');
    if (row.container !== undefined && !CONTAINERS.includes(row.container as string)) problems.add(where, `container ${show(row.container)} is not single-dose, multi-dose or mixed`);
    if (row.container !== undefined && !(isText(row.containerSource) && isText(row.containerEvidence))) problems.add(where, 'a container fact needs its source and evidence');
    if (row.products !== undefined) {
      if (!Array.isArray(row.products)) problems.add(where, 'products is not a list');
      else
        row.products.forEach((product: unknown, i: number) => {
          const at = `${where} product ${i + 1}`;
          if (!isObject(product)) return problems.add(at, 'not an object');
          if (typeof product.ndc !== 'string' || !NDC_5_4_2.test(product.ndc)) problems.add(at, `NDC ${show(product.ndc)} is not in 5-4-2 form`);
          if (product.container !== 'single-dose' && product.container !== 'multi-dose') problems.add(at, `container ${show(product.container)} is not single-dose or multi-dose`);
          if (!isText(product.source)) problems.add(at, 'source is missing');
        });
    }
    if (row.indications !== undefined && !(Array.isArray(row.indications) && row.indications.every((i) => typeof i === 'string' && ICD10_CODE.test(i)))) {
      problems.add(where, 'indications is not a list of ICD-10-CM code prefixes (no dot)');
    }
  });
  problems.fail();
  return raw as unknown as DrugFactsFile;
}

function validateIcd10(raw: unknown, label: string): Icd10File {
  const problems = new RowProblems(label);
  if (!isObject(raw) || !isObject(raw.codes)) throw new Error(`${label}: codes is not an object`);
  if (raw.headers !== undefined && !isObject(raw.headers)) throw new Error(`${label}: headers is not an object`);
  const ranges = raw.ranges;
  if (ranges !== undefined && !(Array.isArray(ranges) && ranges.every((r) => Array.isArray(r) && r.length === 2 && r.every((c) => typeof c === 'string' && /^[A-Z][0-9][0-9A-Z]$/.test(c))))) {
    problems.add('header', 'ranges is not a list of [first, last] 3-character categories');
  }
  for (const group of ['codes', 'headers'] as const) {
    for (const [code, description] of Object.entries((raw[group] ?? {}) as Record<string, unknown>)) {
      const where = `${group === 'codes' ? 'code' : 'header'} ${code.slice(0, 20)}`;
      if (!ICD10_CODE.test(code)) problems.add(where, 'malformed ICD-10-CM code (expected a letter, a digit and up to 5 more, no dot)');
      else if (!isText(description)) problems.add(where, 'description is missing');
    }
  }
  problems.fail();
  return raw as unknown as Icd10File;
}

const isPositive = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value > 0;

function validateAsp(raw: unknown, label: string): AspFile {
  const problems = new RowProblems(label);
  if (!isObject(raw)) throw new Error(`${label}: not a table (expected a JSON object)`);
  const quarter = raw.quarter;
  if (!isText(raw.release)) problems.add('header', 'release is missing');
  if (!isObject(quarter) || !isDate(quarter.from) || !isDate(quarter.to)) problems.add('header', 'quarter is not {from, to} dates');
  if (!Array.isArray(raw.sources)) problems.add('header', 'sources is not a list');
  if (!Array.isArray(raw.payment) || !Array.isArray(raw.ndcs)) problems.add('header', 'payment and ndcs are not lists');
  problems.fail();
  const seen = new Set<string>();
  (raw.payment as unknown[]).forEach((entry, index) => {
    const where = RowProblems.where('payment row', index, entry);
    const row = codeRow(entry, where, seen, problems, LEVEL_II_OR_CPT);
    if (!row) return;
    if (typeof row.dosage !== 'string') problems.add(where, 'dosage is missing');
    if (row.limit !== undefined && !isPositive(row.limit)) problems.add(where, `payment limit ${show(row.limit)} is not a positive amount`);
  });
  (raw.ndcs as unknown[]).forEach((row, index) => {
    const where = RowProblems.where('NDC row', index, row, 'ndc');
    if (!isObject(row)) return problems.add(where, 'not an object');
    if (typeof row.ndc !== 'string' || !NDC_5_4_2.test(row.ndc)) return problems.add(where, `NDC ${show(row.ndc)} is not in 5-4-2 form`);
    if (typeof row.code !== 'string' || !BILLING_CODE.test(row.code)) problems.add(where, `code ${show(row.code)} is not a HCPCS or CPT code`);
    for (const key of ['unitsPerItem', 'unitsPerPackage', 'packageQuantity'] as const) if (!isPositive(row[key])) problems.add(where, `${key} ${show(row[key])} is not a positive number`);
  });
  problems.fail();
  return raw as unknown as AspFile;
}

interface MueFile {
  sources?: DataSource[];
  limits: MueLimit[];
}

function validateMue(raw: unknown, label: string): MueFile {
  const problems = new RowProblems(label);
  if (!isObject(raw) || !Array.isArray(raw.limits)) throw new Error(`${label}: limits is not a list`);
  const seen = new Set<string>();
  raw.limits.forEach((entry: unknown, index: number) => {
    const where = RowProblems.where('row', index, entry);
    const row = codeRow(entry, where, seen, problems, LEVEL_II_OR_CPT);
    if (!row) return;
    if (!(typeof row.value === 'number' && Number.isInteger(row.value) && row.value >= 0)) problems.add(where, `MUE value ${show(row.value)} is not a whole number of units`);
    if (row.mai !== undefined && row.mai !== 1 && row.mai !== 2 && row.mai !== 3) problems.add(where, `MAI ${show(row.mai)} is not 1, 2 or 3`);
    if (!isText(row.source)) problems.add(where, 'source is missing');
  });
  problems.fail();
  return raw as unknown as MueFile;
}

/** The NDC as the table keys it: 11 digits, no hyphens. */
export function ndcKey(ndc: string): string {
  return ndc.replace(/-/g, '');
}

function validateCptModifiers(raw: unknown, label: string): CptModifiersFile {
  const problems = new RowProblems(label);
  if (!isObject(raw) || !Array.isArray(raw.modifiers)) throw new Error(`${label}: modifiers is not a list`);
  raw.modifiers.forEach((row: unknown, index: number) => {
    const where = RowProblems.where('row', index, row);
    if (!isObject(row)) return problems.add(where, 'not an object');
    if (typeof row.code !== 'string' || !CPT_MODIFIER_FORM.test(row.code)) return problems.add(where, `malformed CPT modifier ${show(row.code)} (expected 2 digits)`);
    if (!isText(row.long)) problems.add(where, 'title is missing');
  });
  problems.fail();
  return raw as unknown as CptModifiersFile;
}

/** An optional table, validated; undefined (and a recorded problem) when it is unusable. */
function readOptional<T>(dataDir: string, name: string, validate: (raw: unknown, label: string) => T, consequence: string, problems: string[]): T | undefined {
  try {
    return validate(readTable(dataDir, name), fileLabel(dataDir, name));
  } catch (error) {
    problems.push(`${(error as Error).message}. The table is not used: ${consequence}.`);
    return undefined;
  }
}

function addName(index: Map<string, string[]>, name: string, code: string): void {
  const key = name.toLowerCase().trim();
  if (key.length === 0) return;
  const codes = index.get(key);
  if (!codes) index.set(key, [code]);
  else if (!codes.includes(code)) codes.push(code);
}

const cache = new Map<string, CodeTables>();

/**
 * The bundled tables, read once per data folder. Throws (naming the file and row) when the
 * required HCPCS table cannot be used; an unusable optional table is recorded in `problems`.
 */
export function loadTables(dataDir: string = defaultDataDir(), { reload = false, extraTables = [] }: { reload?: boolean; extraTables?: readonly string[] } = {}): CodeTables {
  const cacheKey = [dataDir, ...extraTables].join('\u0000');
  const cached = cache.get(cacheKey);
  if (cached && !reload) return cached;
  const hcpcsFile = validateHcpcs(readTable(dataDir, 'hcpcs.json'), fileLabel(dataDir, 'hcpcs.json'));
  const problems: string[] = [];
  const factsFile = readOptional(dataDir, 'drug-facts.json', validateDrugFacts, 'container types (JW/JZ), labelled indications and brand names are not checked', problems);
  const icdFile = readOptional(dataDir, 'icd10cm.json', validateIcd10, 'diagnoses are checked for their form only and shown without descriptions', problems);
  const aspFile = readOptional(dataDir, 'asp.json', validateAsp, 'NDCs are checked for their form only, and payment limits are not shown', problems);
  const mueFile = readOptional(dataDir, 'mue.json', validateMue, 'the curated MUE limits are not checked', problems);
  const cptFile = readOptional(dataDir, 'cpt-modifiers.json', validateCptModifiers, 'CPT modifiers (such as 59) are not checked', problems);

  const hcpcs = new Map(hcpcsFile.codes.map((c) => [c.code, { ...c, drugNames: c.drugNames ?? [], sources: c.sources ?? [] }]));
  const modifiers = new Map<string, HcpcsModifier>(hcpcsFile.modifiers.map((m) => [m.code, m]));
  const sources = [...hcpcsFile.sources];
  if (cptFile) {
    for (const m of cptFile.modifiers) if (!modifiers.has(m.code)) modifiers.set(m.code, { code: m.code, long: m.long, short: m.long });
    sources.push({ id: 'cpt-modifiers', title: 'CPT modifier titles (paraphrased), each with its public source', file: 'server/data/cpt-modifiers.json' });
  }
  const drugFacts = new Map<string, DrugFacts>();
  for (const facts of factsFile?.drugs ?? []) if (hcpcs.has(facts.code)) drugFacts.set(facts.code, facts);
  if (factsFile) sources.push({ id: 'drug-facts', title: 'Curated drug facts (container type, labelled indications), each with its public source', file: 'server/data/drug-facts.json' });
  const icd10 = new Map<string, Icd10Code>();
  for (const [code, description] of Object.entries(icdFile?.headers ?? {})) icd10.set(code, { code, description, billable: false });
  for (const [code, description] of Object.entries(icdFile?.codes ?? {})) icd10.set(code, { code, description, billable: true });
  if (icdFile?.sources) sources.push(...icdFile.sources);

  // A CMS MUE table, once imported (claimcheck import, listed in the config), wins code by code.
  const mue = new Map<string, MueLimit>((mueFile?.limits ?? []).map((limit) => [limit.code, limit]));
  if (mueFile?.sources) sources.push(...mueFile.sources);
  const payment = new Map<string, PaymentLimit>((aspFile?.payment ?? []).map((p) => [p.code, p]));
  if (aspFile) sources.push(...aspFile.sources);
  const parts: TableParts = { hcpcs, modifiers, icd10, ndcRows: aspFile?.ndcs ?? [], payment, mue, sources, aspQuarter: aspFile ? { ...aspFile.quarter, release: aspFile.release } : undefined, releases: [hcpcsFile.release] };
  for (const file of extraTables) {
    try {
      applyPack(parts, validatePack(readTableFile(file), file));
    } catch (error) {
      problems.push(`${(error as Error).message}. The table is not used.`);
    }
  }
  const ndc = new Map<string, NdcProduct[]>();
  const ndcByCode = new Map<string, NdcProduct[]>();
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const product of parts.ndcRows) {
    push(ndc, ndcKey(product.ndc), product);
    push(ndcByCode, product.code, product);
  }

  const drugIndex = new Map<string, string[]>();
  for (const code of hcpcs.values()) for (const name of code.drugNames) addName(drugIndex, name, code.code);
  for (const facts of drugFacts.values()) {
    addName(drugIndex, facts.generic, facts.code);
    for (const brand of facts.brands) addName(drugIndex, brand, facts.code);
  }

  const tables: CodeTables = {
    release: parts.releases.join('; '),
    sources,
    hcpcs,
    modifiers,
    icd10,
    icd10Ranges: icdFile?.ranges ?? [],
    drugFacts,
    ndc,
    ndcByCode,
    mue,
    payment,
    aspQuarter: parts.aspQuarter,
    drugIndex,
    stats: hcpcsFile.stats,
    problems,
    cptModifiersMissing: !cptFile,
  };
  cache.set(cacheKey, tables);
  return tables;
}

// -----------------------------------------------------------------------------------------------
// Imported tables (claimcheck import), read over the bundled ones code by code

interface TableParts {
  hcpcs: Map<string, HcpcsCode>;
  modifiers: Map<string, HcpcsModifier>;
  icd10: Map<string, Icd10Code>;
  ndcRows: NdcProduct[];
  payment: Map<string, PaymentLimit>;
  mue: Map<string, MueLimit>;
  sources: DataSource[];
  aspQuarter?: CodeTables['aspQuarter'];
  releases: string[];
}

function readTableFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${reasonOf(error)}`);
  }
}

/** A table pack, each part checked as the bundled file of its kind is. */
function validatePack(raw: unknown, label: string): TablePack {
  if (!isObject(raw) || raw.format !== TABLE_PACK_FORMAT) throw new Error(`${label}: not a claimcheck table file (expected "format": "${TABLE_PACK_FORMAT}", as claimcheck import writes it)`);
  const sources = Array.isArray(raw.sources) ? raw.sources : [];
  if (raw.hcpcs !== undefined) {
    const part = raw.hcpcs as Record<string, unknown>;
    const codes = Array.isArray(part?.codes) ? part.codes : [];
    // The HCPCS check wants at least one code; a pack of modifiers alone is checked with a stand-in.
    validateHcpcs({ release: part?.release, sources, codes: codes.length > 0 ? codes : [{ code: 'A0000', long: 'x', short: '', sources: [] }], modifiers: part?.modifiers }, `${label} hcpcs`);
  }
  if (raw.asp !== undefined) {
    const part = raw.asp as Record<string, unknown>;
    validateAsp({ release: part?.release, quarter: part?.quarter, sources, payment: part?.payment ?? [], ndcs: part?.ndcs ?? [] }, `${label} asp`);
  }
  if (raw.icd10 !== undefined) validateIcd10(raw.icd10, `${label} icd10`);
  if (raw.mue !== undefined) validateMue({ limits: raw.mue }, `${label} mue`);
  return raw as unknown as TablePack;
}

function applyPack(parts: TableParts, pack: TablePack): void {
  parts.sources.push(...pack.sources);
  if (pack.hcpcs) {
    for (const code of pack.hcpcs.codes) {
      const bundled = parts.hcpcs.get(code.code);
      // The OPPS status and an ASP-filled unit are not in the HCPCS file: kept from the bundled row.
      const unit = code.unit ?? (bundled?.unitSource ? bundled.unit : undefined);
      parts.hcpcs.set(code.code, { ...code, unit, unitSource: code.unit ? undefined : unit && bundled?.unitSource, noDose: unit ? undefined : code.noDose, opps: bundled?.opps, drugNames: code.drugNames ?? [], sources: code.sources ?? [] });
    }
    for (const modifier of pack.hcpcs.modifiers) parts.modifiers.set(modifier.code, modifier);
    parts.releases.push(`imported HCPCS ${pack.hcpcs.release}`);
  }
  if (pack.asp) {
    if (pack.asp.ndcs) {
      const codes = new Set(pack.asp.ndcs.map((p) => p.code));
      parts.ndcRows = [...parts.ndcRows.filter((p) => !codes.has(p.code)), ...pack.asp.ndcs];
    }
    for (const limit of pack.asp.payment ?? []) parts.payment.set(limit.code, limit);
    if (pack.asp.quarter) parts.aspQuarter = { ...pack.asp.quarter, release: pack.asp.release };
    parts.releases.push(`imported ASP ${pack.asp.release}`);
  }
  if (pack.icd10) {
    for (const [code, description] of Object.entries(pack.icd10.headers ?? {})) parts.icd10.set(code, { code, description, billable: false });
    for (const [code, description] of Object.entries(pack.icd10.codes)) {
      parts.icd10.set(code, { code, description, billable: true });
      // A code that gained codes below it is a header now.
      for (let length = 3; length < code.length; length++) {
        const parent = parts.icd10.get(code.slice(0, length));
        if (parent?.billable) parts.icd10.set(parent.code, { ...parent, billable: false });
      }
    }
    parts.releases.push(`imported ICD-10-CM ${pack.icd10.release}`);
  }
  for (const limit of pack.mue ?? []) parts.mue.set(limit.code, limit);
}

export interface TableInfo {
  release: string;
  sources: DataSource[];
  codes: number;
  drugCodes: number;
  /** Share (0–1) of drug codes whose billing unit was read from the descriptor. */
  unitParsedShare: number;
  modifiers: number;
  icd10Codes: number;
  drugFacts: number;
  ndcs: number;
  paymentLimits: number;
  mueLimits: number;
  /** Optional tables that could not be used, and what that turned off. */
  problems: string[];
}

export function tableInfo(tables: CodeTables): TableInfo {
  return {
    release: tables.release,
    sources: tables.sources,
    codes: tables.hcpcs.size,
    drugCodes: tables.stats?.drugCodes ?? 0,
    unitParsedShare: tables.stats?.unitParsedShare ?? 0,
    modifiers: tables.modifiers.size,
    icd10Codes: tables.icd10.size,
    drugFacts: tables.drugFacts.size,
    ndcs: tables.ndc.size,
    paymentLimits: tables.payment.size,
    mueLimits: tables.mue.size,
    problems: tables.problems ?? [],
  };
}
