// A generated, realistic "month of claims" for npm run bench: an oncology infusion centre's
// January, one claim per visit (infusion codes, premedications, one or two drugs with their
// JW/JZ lines), most of them clean and over a third with the mistakes billing offices make.
// The same claims are rendered as a claim file and as JSON (one JSON line per claim-file line,
// for the vscode-json-languageservice peer), so both checkers get the same content.
// Deterministic: the same line count always gives the same text.

/** One key=value field, in the order it is written. A value of undefined writes `key=` (a syntax slip). */
type Field = [key: string, value: string | undefined];

export interface ServiceLineSpec {
  code: string;
  modifiers: string[];
  fields: Field[];
  comment?: string;
  /** Ids silenced by a `# claims-disable-next-line` comment written above the line. */
  disable?: string;
}

export interface ClaimSpec {
  /** Full-line comments written above the header. */
  comments: string[];
  id: string;
  header: Field[];
  lines: ServiceLineSpec[];
}

/** A small, fast, seeded PRNG (mulberry32): the file must be the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A drug administration: the administered line (units = dose ÷ billing unit, up) and the vials opened. */
interface Drug {
  code: string;
  name: string;
  /** Billing unit in the dose's unit. */
  per: number;
  unit: 'mg' | 'mcg';
  doses: number[];
  /** Vial size; undefined = multi-dose or not stated (no JW/JZ). */
  vial?: number;
  dx: string[];
  /** Another drug's name, for a drug-code-mismatch. */
  other: string;
}

const DRUGS: Drug[] = [
  { code: 'J9271', name: 'pembrolizumab', per: 1, unit: 'mg', doses: [200, 400], vial: 100, dx: ['C34.90', 'C43.9', 'C67.9'], other: 'nivolumab' },
  { code: 'J9299', name: 'nivolumab', per: 1, unit: 'mg', doses: [240, 480, 210, 280], vial: 100, dx: ['C34.90', 'C43.9', 'C64.9'], other: 'pembrolizumab' },
  { code: 'J9022', name: 'atezolizumab', per: 10, unit: 'mg', doses: [1200, 840, 1680], vial: 840, dx: ['C34.90', 'C22.0'], other: 'durvalumab' },
  { code: 'J9173', name: 'durvalumab', per: 10, unit: 'mg', doses: [1500, 1120], vial: 500, dx: ['C34.90'], other: 'atezolizumab' },
  { code: 'J9035', name: 'bevacizumab', per: 10, unit: 'mg', doses: [350, 400, 525, 700], vial: 100, dx: ['C18.9', 'C20', 'C19'], other: 'rituximab' },
  { code: 'J9312', name: 'rituximab', per: 10, unit: 'mg', doses: [650, 700, 750], vial: 100, dx: ['C83.30', 'C82.90', 'C85.90'], other: 'bevacizumab' },
  { code: 'J9305', name: 'pemetrexed', per: 10, unit: 'mg', doses: [900, 950, 1000], vial: 1000, dx: ['C34.90', 'C45.0'], other: 'gemcitabine' },
  { code: 'J9201', name: 'gemcitabine', per: 200, unit: 'mg', doses: [1800, 1600, 2000], vial: 1000, dx: ['C56.9', 'C50.911', 'C34.90'], other: 'pemetrexed' },
  { code: 'J9264', name: 'paclitaxel', per: 1, unit: 'mg', doses: [220, 180, 260], vial: 100, dx: ['C50.911', 'C34.90', 'C25.9'], other: 'docetaxel' },
  { code: 'J9041', name: 'bortezomib', per: 0.1, unit: 'mg', doses: [2.6, 2.4, 2.2], vial: 3.5, dx: ['C90.00'], other: 'daratumumab' },
  { code: 'J9145', name: 'daratumumab', per: 10, unit: 'mg', doses: [1200, 1280, 1120], vial: 400, dx: ['C90.00'], other: 'bortezomib' },
  { code: 'J9309', name: 'polatuzumab', per: 1, unit: 'mg', doses: [144, 126, 162], vial: 140, dx: ['C83.30'], other: 'rituximab' },
  { code: 'J9037', name: 'belantamab', per: 0.5, unit: 'mg', doses: [180, 160], vial: 100, dx: ['C90.00'], other: 'belinostat' },
  { code: 'J9032', name: 'belinostat', per: 10, unit: 'mg', doses: [1800, 1600], vial: 500, dx: ['C84.40'], other: 'belantamab' },
  { code: 'J9039', name: 'blinatumomab', per: 1, unit: 'mcg', doses: [28, 9], vial: 35, dx: ['C91.00'], other: 'belinostat' },
  { code: 'J0897', name: 'denosumab', per: 1, unit: 'mg', doses: [120], vial: 120, dx: ['C79.51', 'C50.911'], other: 'pegfilgrastim' },
  { code: 'J9045', name: 'carboplatin', per: 50, unit: 'mg', doses: [450, 600, 500], dx: ['C56.9'], other: 'paclitaxel' },
  { code: 'J9267', name: 'paclitaxel', per: 1, unit: 'mg', doses: [300, 280, 175], dx: ['C56.9', 'C34.90'], other: 'carboplatin' },
];

