// Generates server/data/hcpcs.json, the bundled HCPCS table, from the official CMS files:
//   npm run generate-tables [-- <cms data folder>]   (default ../shared/data/cms)
// Every code records the ids of the sources its facts came from (see docs/data.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { drugNamesFromDescriptor, parseBillingUnit } from '../server/src/engine/data/billingUnit';
import { parseConvertedHcpcsCsv, parseFixedWidthHcpcs, parseOppsAddendumB, type CmsCodeRecord } from '../server/src/engine/data/cmsImport';
import type { DataSource, HcpcsCode } from '../server/src/engine/types';

export const SOURCE_FILES = {
  hcpcs2025: 'HCPC2025_OCT_ANWEB.converted.csv',
  hcpcs2019: 'HCPC2019_CONTR_ANWEB.txt',
  oppsB: 'opps-addendum-b-2026-04.csv',
} as const;

export const SOURCES: DataSource[] = [
  {
    id: 'hcpcs-2025-10',
    title: 'CMS Alpha-Numeric HCPCS file, October 2025 quarterly release (as converted to CSV by a third party): codes, long and short descriptors, added dates',
    file: SOURCE_FILES.hcpcs2025,
    release: '2025-10',
    url: 'https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system/quarterly-update',
  },
  {
    id: 'hcpcs-2019',
    title: 'CMS Alpha-Numeric HCPCS file, 2019 annual release (fixed width, as published): termination dates and cross references',
    file: SOURCE_FILES.hcpcs2019,
    release: '2019-01',
    url: 'https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system/alpha-numeric-hcpcs-items/2019-alpha-numeric-hcpcs-file',
  },
  {
    id: 'opps-b-2026-04',
    title: 'CMS OPPS Addendum B, April 2026: OPPS status indicators; short descriptors of codes newer than the HCPCS file',
    file: SOURCE_FILES.oppsB,
    release: '2026-04',
    url: 'https://www.cms.gov/medicare/payment/prospective-payment-systems/hospital-outpatient-pps/addendum-a-and-addendum-b-updates',
  },
  {
    id: 'xref-inferred',
    title: 'Termination inferred from the CMS cross reference: the day before the replacement code was added',
  },
];

/** A table row is the engine's own HcpcsCode: the loader reads it back as is. */
export type GeneratedCode = HcpcsCode;

export interface GeneratedTable {
  description: string;
  release: string;
  sources: DataSource[];
  stats: {
    codes: number;
    modifiers: number;
    drugCodes: number;
    drugCodesWithUnit: number;
    unitParsedShare: number;
    noDoseReasons: Record<string, number>;
    importProblems: string[];
  };
  codes: GeneratedCode[];
  modifiers: Array<{ code: string; long: string; short: string; added?: string; terminated?: string; sources: string[] }>;
}

