// `claimcheck import`: recognises the CMS files a billing office downloads each quarter by their
// content — the Alpha-Numeric HCPCS file (fixed width), the ASP NDC–HCPCS crosswalk, the ASP
// payment-limit file, the ICD-10-CM codes (or order) file and an MUE table — and makes one
// code-table file (a "table pack") of them. The workspace config lists it under "tables"; the
// loader reads it over the bundled tables, code by code (tables.ts).
//
// A file with any record that cannot be read is refused as a whole, with the line and field.
import type { DataSource, HcpcsCode, MueLimit, NdcProduct, PaymentLimit } from '../types';
import { parseNdcCrosswalk, parsePaymentLimits, type Quarter } from './aspImport';
import { drugNamesFromDescriptor, isDrugDescriptor, parseBillingUnit } from './billingUnit';
import { parseFixedWidthHcpcs } from './cmsImport';
import { parseIcd10File } from './icd10Import';
import { parseMueCsv } from './mueImport';

export const TABLE_PACK_FORMAT = 'claimcheck-tables/1';

export type ImportKind = 'hcpcs' | 'ndc-crosswalk' | 'payment-limits' | 'icd10' | 'mue';

export const IMPORT_KIND_NAMES: Record<ImportKind, string> = {
  hcpcs: 'CMS HCPCS quarterly file (fixed width)',
  'ndc-crosswalk': 'CMS ASP NDC–HCPCS crosswalk',
  'payment-limits': 'CMS ASP payment allowance limits',
  icd10: 'ICD-10-CM codes file',
  mue: 'CMS MUE table',
};

/** What `claimcheck import` writes: every part optional; each record names its source. */
export interface TablePack {
  format: typeof TABLE_PACK_FORMAT;
  description: string;
  sources: DataSource[];
  hcpcs?: { release: string; codes: HcpcsCode[]; modifiers: Array<{ code: string; long: string; short: string; added?: string; terminated?: string }> };
  asp?: { release: string; quarter?: Quarter; ndcs?: NdcProduct[]; payment?: PaymentLimit[] };
  icd10?: { release: string; codes: Record<string, string>; headers?: Record<string, string> };
  mue?: MueLimit[];
}

export interface ImportedFile {
  file: string;
  kind: ImportKind;
  release: string;
  records: number;
}

/** `skipped`: with `lenient`, the rows left out, each named by file, line and field. */
export type ImportResult = { ok: true; pack: TablePack; files: ImportedFile[]; skipped: string[] } | { ok: false; problems: string[] };

const FIRST_LINES = 40;

/** Which CMS file a text is, from its first lines; undefined when none. */
export function recogniseFile(text: string): ImportKind | undefined {
  const head = text.replace(/^\uFEFF/, '').split(/\r?\n/, FIRST_LINES);
  if (head.some((line) => /^"?_\d{4}_CODE"?,/i.test(line) && /NDC2/i.test(line))) return 'ndc-crosswalk';
  if (head.some((line) => /^"?HCPCS Code"?,.*Payment Limit/i.test(line))) return 'payment-limits';
  if (head.some((line) => /^"?HCPCS\s*\/\s*CPT Code"?,.*MUE Values/i.test(line))) return 'mue';
  const records = head.filter((line) => line.length >= 300 && /^[ A-Z0-9]{5}\d{5}[3478]/.test(line));
  if (records.length > 0 && records.length >= head.filter((l) => l.trim() !== '').length / 2) return 'hcpcs';
  const codes = head.filter((line) => /^[A-Z][0-9][0-9A-Z]{1,5}\s+\S/.test(line) || /^\d{5} [A-Z][0-9][0-9A-Z]{1,5} *[01] /.test(line));
  if (codes.length > 0 && codes.length >= head.filter((l) => l.trim() !== '').length / 2) return 'icd10';
  return undefined;
}

const MONTHS: Record<string, string> = { JAN: '01', APR: '04', JUL: '07', OCT: '10' };

/** "HCPC2026_APR_ANWEB.txt" → 2026-04; "icd10cm-codes-2027.txt" → FY2027; else the fallback. */
export function releaseFromName(name: string, kind: ImportKind, fallback: string): string {
  const hcpcs = /HCPC(\d{4})_(JAN|APR|JUL|OCT)/i.exec(name);
  if (kind === 'hcpcs' && hcpcs) return `${hcpcs[1]}-${MONTHS[hcpcs[2].toUpperCase()]}`;
  const icd = /icd10cm[-_](?:codes|order)[-_](\d{4})/i.exec(name);
  if (kind === 'icd10' && icd) return `FY${icd[1]}`;
  const mue = /Eff_(\d{2})-\d{2}-(\d{4})/i.exec(name);
  if (kind === 'mue' && mue) return `${mue[2]}-${mue[1]}`;
  return fallback;
}

/**
 * Builds a table pack from files given as name and text. A file with a record that cannot be
 * read refuses the whole import; `lenient` leaves such records out instead (and lists them), for
 * a CMS file with a stray row (the January 2026 crosswalk has a 12-digit NDC).
 */