/** Premedications and hydration (no JW/JZ rules apply): code, dose, units. */
const PREMEDS: Array<[code: string, dose: string, units: number, probability: number]> = [
  ['J2405', '8mg', 8, 0.6],
  ['J1100', '12mg', 12, 0.5],
  ['J1200', '25mg', 1, 0.3],
  ['J2469', '0.25mg', 10, 0.2],
  ['J7050', '250ml', 1, 0.3],
];

const TRAILING_COMMENTS = ['first hour', 'per protocol', 'cycle 2', 'cycle 3 day 1', 'dose per weight', 'see pharmacy log', 'wasted per policy', 'verified'];
const FULL_LINE_COMMENTS = ['# re-billed after denial', '# patient arrived late, infusion shortened', '# checked by billing', '# pharmacy confirmed vial count'];

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** Administered units = dose ÷ billing unit rounded up; available = vials ÷ unit rounded down. */
function drugLines(drug: Drug, dose: number, withComment: boolean): ServiceLineSpec[] {
  const units = Math.ceil(round(dose / drug.per));
  const doseText = `${dose}${drug.unit}`;
  if (drug.vial === undefined) return [{ code: drug.code, modifiers: [], fields: [['units', String(units)], ['dose', doseText]] }];
  const count = Math.ceil(round(dose / drug.vial));
  const available = Math.floor(round((count * drug.vial) / drug.per));
  const wasted = available - units;
  const vial = `${count}x${drug.vial}${drug.unit}`;
  const comment = withComment ? TRAILING_COMMENTS[Math.floor(dose) % TRAILING_COMMENTS.length] : undefined;
  if (wasted === 0) return [{ code: drug.code, modifiers: ['JZ'], fields: [['units', String(units)], ['dose', doseText], ['vial', vial]], comment }];
  return [
    { code: drug.code, modifiers: [], fields: [['units', String(units)], ['dose', doseText], ['vial', vial]], comment },
    { code: drug.code, modifiers: ['JW'], fields: [['units', String(wasted)]] },
  ];
}

type Mistake = (claim: ClaimSpec, r: () => number) => boolean;

const fieldOf = (fields: Field[], key: string) => fields.find((f) => f[0] === key);
const drugLine = (claim: ClaimSpec, pick: (l: ServiceLineSpec) => boolean) => claim.lines.find((l) => l.code.startsWith('J9') && pick(l));