/** A separately billed drug by its descriptor: every J code, and other codes for an injection or infusion ("Injection, …"; not "Infusion pump, …"). */
export function isDrugDescriptor(code: string, long: string): boolean {
  return code.startsWith('J') || /^(?:injection|infusion),/i.test(long);
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export function generateTable(dataDir: string): GeneratedTable {
  const read = (file: string) => readFileSync(join(dataDir, file), 'latin1');
  const current = parseConvertedHcpcsCsv(read(SOURCE_FILES.hcpcs2025));
  const historic = parseFixedWidthHcpcs(read(SOURCE_FILES.hcpcs2019));
  const opps = parseOppsAddendumB(read(SOURCE_FILES.oppsB));
  const importProblems = [
    ...current.problems.map((p) => `${SOURCE_FILES.hcpcs2025} ${p}`),
    ...historic.problems.map((p) => `${SOURCE_FILES.hcpcs2019} ${p}`),
    ...opps.problems.map((p) => `${SOURCE_FILES.oppsB} ${p}`),
  ];

  const key = (r: CmsCodeRecord) => `${r.kind}:${r.code}`;
  const historicByKey = new Map(historic.records.map((r) => [key(r), r]));
  const currentByKey = new Map(current.records.map((r) => [key(r), r]));
  const oppsByCode = new Map(opps.entries.map((e) => [e.code, e]));

  /** Termination: from the 2019 file, else inferred from the 2025 cross reference. */
  const termination = (record: CmsCodeRecord): { date: string; source: string } | undefined => {
    const old = historicByKey.get(key(record));
    if (old?.terminated && !(record.added && record.added > old.terminated)) return { date: old.terminated, source: 'hcpcs-2019' };
    const replacement = record.crossReference ? currentByKey.get(`${record.kind}:${record.crossReference}`) : undefined;
    if (replacement?.added && record.added && replacement.added > record.added && !oppsByCode.has(record.code)) {
      return { date: dayBefore(replacement.added), source: 'xref-inferred' };
    }
    return undefined;
  };

  const codes: GeneratedCode[] = [];
  const modifiers: GeneratedTable['modifiers'] = [];
  for (const record of current.records) {
    const ended = termination(record);
    const sources = ['hcpcs-2025-10'];
    if (ended) sources.push(ended.source);
    if (record.kind === 'modifier') {
      modifiers.push({ code: record.code, long: record.long, short: record.short, added: record.added, terminated: ended?.date, sources });
      continue;
    }
    const status = oppsByCode.get(record.code)?.status;
    if (status) sources.push('opps-b-2026-04');
    const drug = isDrugDescriptor(record.code, record.long);
    const parsed = drug ? parseBillingUnit(record.long) : undefined;
    codes.push({
      code: record.code,
      long: record.long,
      short: record.short,
      added: record.added,
      terminated: ended?.date,
      unit: parsed && 'unit' in parsed ? parsed.unit : undefined,
      noDose: parsed && 'noDose' in parsed ? parsed.noDose : undefined,
      drugNames: drug ? drugNamesFromDescriptor(record.long) : [],
      opps: status,
      sources,
    });
  }
  // Level II codes newer than the HCPCS file: known only by their OPPS short descriptor.
  for (const entry of opps.entries) {
    if (!/^[A-Z]/.test(entry.code) || currentByKey.has(`procedure:${entry.code}`)) continue;
    codes.push({
      code: entry.code,
      long: entry.short,
      short: entry.short,
      noDose: isDrugDescriptor(entry.code, entry.short) ? 'only the OPPS short descriptor is known' : undefined,
      drugNames: [],
      opps: entry.status,
      sources: ['opps-b-2026-04'],
    });
  }
  codes.sort((a, b) => a.code.localeCompare(b.code));
  modifiers.sort((a, b) => a.code.localeCompare(b.code));

  const drugCodes = codes.filter((c) => c.sources.includes('hcpcs-2025-10') && isDrugDescriptor(c.code, c.long));
  const withUnit = drugCodes.filter((c) => c.unit);
  const noDoseReasons: Record<string, number> = {};
  for (const c of drugCodes) if (c.noDose) noDoseReasons[c.noDose] = (noDoseReasons[c.noDose] ?? 0) + 1;
  return {
    description: 'HCPCS Level II codes and modifiers generated by scripts/generate-tables.ts from the CMS files listed in sources. Do not edit by hand.',
    release: 'HCPCS 2025-10 (CMS); OPPS Addendum B 2026-04',
    sources: SOURCES,
    stats: {
      codes: codes.length,
      modifiers: modifiers.length,
      drugCodes: drugCodes.length,
      drugCodesWithUnit: withUnit.length,
      unitParsedShare: Math.round((withUnit.length / Math.max(1, drugCodes.length)) * 10000) / 10000,
      noDoseReasons,
      importProblems,
    },
    codes,
    modifiers,
  };
}

/** JSON with one code per line: readable diffs when CMS files change. */
export function formatTable(table: GeneratedTable): string {
  const { codes, modifiers, ...head } = table;
  const body = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  const list = (items: unknown[]) => items.map((item) => `    ${JSON.stringify(item)}`).join(',\n');
  return `${body},\n  "codes": [\n${list(codes)}\n  ],\n  "modifiers": [\n${list(modifiers)}\n  ]\n}\n`;
}

if (require.main === module) {
  const dataDir = resolve(process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'data', 'cms'));
  const out = join(__dirname, '..', 'server', 'data', 'hcpcs.json');
  const table = generateTable(dataDir);
  writeFileSync(out, formatTable(table));
  const s = table.stats;
  console.log(
    `wrote ${out}: ${s.codes} codes, ${s.modifiers} modifiers; ${s.drugCodesWithUnit}/${s.drugCodes} drug codes with a billing unit (${(s.unitParsedShare * 100).toFixed(1)}%); ${s.importProblems.length} import problems`,
  );
}
