// Writes 837P/837I files for the tests from the public segment layout (ISA/GS/ST envelope, HL
// loops, SBR, NM1, CLM, HI, REF, LX, SV1/SV2, DTP, LIN, CTP). No implementation-guide text.

export interface X12Delims {
  element: string;
  component: string;
  repetition: string;
  segment: string;
  /** Written after each segment terminator ('' for one long line). */
  newline: string;
}

export const STANDARD: X12Delims = { element: '*', component: ':', repetition: '^', segment: '~', newline: '\n' };
export const ONE_LINE: X12Delims = { ...STANDARD, newline: '' };
export const UNUSUAL: X12Delims = { element: '|', component: '^', repetition: '{', segment: '!', newline: '\r\n' };

export interface X12Line {
  /** `J9039`, with modifiers in `mods`. */
  code: string;
  mods?: string[];
  charge?: string;
  units?: string;
  /** SV107 pointers, e.g. ['1', '2']. */
  pointers?: string[];
  /** CCYYMMDD. */
  date?: string;
  /** LIN*N4 NDC and its CTP quantity and unit. */
  ndc?: string;
  ndcQualifier?: string;
  ndcQuantity?: string;
  ndcUnit?: string;
  /** 837I revenue code. */
  revenue?: string;
}

export interface X12Claim {
  id: string;
  /** SBR09: MB, MC, CI… */
  filing?: string;
  payerId?: string;
  /** ICD-10 codes, first = principal (ABK). */
  dx?: string[];
  pos?: string;
  auth?: string;
  /** Claim-level date (DTP*472 for 837P, DTP*434 for 837I), CCYYMMDD. */
  date?: string;
  lines: X12Line[];
}

/** An ISA segment of the fixed width, with these delimiters. */
function isa(d: X12Delims): string[] {
  return ['ISA', '00', ' '.repeat(10), '00', ' '.repeat(10), 'ZZ', 'SUBMITTER'.padEnd(15), 'ZZ', 'RECEIVER'.padEnd(15), '250101', '1200', d.repetition, '00501', '000000001', '0', 'T', d.component];
}

export function write837(claims: X12Claim[], options: { delims?: X12Delims; variant?: '837P' | '837I' } = {}): string {
  const d = options.delims ?? STANDARD;
  const variant = options.variant ?? '837P';
  const version = variant === '837P' ? '005010X222A1' : '005010X223A2';
  const segments: string[][] = [];
  const c = (...parts: string[]) => parts.join(d.component);
  segments.push(isa(d));
  segments.push(['GS', 'HC', 'SUBMITTER', 'RECEIVER', '20250101', '1200', '1', 'X', version]);
  segments.push(['ST', '837', '0001', version]);
  segments.push(['BHT', '0019', '00', 'BATCH1', '20250101', '1200', 'CH']);
  segments.push(['NM1', '41', '2', 'SUBMITTER CLINIC', '', '', '', '', '46', 'S1']);
  segments.push(['HL', '1', '', '20', '1']);
  segments.push(['NM1', '85', '2', 'BILLING CLINIC', '', '', '', '', 'XX', '1234567893']);
  let hl = 2;
  for (const claim of claims) {
    segments.push(['HL', String(hl++), '1', '22', '0']);
    segments.push(['SBR', 'P', '18', '', '', '', '', '', '', claim.filing ?? '']);
    segments.push(['NM1', 'IL', '1', 'DOE', 'JANE', '', '', '', 'MI', 'M123']);
    segments.push(['NM1', 'PR', '2', 'PAYER', '', '', '', '', 'PI', claim.payerId ?? 'P00001']);
    const place = variant === '837P' ? c(claim.pos ?? '11', 'B', '1') : c(claim.pos ?? '13', 'A', '1');
    segments.push(['CLM', claim.id, '100', '', '', place, 'Y', 'A', 'Y', 'Y']);
    if (claim.date) segments.push(['DTP', variant === '837P' ? '472' : '434', variant === '837P' ? 'D8' : 'RD8', variant === '837P' ? claim.date : `${claim.date}-${claim.date}`]);
    if (claim.auth) segments.push(['REF', 'G1', claim.auth]);
    if (claim.dx && claim.dx.length > 0) {
      const principal = variant === '837P' ? 'ABK' : 'ABK';
      segments.push(['HI', ...claim.dx.map((code, i) => c(i === 0 ? principal : 'ABF', code))]);
    }
    claim.lines.forEach((line, i) => {
      segments.push(['LX', String(i + 1)]);
      const composite = c('HC', line.code, ...(line.mods ?? []));
      if (variant === '837P') {
        const sv1 = ['SV1', composite, line.charge ?? '100', 'UN', line.units ?? '1', '', ''];
        if (line.pointers) sv1.push(c(...line.pointers));
        segments.push(sv1);
      } else {
        segments.push(['SV2', line.revenue ?? '0636', composite, line.charge ?? '100', 'UN', line.units ?? '1']);
      }
      if (line.date) segments.push(['DTP', '472', 'D8', line.date]);
      if (line.ndc) {
        segments.push(['LIN', '', line.ndcQualifier ?? 'N4', line.ndc]);
        if (line.ndcQuantity !== '') segments.push(['CTP', '', '', '', line.ndcQuantity ?? '1', c(line.ndcUnit ?? 'UN')]);
      }
    });
  }
  const count = segments.length - 2 + 1;
  segments.push(['SE', String(count), '0001']);
  segments.push(['GE', '1', '1']);
  segments.push(['IEA', '1', '000000001']);
  return segments.map((s) => s.join(d.element) + d.segment + d.newline).join('');
}

/** A large 837P for the benchmark: `lines` service lines, 10 a claim. */
export function large837(lines: number): string {
  const claims: X12Claim[] = [];
  for (let i = 0; i < lines / 10; i++) {
    claims.push({
      id: `CLM${i}`,
      filing: i % 2 === 0 ? 'MB' : 'MC',
      dx: ['C9100'],
      lines: Array.from({ length: 10 }, (_, j) => ({ code: j % 2 === 0 ? 'J9039' : '96413', mods: j % 4 === 0 ? ['JZ'] : [], units: '28', date: '20250115', ndc: j % 2 === 0 ? '55513016001' : undefined, ndcQuantity: '1', ndcUnit: 'UN' })),
    });
  }
  return write837(claims, { delims: STANDARD });
}
