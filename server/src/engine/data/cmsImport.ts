// Readers for the CMS code files the bundled table is generated from (see docs/data.md):
// the Alpha-Numeric HCPCS file in its published fixed-width form, the same file as converted to
// CSV by a third party, and OPPS Addendum B. Each returns what it could read plus the problems.

export interface CmsCodeRecord {
  code: string;
  kind: 'procedure' | 'modifier';
  long: string;
  short: string;
  /** YYYY-MM-DD. */
  added?: string;
  actionEffective?: string;
  terminated?: string;
  actionCode?: string;
  /** The code CMS crosswalks a deleted code to. */
  crossReference?: string;
}

export interface CmsImport {
  records: CmsCodeRecord[];
  /** "line 12: …" for each record that could not be read. */
  problems: string[];
}

/** YYYYMMDD → YYYY-MM-DD, or undefined when blank or not a real date. */
export function cmsDate(text: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

function squeeze(text: string): string {
  return text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
}

function lines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Joins continuation records onto their first record, in sequence order. */
class RecordAssembler {
  readonly records: CmsCodeRecord[] = [];
  readonly problems: string[] = [];
  private readonly byKey = new Map<string, { record: CmsCodeRecord; parts: Array<[number, string]> }>();

  first(record: CmsCodeRecord, sequence: number, lineNumber: number): void {
    const key = `${record.kind}:${record.code}`;
    if (this.byKey.has(key)) {
      this.problems.push(`line ${lineNumber}: ${record.code} appears twice as a first record`);
      return;
    }
    this.byKey.set(key, { record, parts: [[sequence, record.long]] });
    this.records.push(record);
  }

  continuation(kind: CmsCodeRecord['kind'], code: string, sequence: number, text: string, lineNumber: number): void {
    const entry = this.byKey.get(`${kind}:${code}`);
    if (!entry) {
      this.problems.push(`line ${lineNumber}: continuation of ${code} before its first record`);
      return;
    }
    entry.parts.push([sequence, text]);
  }

  finish(): CmsImport {
    for (const { record, parts } of this.byKey.values()) {
      record.long = squeeze(
        parts
          .sort((a, b) => a[0] - b[0])
          .map(([, text]) => text)
          .join(' '),
      );
    }
    return { records: this.records, problems: this.problems };
  }
}

const RECORD_KIND: Record<string, { kind: CmsCodeRecord['kind']; first: boolean }> = {
  '3': { kind: 'procedure', first: true },
  '4': { kind: 'procedure', first: false },
  '7': { kind: 'modifier', first: true },
  '8': { kind: 'modifier', first: false },
};

/** The CMS Alpha-Numeric HCPCS file, fixed width (320 characters a record; layout in docs/data.md). */
export function parseFixedWidthHcpcs(text: string): CmsImport {
  const assembler = new RecordAssembler();
  lines(text).forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    const kind = RECORD_KIND[line.charAt(10)];
    const sequence = Number(line.slice(5, 10));
    if (line.length < 91 || !kind || !Number.isInteger(sequence)) {
      assembler.problems.push(`line ${lineNumber}: not a HCPCS record (${line.length} characters, record id "${line.charAt(10)}")`);
      return;
    }
    // Modifier codes sit right-aligned in columns 1–5 of the published file ("   JW").
    const code = line.slice(0, 5).trim();
    const long = line.slice(11, 91);
    if (!kind.first) {
      assembler.continuation(kind.kind, code, sequence, long, lineNumber);
      return;
    }
    const field = (from: number, to: number) => line.slice(from - 1, to).trim();
    const crossReference = field(205, 209);
    assembler.first(
      {
        code,
        kind: kind.kind,
        long,
        short: squeeze(field(92, 119)),
        added: cmsDate(field(269, 276)),
        actionEffective: cmsDate(field(277, 284)),
        terminated: cmsDate(field(285, 292)),
        actionCode: field(293, 293) || undefined,
        crossReference: /^[A-Z0-9]{5}$/.test(crossReference) ? crossReference : undefined,
      },
      sequence,
      lineNumber,
    );
  });
  return assembler.finish();
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * The October 2025 HCPCS release as converted to CSV by a third party. `Code` is the fixed-width
 * columns 1–11 run together; everything after `Description1` is the rest of the record cut at
 * commas, so only the short descriptor, the cross reference and the added date are read from it.
 */
