// Generates the bundled code tables from the official CMS files (see docs/data.md):
//   server/data/hcpcs.json   HCPCS codes and modifiers (HCPCS files, OPPS Addendum B, ASP dosages)
//   server/data/asp.json     the ASP NDC–HCPCS crosswalk and the Part B payment limits
//   server/data/icd10cm.json ICD-10-CM codes and headers
//   npm run generate-tables [-- <cms data folder> [<icd10cm data folder>]]
//   (default ../shared/data/cms and ../shared/data/icd10cm)
// Every fact records the ids of the sources it came from.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseHcpcsDosage, parseNdcCrosswalk, parsePaymentLimits } from '../server/src/engine/data/aspImport';
import { drugNamesFromDescriptor, isDrugDescriptor, parseBillingUnit } from '../server/src/engine/data/billingUnit';
import { parseConvertedHcpcsCsv, parseFixedWidthHcpcs, parseOppsAddendumB, type CmsCodeRecord } from '../server/src/engine/data/cmsImport';
import { parseIcd10CodeList, parseIcd10File } from '../server/src/engine/data/icd10Import';
import type { BillingUnit, DataSource, HcpcsCode, NdcProduct, PaymentLimit } from '../server/src/engine/types';

export const SOURCE_FILES = {
  hcpcs2025: 'HCPC2025_OCT_ANWEB.converted.csv',
  hcpcs2019: 'HCPC2019_CONTR_ANWEB.txt',
  /** Slices of the January 2026 quarterly file (../shared/data/cms/README.md). */
  hcpcs2026: ['HCPC2026_JAN_ANWEB-modifiers.txt', 'HCPC2026_JAN_ANWEB-J.txt', 'HCPC2026_JAN_ANWEB-Q.txt', 'HCPC2026_JAN_ANWEB-C9.txt'],
  oppsB: 'opps-addendum-b-2026-04.csv',
  ndcCrosswalk: 'asp-ndc-hcpcs-crosswalk-2026-01.csv',
  paymentLimits: 'asp-payment-limits-2026-01.csv',
} as const;

export const ICD10_FILES = {
  codes: ['icd10cm-codes-2026-C00-D89.txt', 'icd10cm-codes-2026-Z00-Z99.txt'],
  codeList: ['icd10cm-codelist-2026-04-C00-D89.txt', 'icd10cm-codelist-2026-04-Z00-Z99.txt'],
  order: ['icd10cm-order-2025-04-C00-D89.txt', 'icd10cm-order-2025-04-Z00-Z99.txt'],
} as const;

/** The ranges the ICD-10-CM slices hold in full: a code there that is not in the table does not exist. */
export const ICD10_RANGES: Array<[string, string]> = [
  ['C00', 'D89'],
  ['Z00', 'Z99'],
];

export const SOURCES: DataSource[] = [
  {
    id: 'hcpcs-2026-01',
    title: 'CMS Alpha-Numeric HCPCS file, January 2026 quarterly release (fixed width; J, Q, C9 codes and all Level II modifiers): descriptors, added, action and termination dates. Takes precedence over the October 2025 file for the codes it holds',
    file: SOURCE_FILES.hcpcs2026.join(', '),
    release: '2026-01',
    url: 'https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system/quarterly-update',
  },
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
  {
    id: 'asp-2026-01',
    title: 'CMS Medicare Part B payment allowance limits, January–March 2026: the dosage of one billing unit (cross-checks the descriptor; fills it where the descriptor has none)',
    file: SOURCE_FILES.paymentLimits,
    release: '2026-01',
    url: 'https://www.cms.gov/medicare/payment/part-b-drugs/asp-pricing-files',
  },
];

/** A table row is the engine's own HcpcsCode: the loader reads it back as is. */
export type GeneratedCode = HcpcsCode;

/** A code whose ASP dosage does not match the unit read from its descriptor. */
export interface UnitMismatch {
  code: string;
  descriptor: string;
  asp: string;
}

