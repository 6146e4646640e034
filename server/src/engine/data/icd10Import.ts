// Readers for the CMS/CDC ICD-10-CM release files (see docs/data.md):
// - the codes file (icd10cm-codes-<year>.txt): billable codes only, the code without its dot in
//   an 8-character field, then the long description;
// - the order file (icd10cm-order-<year>.txt): every code and header, fixed width: cols 1–5
//   order number, 7–13 code, 15 flag (1 billable, 0 header), 17–76 short, 78– long description;
// - a plain code list (one code, block "C00-C96" or chapter number per line), which names the
//   headers of a release that has no order file.

export interface Icd10Entry {
  /** Upper case, without the dot: C9100. */
  code: string;
  /** True for a code valid on a claim (flag 1), false for a header (flag 0). */
  billable: boolean;
  /** The long description (the full title); empty for a bare code list. */
  description: string;
  /** The order number, when the line came from the order file. */
  order?: number;
}

const ORDER_LINE = /^(\d{5}) ([A-Z][0-9][0-9A-Z]{1,5}) *([01]) /;
const CODES_LINE = /^([A-Z][0-9][0-9A-Z]{1,5})\s+(\S.*)$/;
const LIST_CODE = /^[A-Z][0-9][0-9A-Z]{1,5}$/;

/** One line of the order file (or of the codes file); undefined for a blank or foreign line. */
export function parseIcd10Line(line: string): Icd10Entry | undefined {
  const text = line.replace(/\r$/, '');
  const order = ORDER_LINE.exec(text);
  if (order && text.length > 16) {
    const short = text.slice(16, 76).trim();
    const long = text.slice(77).trim();
    return { order: Number(order[1]), code: order[2], billable: order[3] === '1', description: long || short };
  }
  const plain = CODES_LINE.exec(text);
  if (plain) return { code: plain[1], billable: true, description: plain[2].trim() };
  return undefined;
}

/** Every code and header of an order file (or every code of a codes file), in file order. */
export function parseIcd10File(text: string): Icd10Entry[] {
  const entries: Icd10Entry[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split('\n')) {
    const entry = parseIcd10Line(line);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** The codes of a plain code list (blocks and chapter numbers left out), in file order. */
export function parseIcd10CodeList(text: string): string[] {
  const codes: string[] = [];
  for (const line of text.split('\n')) {
    const code = line.trim();
    if (LIST_CODE.test(code)) codes.push(code);
  }
  return codes;
}