/** The mistakes billing offices make, weighted by how often (each true when it applied). */
const MISTAKES: Array<[weight: number, mistake: Mistake]> = [
  // Units ×10 (a zero too many) or a digit off.
  [20, (c) => { const l = drugLine(c, (l) => !!fieldOf(l.fields, 'dose')); const f = l && fieldOf(l.fields, 'units'); if (!f) return false; f[1] = `${f[1]}0`; return true; }],
  // JW/JZ left off a Medicare single-dose line.
  [14, (c) => { const l = c.lines.find((l) => l.modifiers.includes('JZ')); if (!l || fieldOf(c.header, 'payer')?.[1] !== 'medicare') return false; l.modifiers = []; return true; }],
  // A diagnosis the drug is not labelled for (off-label, or the wrong claim's dx).
  [6, (c) => { const f = fieldOf(c.header, 'dx'); const l = drugLine(c, () => true); const d = l && DRUGS.find((d) => d.code === l.code); if (!f || !d) return false; const off = DRUGS.flatMap((x) => x.dx).find((x) => !d.dx.includes(x) && !x.startsWith('C79')); if (!off) return false; f[1] = f[1]!.replace(/^[^,]+/, off); return true; }],
  // Lower-case code.
  [10, (c) => { const l = c.lines[Math.min(2, c.lines.length - 1)]; l.code = l.code.toLowerCase(); return true; }],
  // JW units off by some.
  [8, (c) => { const l = drugLine(c, (l) => l.modifiers.includes('JW')); const f = l && fieldOf(l.fields, 'units'); if (!f) return false; f[1] = String(Number(f[1]) + 5); return true; }],
  // JZ kept though a vial was opened and partly discarded: the JW line dropped, JZ added.
  [7, (c) => { const i = c.lines.findIndex((l) => l.modifiers.includes('JW')); if (i < 1) return false; c.lines[i - 1].modifiers = ['JZ']; c.lines.splice(i, 1); return true; }],
  // drug= naming another drug.
  [5, (c) => { const l = drugLine(c, (l) => !!fieldOf(l.fields, 'dose')); const d = l && DRUGS.find((d) => d.code === l.code); if (!l || !d) return false; l.fields.push(['drug', d.other]); return true; }],
  // A dx pointer past the claim's list.
  [5, (c) => { const l = drugLine(c, () => true); if (!l) return false; l.fields.push(['dx', '3']); return true; }],
  // No dx on the claim.
  [3, (c) => { c.header = c.header.filter((f) => f[0] !== 'dx'); return true; }],
  // A diagnosis that is not a code.
  [4, (c) => { const f = fieldOf(c.header, 'dx'); if (!f) return false; f[1] = f[1]!.replace(/^C(\d\d)/, 'C$1.99'); return true; }],
  // A mistyped code.
  [4, (c) => { const l = drugLine(c, () => true); if (!l) return false; l.code = l.code.replace(/^J9/, 'J8'); return true; }],
  // Units left out.
  [4, (c) => { const l = c.lines[c.lines.length - 1]; l.fields = l.fields.filter((f) => f[0] !== 'units'); return true; }],
  // An impossible date of service.
  [3, (c) => { const f = fieldOf(c.header, 'dos'); if (!f) return false; f[1] = '2025-02-30'; return true; }],
  // A misspelt key.
  [3, (c) => { const f = fieldOf(c.lines[0].fields, 'units'); if (!f) return false; f[0] = 'unit'; return true; }],
  // An unknown modifier.
  [2, (c) => { c.lines[0].modifiers.push('Q9'); return true; }],
  // JW and JZ on one line.
  [2, (c) => { const l = drugLine(c, (l) => l.modifiers.includes('JZ')); if (!l) return false; l.modifiers = ['JW', 'JZ']; return true; }],
  // A line entered twice.
  [2, (c) => { const l = c.lines[1]; if (!l) return false; c.lines.splice(2, 0, { code: l.code, modifiers: [...l.modifiers], fields: l.fields.map((f) => [...f] as Field) }); return true; }],
  // A JW line whose administered line was deleted.
  [2, (c) => { const i = c.lines.findIndex((l) => l.modifiers.includes('JW')); if (i < 1) return false; c.lines.splice(i - 1, 1); return true; }],
  // An empty value (key= with nothing after it).
  [1, (c) => { const l = c.lines[0]; const f = fieldOf(l.fields, 'units'); if (!f) return false; f[1] = undefined; return true; }],
];
const MISTAKE_WEIGHT = MISTAKES.reduce((sum, [w]) => sum + w, 0);

function pickMistake(r: () => number): Mistake {
  let x = r() * MISTAKE_WEIGHT;
  for (const [w, m] of MISTAKES) if ((x -= w) < 0) return m;
  return MISTAKES[0][1];
}

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)];