export interface GeneratedTable {
  description: string;
  release: string;
  sources: DataSource[];
  stats: {
    codes: number;
    modifiers: number;
    /** Codes whose facts come from the January 2026 file, and of those the ones it added. */
    codesFrom2026: number;
    codesAddedIn2026: number;
    terminated: number;
    drugCodes: number;
    drugCodesWithUnit: number;
    unitParsedShare: number;
    /** Units read from the descriptor that the ASP dosage confirms, contradicts, or fills. */
    unitsCrossChecked: number;
    unitMismatches: UnitMismatch[];
    unitsFromAsp: number;
    noDoseReasons: Record<string, number>;
    importProblems: string[];
  };
  codes: GeneratedCode[];
  modifiers: Array<{ code: string; long: string; short: string; added?: string; terminated?: string; sources: string[] }>;
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const TO_BASE: Record<string, number> = { mcg: 0.001, mg: 1, g: 1000 };

/** Whether two billing units are the same amount ("0.5 mg" = "500 mcg"; mL, units by value). */
export function sameBillingUnit(a: BillingUnit, b: BillingUnit): boolean {
  if (a.unit in TO_BASE && b.unit in TO_BASE) return Math.abs(a.amount * TO_BASE[a.unit] - b.amount * TO_BASE[b.unit]) < 1e-9 * Math.max(1, a.amount * TO_BASE[a.unit]);
  return a.unit === b.unit && Math.abs(a.amount - b.amount) < 1e-9 * Math.max(1, a.amount);
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'latin1');

export function generateTable(dataDir: string): GeneratedTable {
  const current = parseConvertedHcpcsCsv(read(dataDir, SOURCE_FILES.hcpcs2025));
  const historic = parseFixedWidthHcpcs(read(dataDir, SOURCE_FILES.hcpcs2019));
  const opps = parseOppsAddendumB(read(dataDir, SOURCE_FILES.oppsB));
  const quarterly = SOURCE_FILES.hcpcs2026.map((file) => ({ file, ...parseFixedWidthHcpcs(read(dataDir, file)) }));
  const payment = parsePaymentLimits(read(dataDir, SOURCE_FILES.paymentLimits));
  const importProblems = [
    ...current.problems.map((p) => `${SOURCE_FILES.hcpcs2025} ${p}`),
    ...historic.problems.map((p) => `${SOURCE_FILES.hcpcs2019} ${p}`),
    ...opps.problems.map((p) => `${SOURCE_FILES.oppsB} ${p}`),
    ...quarterly.flatMap((q) => q.problems.map((p) => `${q.file} ${p}`)),
    ...payment.problems.map((p) => `${SOURCE_FILES.paymentLimits} ${p}`),
  ];

  const key = (r: CmsCodeRecord) => `${r.kind}:${r.code}`;
  const historicByKey = new Map(historic.records.map((r) => [key(r), r]));
  const currentByKey = new Map(current.records.map((r) => [key(r), r]));
  const newestByKey = new Map(quarterly.flatMap((q) => q.records).map((r) => [key(r), r]));
  const oppsByCode = new Map(opps.entries.map((e) => [e.code, e]));
  const dosageByCode = new Map(payment.rows.map((r) => [r.code, r.dosage]));

  /** Termination: from the 2019 file, else inferred from the 2025 cross reference. */
  const olderTermination = (record: CmsCodeRecord): { date: string; source: string } | undefined => {
    const old = historicByKey.get(key(record));
    if (old?.terminated && !(record.added && record.added > old.terminated)) return { date: old.terminated, source: 'hcpcs-2019' };
    const replacement = record.crossReference ? currentByKey.get(`${record.kind}:${record.crossReference}`) : undefined;
    if (replacement?.added && record.added && replacement.added > record.added && !oppsByCode.has(record.code)) {
      return { date: dayBefore(replacement.added), source: 'xref-inferred' };
    }
    return undefined;
  };

  // The January 2026 records win for the codes they hold; the 2025 file for the rest.
  const records: Array<{ record: CmsCodeRecord; sources: string[]; ended?: string }> = [];
  for (const record of current.records) {
    const newest = newestByKey.get(key(record));
    if (newest) continue;
    const ended = olderTermination(record);
    records.push({ record, sources: ended ? ['hcpcs-2025-10', ended.source] : ['hcpcs-2025-10'], ended: ended?.date });
  }
  for (const record of newestByKey.values()) records.push({ record, sources: ['hcpcs-2026-01'], ended: record.terminated });

  const codes: GeneratedCode[] = [];
  const modifiers: GeneratedTable['modifiers'] = [];
  const unitMismatches: UnitMismatch[] = [];
  let unitsCrossChecked = 0;
  let unitsFromAsp = 0;
  for (const { record, sources, ended } of records) {
    if (record.kind === 'modifier') {
      modifiers.push({ code: record.code, long: record.long, short: record.short, added: record.added, terminated: ended, sources });
      continue;
    }
    const status = oppsByCode.get(record.code)?.status;
    if (status) sources.push('opps-b-2026-04');
    const drug = isDrugDescriptor(record.code, record.long);
    const parsed = drug ? parseBillingUnit(record.long) : undefined;
    let unit = parsed && 'unit' in parsed ? parsed.unit : undefined;
    let noDose = parsed && 'noDose' in parsed ? parsed.noDose : undefined;
    let unitSource: string | undefined;
    const aspText = dosageByCode.get(record.code);
    const aspUnit = aspText ? parseHcpcsDosage(aspText) : undefined;
    if (drug && aspUnit) {
      if (unit) {
        unitsCrossChecked++;
        if (!sameBillingUnit(unit, aspUnit)) unitMismatches.push({ code: record.code, descriptor: unit.text, asp: aspText! });
      } else {
        unit = aspUnit;
        unitSource = 'asp-2026-01';
        noDose = undefined;
        unitsFromAsp++;
        sources.push('asp-2026-01');
      }
    }
    codes.push({
      code: record.code,
      long: record.long,
      short: record.short,
      added: record.added,
      terminated: ended,
      unit,
      unitSource,
      noDose,
      drugNames: drug ? drugNamesFromDescriptor(record.long) : [],
      opps: status,
      sources,
    });
  }
  // Level II codes newer than the HCPCS files: known only by their OPPS short descriptor.
  const known = new Set(codes.map((c) => c.code));
  for (const entry of opps.entries) {
    if (!/^[A-Z]/.test(entry.code) || known.has(entry.code)) continue;
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

  const fromHcpcsFile = (c: GeneratedCode) => c.sources.includes('hcpcs-2025-10') || c.sources.includes('hcpcs-2026-01');
  const drugCodes = codes.filter((c) => fromHcpcsFile(c) && isDrugDescriptor(c.code, c.long));
  const withUnit = drugCodes.filter((c) => c.unit);
  const noDoseReasons: Record<string, number> = {};
  for (const c of drugCodes) if (c.noDose) noDoseReasons[c.noDose] = (noDoseReasons[c.noDose] ?? 0) + 1;
  const from2026 = codes.filter((c) => c.sources.includes('hcpcs-2026-01'));
  return {
    description: 'HCPCS Level II codes and modifiers generated by scripts/generate-tables.ts from the CMS files listed in sources. Do not edit by hand.',
    release: 'HCPCS 2026-01 (J, Q, C9 codes, modifiers) and 2025-10 (CMS); OPPS Addendum B 2026-04; ASP 2026-01',
    sources: SOURCES,
    stats: {
      codes: codes.length,
      modifiers: modifiers.length,
      codesFrom2026: from2026.length,
      codesAddedIn2026: from2026.filter((c) => !currentByKey.has(`procedure:${c.code}`)).length,
      terminated: codes.filter((c) => c.terminated).length,
      drugCodes: drugCodes.length,
      drugCodesWithUnit: withUnit.length,
      unitParsedShare: Math.round((withUnit.length / Math.max(1, drugCodes.length)) * 10000) / 10000,
      unitsCrossChecked,
      unitMismatches,
      unitsFromAsp,
      noDoseReasons,
      importProblems,
    },
    codes,
    modifiers,
  };
}

/** JSON with one row per line: readable diffs when CMS files change. */
function formatRows(head: object, lists: Record<string, unknown[]>): string {
  const body = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  const list = (items: unknown[]) => items.map((item) => `    ${JSON.stringify(item)}`).join(',\n');
  const parts = Object.entries(lists).map(([name, items]) => `  ${JSON.stringify(name)}: [\n${list(items)}\n  ]`);
  return `${body},\n${parts.join(',\n')}\n}\n`;
}

export function formatTable(table: GeneratedTable): string {
  const { codes, modifiers, ...head } = table;
  return formatRows(head, { codes, modifiers });
}

// -----------------------------------------------------------------------------------------------
// asp.json: the NDC crosswalk and the payment limits of one quarter

export interface GeneratedAspTable {
  description: string;
  release: string;
  quarter: { from: string; to: string };
  sources: DataSource[];
  stats: { ndcs: number; ndcCodes: number; ndcsUnderSeveralCodes: number; paymentCodes: number; importProblems: string[] };
  payment: PaymentLimit[];
  ndcs: NdcProduct[];
}

export function generateAspTable(dataDir: string): GeneratedAspTable {
  const crosswalk = parseNdcCrosswalk(read(dataDir, SOURCE_FILES.ndcCrosswalk));
  const payment = parsePaymentLimits(read(dataDir, SOURCE_FILES.paymentLimits));
  const quarter = crosswalk.quarter ?? payment.quarter;
  if (!quarter || (payment.quarter && crosswalk.quarter && (payment.quarter.from !== crosswalk.quarter.from || payment.quarter.to !== crosswalk.quarter.to))) {
    throw new Error(`${SOURCE_FILES.ndcCrosswalk} and ${SOURCE_FILES.paymentLimits}: no common "Effective … through …" quarter`);
  }
  const release = quarter.from.slice(0, 7);
  const perNdc = new Map<string, number>();
  for (const row of crosswalk.rows) perNdc.set(row.ndc, (perNdc.get(row.ndc) ?? 0) + 1);
  return {
    description: 'CMS ASP NDC–HCPCS crosswalk and Medicare Part B payment allowance limits for one quarter, generated by scripts/generate-tables.ts. Do not edit by hand.',
    release,
    quarter,
    sources: [
      { id: `asp-ndc-${release}`, title: `CMS ASP NDC–HCPCS crosswalk, effective ${quarter.from} through ${quarter.to}`, file: SOURCE_FILES.ndcCrosswalk, release, url: 'https://www.cms.gov/medicare/payment/part-b-drugs/asp-pricing-files' },
      { id: `asp-${release}`, title: `CMS Medicare Part B payment allowance limits, effective ${quarter.from} through ${quarter.to}`, file: SOURCE_FILES.paymentLimits, release, url: 'https://www.cms.gov/medicare/payment/part-b-drugs/asp-pricing-files' },
    ],
    stats: {
      ndcs: perNdc.size,
      ndcCodes: new Set(crosswalk.rows.map((r) => r.code)).size,
      ndcsUnderSeveralCodes: [...perNdc.values()].filter((n) => n > 1).length,
      paymentCodes: payment.rows.length,
      importProblems: [...crosswalk.problems.map((p) => `${SOURCE_FILES.ndcCrosswalk} ${p}`), ...payment.problems.map((p) => `${SOURCE_FILES.paymentLimits} ${p}`)],
    },
    payment: payment.rows,
    ndcs: crosswalk.rows,
  };
}

export function formatAspTable(table: GeneratedAspTable): string {
  const { payment, ndcs, ...head } = table;
  return formatRows(head, { payment, ndcs });
}

// -----------------------------------------------------------------------------------------------
// icd10cm.json: FY2026 billable codes, with the headers above them

export interface GeneratedIcd10Table {
  description: string;
  release: string;
  sources: DataSource[];
  ranges: Array<[string, string]>;
  stats: { billable: number; headers: number; headersWithoutDescription: string[] };
  /** Billable code (no dot) → long description. */
  codes: Record<string, string>;
  /** Header (category or subcategory, not billable) → its description, from the FY2025 order file when it had one. */
  headers: Record<string, string>;
}

/** Said of a FY2026 header the FY2025 order file does not have (its title is not in the bundled files). */
export const NEW_HEADER_DESCRIPTION = 'category new in FY2026 (its title is not in the bundled files)';

export function generateIcd10Table(icdDir: string): GeneratedIcd10Table {
  const readText = (file: string) => readFileSync(join(icdDir, file), 'utf8');
  const codes: Record<string, string> = {};
  for (const file of ICD10_FILES.codes) for (const entry of parseIcd10File(readText(file))) codes[entry.code] = entry.description;
  const older = new Map<string, string>();
  for (const file of ICD10_FILES.order) for (const entry of parseIcd10File(readText(file))) older.set(entry.code, entry.description);
  const headers: Record<string, string> = {};
  const headersWithoutDescription: string[] = [];
  for (const file of ICD10_FILES.codeList) {
    for (const code of parseIcd10CodeList(readText(file))) {
      if (code in codes || code in headers) continue;
      const description = older.get(code);
      if (description === undefined) headersWithoutDescription.push(code);
      headers[code] = description ?? NEW_HEADER_DESCRIPTION;
    }
  }
  const sorted = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    description: 'ICD-10-CM FY2026 billable codes and the headers above them in the ranges listed, generated by scripts/generate-tables.ts. Do not edit by hand.',
    release: 'ICD-10-CM FY2026 (effective 2025-10-01; unchanged in these ranges by the April 1, 2026 update)',
    sources: [
      { id: 'icd10cm-2026', title: 'ICD-10-CM FY2026 codes file (billable codes and long descriptions), chapters C00–D89 and Z00–Z99', file: ICD10_FILES.codes.join(', '), release: 'FY2026', url: 'https://www.cms.gov/medicare/coding-billing/icd-10-codes' },
      { id: 'icd10cm-list-2026-04', title: 'ICD-10-CM April 1, 2026 code list (codes and headers, no descriptions): which codes are headers', file: ICD10_FILES.codeList.join(', '), release: '2026-04' },
      { id: 'icd10cm-order-2025-04', title: 'ICD-10-CM FY2025 order file, April 2025 update: descriptions of the headers', file: ICD10_FILES.order.join(', '), release: 'FY2025' },
    ],
    ranges: ICD10_RANGES,
    stats: { billable: Object.keys(codes).length, headers: Object.keys(headers).length, headersWithoutDescription },
    codes: sorted(codes),
    headers: sorted(headers),
  };
}

export function formatIcd10Table(table: GeneratedIcd10Table): string {
  const { codes, headers, ...head } = table;
  const map = (record: Record<string, string>) =>
    Object.entries(record)
      .map(([code, description]) => `    ${JSON.stringify(code)}: ${JSON.stringify(description)}`)
      .join(',\n');
  const body = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${body},\n  "codes": {\n${map(codes)}\n  },\n  "headers": {\n${map(headers)}\n  }\n}\n`;
}

if (require.main === module) {
  const cmsDir = resolve(process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'data', 'cms'));
  const icdDir = resolve(process.argv[3] ?? join(cmsDir, '..', 'icd10cm'));
  const dataOut = join(__dirname, '..', 'server', 'data');
  const table = generateTable(cmsDir);
  writeFileSync(join(dataOut, 'hcpcs.json'), formatTable(table));
  const s = table.stats;
  console.log(
    `wrote hcpcs.json: ${s.codes} codes (${s.codesFrom2026} from the January 2026 file, ${s.codesAddedIn2026} added there), ${s.modifiers} modifiers; ${s.drugCodesWithUnit}/${s.drugCodes} drug codes with a billing unit (${(s.unitParsedShare * 100).toFixed(1)}%, ${s.unitsFromAsp} from the ASP dosage); ${s.unitsCrossChecked} units cross-checked, ${s.unitMismatches.length} mismatched; ${s.importProblems.length} import problems`,
  );
  const asp = generateAspTable(cmsDir);
  writeFileSync(join(dataOut, 'asp.json'), formatAspTable(asp));
  console.log(`wrote asp.json: ${asp.stats.ndcs} NDCs under ${asp.stats.ndcCodes} codes, ${asp.stats.paymentCodes} payment limits, quarter ${asp.quarter.from} – ${asp.quarter.to}; ${asp.stats.importProblems.length} import problems`);
  const icd = generateIcd10Table(icdDir);
  writeFileSync(join(dataOut, 'icd10cm.json'), formatIcd10Table(icd));
  console.log(`wrote icd10cm.json: ${icd.stats.billable} billable codes, ${icd.stats.headers} headers (${icd.stats.headersWithoutDescription.length} without a title)`);
}
