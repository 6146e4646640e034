// Loads the bundled code tables (server/data/*.json) into the engine's CodeTables. The HCPCS
// table is generated from the CMS files (scripts/generate-tables.ts); drug facts, the ICD-10-CM
// subset and the CPT modifiers are curated files whose rows record their public sources.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeTables, DataSource, DrugFacts, HcpcsCode, HcpcsModifier, Icd10Code } from './types';

interface HcpcsFile {
  release: string;
  sources: DataSource[];
  stats: { drugCodes: number; drugCodesWithUnit: number; unitParsedShare: number };
  codes: HcpcsCode[];
  modifiers: Array<HcpcsModifier & { sources?: string[] }>;
}

interface DrugFactsFile {
  drugs: Array<DrugFacts & { note?: string }>;
}

interface Icd10File {
  source?: { title?: string; release?: string; repo?: string; path?: string; commit?: string };
  codes: Record<string, string>;
  categories?: Record<string, string>;
}

interface CptModifiersFile {
  modifiers: Array<{ code: string; long: string; source: string }>;
}

/** Where server/data is: next to the sources (server/src/engine) or next to the bundle (dist/). */
export function defaultDataDir(): string {
  const candidates = [join(__dirname, '..', '..', 'data'), join(__dirname, '..', 'server', 'data')];
  const found = candidates.find((dir) => existsSync(join(dir, 'hcpcs.json')));
  if (!found) throw new Error(`claimcheck: bundled code tables not found (looked in ${candidates.join(', ')})`);
  return found;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function readOptionalJson<T>(path: string): T | undefined {
  return existsSync(path) ? readJson<T>(path) : undefined;
}

function addName(index: Map<string, string[]>, name: string, code: string): void {
  const key = name.toLowerCase().trim();
  if (key.length === 0) return;
  const codes = index.get(key);
  if (!codes) index.set(key, [code]);
  else if (!codes.includes(code)) codes.push(code);
}

const cache = new Map<string, CodeTables>();

/** The bundled tables, read once per data folder. */
export function loadTables(dataDir: string = defaultDataDir()): CodeTables {
  const cached = cache.get(dataDir);
  if (cached) return cached;
  const hcpcsFile = readJson<HcpcsFile>(join(dataDir, 'hcpcs.json'));
  const factsFile = readOptionalJson<DrugFactsFile>(join(dataDir, 'drug-facts.json'));
  const icdFile = readOptionalJson<Icd10File>(join(dataDir, 'icd10cm.json'));
  const cptFile = readOptionalJson<CptModifiersFile>(join(dataDir, 'cpt-modifiers.json'));

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
  for (const [code, description] of Object.entries({ ...(icdFile?.categories ?? {}), ...(icdFile?.codes ?? {}) })) {
    icd10.set(code, { code, description });
  }
  if (icdFile?.source) {
    const s = icdFile.source;
    sources.push({ id: 'icd10cm', title: s.title ?? 'ICD-10-CM', release: s.release, file: 'server/data/icd10cm.json', url: s.repo ? `https://github.com/${s.repo}` : undefined });
  }

  const drugIndex = new Map<string, string[]>();
  for (const code of hcpcs.values()) for (const name of code.drugNames) addName(drugIndex, name, code.code);
  for (const facts of drugFacts.values()) {
    addName(drugIndex, facts.generic, facts.code);
    for (const brand of facts.brands) addName(drugIndex, brand, facts.code);
  }

  const tables: CodeTables = {
    release: hcpcsFile.release,
    sources,
    hcpcs,
    modifiers,
    icd10,
    drugFacts,
    drugIndex,
    stats: hcpcsFile.stats,
  };
  cache.set(dataDir, tables);
  return tables;
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
  };
}