/** Claims for `lineCount` claim-file lines (the last claim may be cut off at the limit). */
export function monthOfClaims(lineCount: number, seed = 202501): ClaimSpec[] {
  const r = random(seed);
  const days = Array.from({ length: 31 }, (_, i) => i + 1).filter((d) => ![4, 5, 11, 12, 18, 19, 25, 26].includes(d));
  const claims: ClaimSpec[] = [];
  let lines = 0;
  for (let n = 1; lines < lineCount; n++) {
    const payer = r() < 0.55 ? 'medicare' : r() < 0.67 ? 'commercial' : 'medicaid';
    const first = pick(r, DRUGS);
    const primary = pick(r, first.dx);
    // A second drug of the same regimen: one labelled for the same diagnosis.
    const partners = DRUGS.filter((d) => d !== first && d.dx.includes(primary));
    const second = partners.length > 0 && r() < 0.35 ? pick(r, partners) : undefined;
    const dx = [primary, r() < 0.75 ? 'Z51.11' : 'Z51.12'];
    const id = `CLM-202501-${String(n).padStart(5, '0')}`;
    const header: Field[] = [
      ['payer', payer],
      ['dos', `2025-01-${String(pick(r, days)).padStart(2, '0')}`],
      ['dx', dx.join(',')],
      ['patient', `P-${10000 + Math.floor(r() * 4000)}`],
    ];
    if (r() < 0.8) header.push(['pos', r() < 0.6 ? '22' : '11']);
    if (payer === 'commercial' && r() < 0.9) header.push(['auth', `PA-${100000 + n}`]);
    const service: ServiceLineSpec[] = [{ code: '96413', modifiers: [], fields: [['units', '1']], comment: r() < 0.1 ? 'first hour' : undefined }];
    if (r() < 0.6) service.push({ code: '96415', modifiers: [], fields: [['units', String(1 + Math.floor(r() * 3))]] });
    if (second) service.push({ code: '96417', modifiers: [], fields: [['units', '1']] });
    if (r() < 0.5) service.push({ code: '96375', modifiers: [], fields: [['units', '1']] });
    // Medicare wants JZ on single-dose premedications too (nothing discarded).
    for (const [code, dose, units, p] of PREMEDS) if (r() < p) service.push({ code, modifiers: payer === 'medicare' ? ['JZ'] : [], fields: [['units', String(units)], ['dose', dose]] });
    service.push(...drugLines(first, pick(r, first.doses), r() < 0.1));
    if (second) service.push(...drugLines(second, pick(r, second.doses), r() < 0.1));
    const claim: ClaimSpec = { comments: r() < 0.04 ? [pick(r, FULL_LINE_COMMENTS)] : [], id, header, lines: service };
    // 38% of the claims carry mistakes: 31% one, 7% two.
    const x = r();
    const mistakes = x < 0.07 ? 2 : x < 0.38 ? 1 : 0;
    for (let m = 0; m < mistakes; m++) for (let tries = 0; tries < 4 && !pickMistake(r)(claim, r); tries++);
    // A re-submitted claim with the id of an earlier one.
    if (r() < 0.01 && claims.length > 10) claim.id = claims[claims.length - 1 - Math.floor(r() * 10)].id;
    // A reviewed finding, silenced on purpose (units above the dose, as the payer agreed).
    if (r() < 0.01) {
      const l = drugLine(claim, (l) => !!fieldOf(l.fields, 'dose'));
      const f = l && fieldOf(l.fields, 'units');
      if (l && f) {
        f[1] = String(Number(f[1]) + 1);
        l.disable = 'units-mismatch';
      }
    }
    claims.push(claim);
    lines += claim.comments.length + 1 + claim.lines.length + claim.lines.filter((l) => l.disable).length + 1;
  }
  return claims;
}

const fieldText = ([key, value]: Field) => `${key}=${value ?? ''}`;

function serviceText(line: ServiceLineSpec): string {
  const code = [line.code, ...line.modifiers].join('-');
  const content = `  ${code.padEnd(10)}${line.fields.map(fieldText).join(' ')}`;
  return line.comment ? `${content.padEnd(52)}  # ${line.comment}` : content;
}

/** The claims as a claim file: exactly `lineCount` lines, each ended by '\n'. */
export function claimFileText(claims: readonly ClaimSpec[], lineCount: number): string {
  const out: string[] = [];
  for (const claim of claims) {
    out.push(...claim.comments);
    out.push(['claim', claim.id, ...claim.header.map(fieldText)].join(' '));
    for (const line of claim.lines) {
      if (line.disable) out.push(`  # claims-disable-next-line ${line.disable}`);
      out.push(serviceText(line));
    }
    out.push('');
    if (out.length >= lineCount) break;
  }
  return out.slice(0, lineCount).join('\n') + '\n';
}

/** A field's JSON value: units as a number when it is one, dx lists as arrays, the rest strings. */
function jsonValue(key: string, value: string | undefined, header: boolean): unknown {
  if (value === undefined) return '';
  if (key === 'units' || key === 'unit') return /^\d+$/.test(value) ? Number(value) : value;
  if (header && key === 'dx') return value.split(',');
  return value;
}

/**
 * The same claims as JSON, one JSON line per claim-file line: `{"claims": [` then a claim object
 * per header, a line object per service line, and the claim's closing `]}` where the blank line is.
 * Full-line comments become a `notes` array on the claim, trailing comments a `note` on the line.
 */