export function parseConvertedHcpcsCsv(text: string): CmsImport {
  const assembler = new RecordAssembler();
  const rows = parseCsv(text);
  const header = rows[0]?.map((h) => h.trim()) ?? [];
  const column = (name: string) => header.indexOf(name);
  const [codeAt, longAt, shortAt, xrefAt] = [column('Code'), column('Description1'), column('Description2'), column('Unknown1')];
  if (codeAt < 0 || longAt < 0) {
    return { records: [], problems: [`line 1: expected a header with Code and Description1, found "${header.join(',')}"`] };
  }
  rows.slice(1).forEach((row, index) => {
    const lineNumber = index + 2;
    if (row.length === 1 && row[0].trim() === '') return;
    const id = (row[codeAt] ?? '').trim();
    const match = /^([A-Z0-9]{5}|[A-Z0-9]{2})(\d{5})([3478])$/.exec(id);
    const kind = match ? RECORD_KIND[match[3]] : undefined;
    if (!match || !kind || (kind.kind === 'procedure') !== (match[1].length === 5)) {
      assembler.problems.push(`line ${lineNumber}: Code "${id}" is not code + sequence + record id`);
      return;
    }
    const [code, sequence] = [match[1], Number(match[2])];
    const long = row[longAt] ?? '';
    if (!kind.first) {
      assembler.continuation(kind.kind, code, sequence, long, lineNumber);
      return;
    }
    // The added date: the last field ends with a 0 flag, YYYYMMDD added, then the action year.
    const trailing = [...row].reverse().find((f) => /\d{12}\s*$/.test(f));
    const added = trailing ? cmsDate(/(\d{8})\d{4}\s*$/.exec(trailing)![1]) : undefined;
    const crossReference = xrefAt >= 0 ? (row[xrefAt] ?? '').trim() : '';
    assembler.first(
      {
        code,
        kind: kind.kind,
        long,
        short: squeeze((row[shortAt] ?? '').slice(0, 28)),
        added,
        crossReference: /^[A-Z0-9]{5}$/.test(crossReference) ? crossReference : undefined,
      },
      sequence,
      lineNumber,
    );
  });
  return assembler.finish();
}

export interface OppsEntry {
  code: string;
  short: string;
  status: string;
}

/** OPPS Addendum B as CSV: HCPCSCode, ShortDescriptor, StatusIndicator, … */
export function parseOppsAddendumB(text: string): { entries: OppsEntry[]; problems: string[] } {
  const rows = parseCsv(text);
  const header = rows[0]?.map((h) => h.trim()) ?? [];
  const [codeAt, shortAt, statusAt] = ['HCPCSCode', 'ShortDescriptor', 'StatusIndicator'].map((name) => header.indexOf(name));
  if (codeAt < 0 || statusAt < 0) {
    return { entries: [], problems: [`line 1: expected HCPCSCode and StatusIndicator columns, found "${header.join(',')}"`] };
  }
  const entries: OppsEntry[] = [];
  const problems: string[] = [];
  rows.slice(1).forEach((row, index) => {
    if (row.length === 1 && row[0].trim() === '') return;
    const code = (row[codeAt] ?? '').trim();
    if (!/^[A-Z0-9]{5}$/.test(code)) {
      problems.push(`line ${index + 2}: "${code}" is not a HCPCS code`);
      return;
    }
    entries.push({ code, short: squeeze(row[shortAt] ?? ''), status: (row[statusAt] ?? '').trim() });
  });
  return { entries, problems };
}
