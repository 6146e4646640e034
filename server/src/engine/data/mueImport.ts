// Reader for the CMS MUE tables (practitioner, outpatient hospital or DME supplier services) as a
// user downloads them from the CMS NCCI pages, in CSV: a few lines of notices above the header
//   "HCPCS/CPT Code","Practitioner Services MUE Values","MUE Adjudication Indicator","MUE Rationale"
// and a row per code; the indicator reads "3 Date of Service Edit: Clinical" and the like.
import type { MueLimit } from '../types';
import { parseCsv } from './cmsImport';

export interface MueImport {
  /** "practitioner", "outpatient hospital" or "DME supplier", from the header. */
  table?: string;
  limits: MueLimit[];
  /** "line 12: …" for each row that could not be read; a file with any is not to be loaded. */
  problems: string[];
}

const CODE = /^[A-Z0-9][0-9]{3}[A-Z0-9]$/;

/** Reads one MUE CSV; `source` and `release` are recorded on every row (e.g. the file name and its effective date). */
export function parseMueCsv(text: string, source: string, release?: string): MueImport {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const headerIndex = rows.findIndex((row) => /^HCPCS\s*\/\s*CPT\s+Code$/i.test((row[0] ?? '').trim()) && /MUE Values$/i.test((row[1] ?? '').trim()));
  if (headerIndex < 0) return { limits: [], problems: ['no header row "HCPCS/CPT Code", "… MUE Values" (not a CMS MUE table)'] };
  const header = rows[headerIndex].map((h) => h.trim());
  const maiAt = header.findIndex((h) => /adjudication indicator/i.test(h));
  if (maiAt < 0) return { limits: [], problems: [`line ${headerIndex + 1}: no "MUE Adjudication Indicator" column`] };
  const table = header[1].replace(/\s*Services\s+MUE Values$/i, '').trim().toLowerCase().replace(/^dme/, 'DME');
  const limits: MueLimit[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  rows.slice(headerIndex + 1).forEach((row, index) => {
    const lineNumber = headerIndex + index + 2;
    if (row.every((cell) => cell.trim() === '')) return;
    const code = (row[0] ?? '').trim().toUpperCase();
    const valueText = (row[1] ?? '').trim();
    const maiText = (row[maiAt] ?? '').trim();
    if (!CODE.test(code)) return void problems.push(`line ${lineNumber}: HCPCS/CPT Code "${code.slice(0, 20)}" is not a code`);
    if (!/^\d+$/.test(valueText)) return void problems.push(`line ${lineNumber}: ${header[1]} "${valueText.slice(0, 20)}" for ${code} is not a whole number`);
    const mai = /^([123])\b/.exec(maiText)?.[1];
    if (!mai) return void problems.push(`line ${lineNumber}: MUE Adjudication Indicator "${maiText.slice(0, 30)}" for ${code} is not 1, 2 or 3`);
    if (seen.has(code)) return void problems.push(`line ${lineNumber}: ${code} is listed twice`);
    seen.add(code);
    limits.push({ code, value: Number(valueText), mai: Number(mai) as 1 | 2 | 3, table: `CMS ${table} MUE table`, source, release });
  });
  return { table, limits, problems };
}