export function importTables(files: Array<{ name: string; text: string }>, { lenient = false }: { lenient?: boolean } = {}): ImportResult {
  const problems: string[] = [];
  const skipped: string[] = [];
  const pack: TablePack = { format: TABLE_PACK_FORMAT, description: 'Code tables imported by claimcheck import; listed under "tables" in .claimcheck.json. Do not edit by hand.', sources: [] };
  const imported: ImportedFile[] = [];
  for (const { name, text } of files) {
    const kind = recogniseFile(text);
    if (!kind) {
      problems.push(`${name}: not a file claimcheck can import (expected a CMS HCPCS quarterly file, ASP NDC–HCPCS crosswalk, ASP payment-limit file, ICD-10-CM codes file or CMS MUE table)`);
      continue;
    }
    const before = problems.length;
    // A file that is not what it seemed (no header, no records) is refused even when lenient.
    const fail = (list: string[], rowsRead = 0) => (lenient && rowsRead > 0 ? skipped : problems).push(...list.map((p) => `${name} ${p}`));
    const id = `import-${kind}-${imported.length + 1}`;
    if (kind === 'hcpcs') {
      const parsed = parseFixedWidthHcpcs(text);
      // Lines before the first record (a notice, as in the annual file) are not records to import.
      const start = recordStart(text);
      fail(parsed.problems.filter((p) => Number(/^line (\d+)/.exec(p)?.[1] ?? Infinity) >= start), parsed.records.length);
      if (problems.length > before) continue;
      const release = releaseFromName(name, kind, latestDate(parsed.records.map((r) => r.actionEffective ?? r.added)) ?? 'unknown');
      const codes: HcpcsCode[] = [];
      const modifiers: NonNullable<TablePack['hcpcs']>['modifiers'] = [];
      for (const r of parsed.records) {
        if (r.kind === 'modifier') {
          modifiers.push({ code: r.code, long: r.long, short: r.short, added: r.added, terminated: r.terminated });
          continue;
        }
        const drug = isDrugDescriptor(r.code, r.long);
        const unit = drug ? parseBillingUnit(r.long) : undefined;
        codes.push({
          code: r.code,
          long: r.long,
          short: r.short,
          added: r.added,
          terminated: r.terminated,
          unit: unit && 'unit' in unit ? unit.unit : undefined,
          noDose: unit && 'noDose' in unit ? unit.noDose : undefined,
          drugNames: drug ? drugNamesFromDescriptor(r.long) : [],
          sources: [id],
        });
      }
      pack.hcpcs = { release, codes: [...(pack.hcpcs?.codes ?? []), ...codes], modifiers: [...(pack.hcpcs?.modifiers ?? []), ...modifiers] };
      pack.sources.push({ id, title: `${IMPORT_KIND_NAMES[kind]}, imported`, file: name, release });
      imported.push({ file: name, kind, release, records: codes.length + modifiers.length });
    } else if (kind === 'ndc-crosswalk' || kind === 'payment-limits') {
      const parsed = kind === 'ndc-crosswalk' ? parseNdcCrosswalk(text) : parsePaymentLimits(text);
      fail(parsed.problems, parsed.rows.length);
      if (problems.length > before) continue;
      const release = parsed.quarter ? parsed.quarter.from.slice(0, 7) : releaseFromName(name, kind, 'unknown');
      const asp = pack.asp ?? { release, quarter: parsed.quarter };
      if (kind === 'ndc-crosswalk') asp.ndcs = parsed.rows as NdcProduct[];
      else asp.payment = parsed.rows as PaymentLimit[];
      pack.asp = asp;
      pack.sources.push({ id, title: `${IMPORT_KIND_NAMES[kind]}${parsed.quarter ? `, effective ${parsed.quarter.from} through ${parsed.quarter.to}` : ''}, imported`, file: name, release });
      imported.push({ file: name, kind, release, records: parsed.rows.length });
    } else if (kind === 'icd10') {
      const lines = text.replace(/^\uFEFF/, '').split('\n');
      const entries = parseIcd10File(text);
      const bad = lines.flatMap((line, i) => (line.trim() !== '' && parseIcd10File(line).length === 0 ? [`line ${i + 1}: "${line.slice(0, 30)}" is not an ICD-10-CM code line (code, spaces, description)`] : []));
      fail(bad, entries.length);
      if (problems.length > before) continue;
      const release = releaseFromName(name, kind, 'unknown');
      const codes: Record<string, string> = { ...(pack.icd10?.codes ?? {}) };
      const headers: Record<string, string> = { ...(pack.icd10?.headers ?? {}) };
      for (const entry of entries) (entry.billable ? codes : headers)[entry.code] = entry.description;
      pack.icd10 = { release, codes, headers };
      pack.sources.push({ id, title: `${IMPORT_KIND_NAMES[kind]}, imported`, file: name, release });
      imported.push({ file: name, kind, release, records: entries.length });
    } else {
      const release = releaseFromName(name, kind, 'unknown');
      const parsed = parseMueCsv(text, name, release);
      fail(parsed.problems, parsed.limits.length);
      if (problems.length > before) continue;
      pack.mue = [...(pack.mue ?? []), ...parsed.limits];
      pack.sources.push({ id, title: `CMS ${parsed.table} MUE table, imported`, file: name, release });
      imported.push({ file: name, kind, release, records: parsed.limits.length });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, pack, files: imported, skipped };
}

/** The 1-based line of the first fixed-width record. */
function recordStart(text: string): number {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => line.length >= 91 && /^[ A-Z0-9]{5}\d{5}[3478]/.test(line));
  return index < 0 ? 1 : index + 1;
}

function latestDate(dates: Array<string | undefined>): string | undefined {
  let latest: string | undefined;
  for (const date of dates) if (date && (!latest || date > latest)) latest = date;
  return latest?.slice(0, 7);
}

export function formatTablePack(pack: TablePack): string {
  return `${JSON.stringify(pack, null, 2)}\n`;
}