export function claimJsonText(claims: readonly ClaimSpec[], lineCount: number): string {
  const out: string[] = ['{"claims": ['];
  let lines = 0;
  const kept: ClaimSpec[] = [];
  for (const claim of claims) {
    if (lines >= lineCount) break;
    kept.push(claim);
    lines += claim.comments.length + 2 + claim.lines.length;
  }
  kept.forEach((claim, c) => {
    const head: Record<string, unknown> = { id: claim.id };
    for (const [key, value] of claim.header) head[key] = jsonValue(key, value, true);
    if (claim.comments.length > 0) head.notes = claim.comments.map((t) => t.replace(/^#\s*/, ''));
    out.push(`  ${JSON.stringify(head).slice(0, -1)}, "lines": [`);
    claim.lines.forEach((line, i) => {
      const object: Record<string, unknown> = { code: line.code };
      if (line.modifiers.length > 0) object.modifiers = line.modifiers;
      for (const [key, value] of line.fields) object[key] = jsonValue(key, value, false);
      if (line.comment || line.disable) object.note = [line.disable && `claims-disable-next-line ${line.disable}`, line.comment].filter(Boolean).join('; ');
      out.push(`    ${JSON.stringify(object)}${i + 1 < claim.lines.length ? ',' : ''}`);
    });
    out.push(`  ]}${c + 1 < kept.length ? ',' : ''}`);
  });
  out.push(']}');
  return out.join('\n') + '\n';
}

const ICD10 = '^[A-TV-Za-tv-z][0-9][0-9A-Za-z](?:\\.?[0-9A-Za-z]{1,4})?$';
const DATE = '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$';
const AMOUNT = '^(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)(?:mcg|mg|g|ml|units)$';

/**
 * A JSON schema of the same shape as the claim language (docs/claim-language.md): required
 * fields, value forms, payer and modifier lists, no unknown keys. It checks forms, not code
 * tables or billing arithmetic, which JSON schema cannot express.
 */
export const CLAIMS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['claims'],
  additionalProperties: false,
  properties: { claims: { type: 'array', items: { $ref: '#/definitions/claim' } } },
  definitions: {
    claim: {
      type: 'object',
      required: ['id', 'payer', 'dos', 'dx', 'lines'],
      additionalProperties: false,
      properties: {
        id: { type: 'string', pattern: '^\\S+$' },
        payer: { type: 'string', enum: ['medicare', 'medicaid', 'commercial'] },
        dos: { type: 'string', pattern: DATE },
        dx: { type: 'array', minItems: 1, maxItems: 12, items: { type: 'string', pattern: ICD10 } },
        patient: { type: 'string', pattern: '^\\S+$' },
        auth: { type: 'string', pattern: '^\\S+$' },
        pos: { type: 'string', pattern: '^[0-9]{2}$' },
        notes: { type: 'array', items: { type: 'string' } },
        lines: { type: 'array', minItems: 1, items: { $ref: '#/definitions/serviceLine' } },
      },
    },
    serviceLine: {
      type: 'object',
      required: ['code', 'units'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', pattern: '^(?:[A-Z][0-9]{4}|[0-9]{5}|[0-9]{4}[FTU])$' },
        modifiers: {
          type: 'array',
          maxItems: 4,
          uniqueItems: true,
          items: { type: 'string', enum: ['JW', 'JZ', 'JG', 'JB', 'KX', 'GA', 'GY', 'GZ', 'TB', 'JA', '25', '59', 'XE', 'XS', 'XP', 'XU', '76', '77', 'RT', 'LT'] },
        },
        units: { type: 'integer', minimum: 1, maximum: 999999 },
        dose: { type: 'string', pattern: AMOUNT },
        vial: { type: 'string', pattern: '^(?:[0-9]+x)?(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)(?:mcg|mg|g|ml|units)$' },
        waste: { type: 'string', pattern: AMOUNT },
        drug: { type: 'string', pattern: '^[A-Za-z][A-Za-z-]*$' },
        dx: { type: 'string', pattern: '^(?:[1-9]|1[0-2])(?:,(?:[1-9]|1[0-2]))*$' },
        dos: { type: 'string', pattern: DATE },
        ndc: { type: 'string', pattern: '^[0-9]{5}-[0-9]{4}-[0-9]{2}$' },
        charge: { type: 'string', pattern: '^[0-9]+(?:\\.[0-9]{2})?$' },
        note: { type: 'string' },
      },
    },
  },
} as const;

/** The month as both texts, cut at `lineCount` claim-file lines. */
export function month(lineCount: number): { claims: number; claimText: string; jsonText: string } {
  const claims = monthOfClaims(lineCount);
  return { claims: claims.length, claimText: claimFileText(claims, lineCount), jsonText: claimJsonText(claims, lineCount) };
}
