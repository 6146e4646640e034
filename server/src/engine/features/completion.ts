// Completion: the claim keyword, codes (by code prefix or by drug name: "blin" → J9039),
// modifiers after '-', the keys a line does not have yet, and values: payers (with the workspace's
// payer profiles), dose units, ICD-10-CM codes from the bundled subset, dx pointers and drug names.
// Ranked, and capped: a capped list is marked incomplete so the editor asks again as one types.
import type { ClaimDocument } from '../check';
import { HEADER_KEYS, SERVICE_KEYS, STANDARD_PAYERS } from '../model';
import { convert, describeBillingUnit } from '../arithmetic';
import { drugName, hcpcsEntry } from '../drugs';
import type { AmountUnit, CheckOptions, CodeTables, HcpcsCode, ParsedLine, Position, Range } from '../types';
import { AMOUNT_UNITS, displayIcd10, formatNumber, plural } from '../values';
import { lineAtCursor, serviceLineAt } from './lookup';

export type CompletionKind = 'code' | 'modifier' | 'key' | 'value' | 'unit' | 'keyword' | 'diagnosis';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** The text that replaces `range`. */
  insertText: string;
  /** What the editor filters on (e.g. the drug name for a code found by drug name). */
  filterText?: string;
  sortText?: string;
  range: Range;
}

export interface CompletionResult {
  items: CompletionEntry[];
  /** More would match: the editor should ask again as the word grows. */
  incomplete: boolean;
}

export const MAX_COMPLETION_ITEMS = 50;

const KEY_HELP: Record<string, string> = {
  payer: 'who pays: medicare, medicaid, commercial, or a payer profile id',
  dos: 'date of service, YYYY-MM-DD',
  dx: 'ICD-10-CM diagnoses, comma-separated, primary first (header); pointers 1–12 (service line)',
  patient: 'patient reference',
  auth: 'prior authorisation number',
  pos: 'place of service, two digits',
  units: 'billed units: dose ÷ billing unit, rounded up',
  dose: 'amount given, e.g. 180mg, 28mcg',
  vial: 'single-dose containers opened, e.g. 2x100mg',
  waste: 'amount discarded, when stated directly',
  drug: 'the drug given, checked against the code',
  ndc: '11-digit NDC: 5-4-2 form or 11 digits; the NDCs of the line’s code are offered',
  charge: 'line charge, e.g. 1250.00',
};

const AMOUNT_KEYS = new Set(['dose', 'vial', 'waste']);

function sortKey(i: number): string {
  return String(i).padStart(5, '0');
}

function codeDoc(entry: HcpcsCode): string {
  const unit = entry.unit ? `\n\n${describeBillingUnit(entry.unit)}` : '';
  return `${entry.long}${unit}`;
}

/** Valid on the date of service when the line has one, else not terminated. */
function active(entry: { added?: string; terminated?: string }, dos?: string): boolean {
  return dos ? (!entry.added || dos >= entry.added) && (!entry.terminated || dos <= entry.terminated) : entry.terminated === undefined;
}

/** The date of service a line is billed on: its own dos=, else its claim's. */
function dateOfLine(document: ClaimDocument, options: CheckOptions, line: number): string | undefined {
  const located = serviceLineAt(document.claimsAt(line, options.payerProfiles.map((p) => p.id)), line);
  return located?.line.dos ?? located?.claim?.header.dos;
}

function capped(items: CompletionEntry[], max = MAX_COMPLETION_ITEMS): CompletionResult {
  const ranked = items.map((item, i) => ({ ...item, sortText: item.sortText ?? sortKey(i) }));
  return { items: ranked.slice(0, max), incomplete: ranked.length > max };
}

const NONE: CompletionResult = { items: [], incomplete: false };

/** Codes whose number starts with `prefix`: drug codes with a billing unit first, then by code. */
function codesByPrefix(prefix: string, tables: CodeTables, range: Range, dos: string | undefined): CompletionEntry[] {
  const found: HcpcsCode[] = [];
  for (const entry of tables.hcpcs.values()) if (entry.code.startsWith(prefix) && active(entry, dos)) found.push(entry);
  found.sort((a, b) => Number(b.unit !== undefined) - Number(a.unit !== undefined) || a.code.localeCompare(b.code));
  return found.map((entry) => ({ label: entry.code, kind: 'code', detail: entry.short, documentation: codeDoc(entry), insertText: entry.code, range }));
}

/** Codes whose drug (generic or brand) starts with `word`: whole names before longer ones. */
function codesByDrugName(word: string, tables: CodeTables, range: Range, dos: string | undefined): CompletionEntry[] {
  const lower = word.toLowerCase().replace(/-/g, ' ');
  const found: Array<{ name: string; entry: HcpcsCode; generic: string }> = [];
  for (const [name, codes] of tables.drugIndex) {
    if (!name.replace(/-/g, ' ').startsWith(lower)) continue;
    for (const code of codes) {
      const entry = tables.hcpcs.get(code);
      if (entry && active(entry, dos)) found.push({ name, entry, generic: drugName(entry, tables).toLowerCase() });
    }
  }
  // The exact name first, then generic names before brands, shorter names first, then by code.
  const rank = (m: { name: string; generic: string; entry: HcpcsCode }) => [m.name.replace(/-/g, ' ') === lower ? 0 : 1, m.name === m.generic || m.entry.drugNames.includes(m.name) ? 0 : 1, m.name.length];
  found.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a.name.localeCompare(b.name) || a.entry.code.localeCompare(b.entry.code);
  });
  const seen = new Set<string>();
  const matches = found.filter((m) => !seen.has(m.entry.code) && seen.add(m.entry.code));
  return matches.map(({ name, entry, generic }) => ({
    label: `${entry.code} — ${generic}${name === generic || entry.drugNames.includes(name) ? '' : ` (${name})`}`,
    kind: 'code',
    detail: entry.unit ? `${entry.short} · ${describeBillingUnit(entry.unit)}` : entry.short,
    documentation: codeDoc(entry),
    insertText: entry.code,
    filterText: word,
    range,
  }));
}

function modifiers(word: string, wordStart: number, tables: CodeTables, line: number, position: Position): CompletionResult {
  const dash = word.lastIndexOf('-');
  const prefix = word.slice(dash + 1).toUpperCase();
  const range: Range = { start: { line, character: wordStart + dash + 1 }, end: position };
  const used = new Set(word.toUpperCase().split('-').slice(1, -1));
  const first = ['JZ', 'JW'];
  const rank = (code: string) => (first.includes(code) ? first.indexOf(code) : first.length);
  const items = [...tables.modifiers.values()]
    .filter((m) => m.code.startsWith(prefix) && active(m) && !used.has(m.code))
    .sort((a, b) => rank(a.code) - rank(b.code) || a.code.localeCompare(b.code))
    .map((m): CompletionEntry => ({ label: m.code, kind: 'modifier', detail: m.short, documentation: m.long, insertText: m.code, range }));
  return capped(items, 100);
}

/** Units for a dose, vial or waste amount: those that convert to the code's billing unit first. */
function amountUnits(parsed: ParsedLine, value: string, valueStart: number, tables: CodeTables, document: ClaimDocument, options: CheckOptions, position: Position): CompletionResult {
  const match = /^(?:[0-9]+x)?[0-9]+(?:\.[0-9]+)?/i.exec(value);
  if (!match) return NONE;
  const typed = value.slice(match[0].length).toLowerCase();
  const range: Range = { start: { line: position.line, character: valueStart + match[0].length }, end: position };
  const located = serviceLineAt(document.claimsAt(parsed.line, options.payerProfiles.map((p) => p.id)), parsed.line);
  const entry = located && hcpcsEntry(located.line, tables);
  const billing = entry?.unit?.unit;
  const fits = (u: AmountUnit) => billing !== undefined && convert({ value: 1, unit: u }, billing) !== undefined;
  const units = [...AMOUNT_UNITS].filter((u) => u.startsWith(typed));
  units.sort((a, b) => Number(b === billing) - Number(a === billing) || Number(fits(b)) - Number(fits(a)));
  return capped(
    units.map((u) => ({
      label: u,
      kind: 'unit',
      detail: billing === undefined ? undefined : fits(u) ? `converts to the billing unit (${describeBillingUnit(entry!.unit!)})` : `does not convert to ${billing}`,
      insertText: u,
      range,
    })),
  );
}

/**
 * The NDCs the crosswalk lists under the line's code, with product and billable units. Typed
 * digits match with or without hyphens; a value typed without hyphens is completed without them
 * (the 11-digit form of 837 files).
 */
function ndcValues(parsed: ParsedLine, value: string, tables: CodeTables, document: ClaimDocument, options: CheckOptions, range: Range): CompletionResult {
  const located = serviceLineAt(document.claimsAt(parsed.line, options.payerProfiles.map((p) => p.id)), parsed.line);
  const code = located && located.line.codeKind === 'hcpcs' ? located.line.code : undefined;
  const products = code ? (tables.ndcByCode.get(code) ?? []) : [];
  const typed = value.replace(/-/g, '');
  const digitsOnly = value.length > 5 && !value.includes('-');
  const items = products
    .filter((p) => p.ndc.replace(/-/g, '').startsWith(typed))
    .sort((a, b) => a.drug.localeCompare(b.drug) || a.ndc.localeCompare(b.ndc))
    .map((p): CompletionEntry => {
      const text = digitsOnly ? p.ndc.replace(/-/g, '') : p.ndc;
      const unit = tables.hcpcs.get(p.code)?.unit;
      const amount = unit ? ` (${formatNumber(p.unitsPerItem * unit.amount)} ${unit.unit})` : '';
      return {
        label: p.ndc,
        kind: 'value',
        detail: `${p.drug} · ${formatNumber(p.unitsPerItem)} billable units a vial${amount}`,
        documentation: `${p.drug} (${p.labeler}), billed under ${p.code}: ${formatNumber(p.unitsPerItem)} units an item, ${plural(p.packageQuantity, 'item')} (${formatNumber(p.unitsPerPackage)} units) a package`,
        insertText: text,
        filterText: text,
        range,
      };
    });
  return capped(items);
}

export function completeAt(document: ClaimDocument, tables: CodeTables, options: CheckOptions, position: Position): CompletionResult {
  const parsed = lineAtCursor(document.lines, position);
  if (!parsed) return NONE;
  const before = parsed.text.slice(0, position.character);
  // JavaScript's \s includes the BOM, so a BOM on line 0 counts as indentation here too.
  const wordStart = before.search(/\S*$/);
  const word = before.slice(wordStart);
  const range = (startCharacter: number): Range => ({ start: { line: position.line, character: startCharacter }, end: position });
  if (/(^|\s)#/.test(before)) return NONE; // in a comment
  const isFirstToken = before.slice(0, wordStart).trim() === '';

  if (isFirstToken) {
    // Modifiers: after a '-' in the code token.
    if (/^[A-Za-z0-9]+(-[A-Za-z0-9]*)+$/.test(word)) return modifiers(word, wordStart, tables, position.line, position);
    const items: CompletionEntry[] = [];
    const lower = word.toLowerCase();
    if ('claim'.startsWith(lower) && before.slice(0, wordStart).replace('\uFEFF', '') === '') {
      items.push({ label: 'claim', kind: 'keyword', detail: 'claim header: claim <id> payer= dos= dx=', insertText: 'claim ', sortText: sortKey(0), range: range(wordStart) });
    }
    const upper = word.toUpperCase();
    const byPrefix = /^[A-Z][0-9]{0,4}$|^[0-9]{1,5}$/.test(upper);
    const byName = /^[a-z][a-z-]+$/i.test(word) && !/^[A-Z][0-9]/i.test(word);
    const dos = byPrefix || byName ? dateOfLine(document, options, parsed.line) : undefined;
    if (byPrefix) items.push(...codesByPrefix(upper, tables, range(wordStart), dos));
    if (byName) items.push(...codesByDrugName(word, tables, range(wordStart), dos));
    return capped(items);
  }

  const eq = word.indexOf('=');
  if (eq > 0) {
    const key = word.slice(0, eq).toLowerCase();
    const value = word.slice(eq + 1);
    const valueStart = wordStart + eq + 1;
    if (parsed.kind === 'header' && key === 'payer') {
      const payers = [...new Set<string>([...STANDARD_PAYERS, ...options.payerProfiles.map((p) => p.id)])];
      return capped(
        payers
          .filter((p) => p.startsWith(value.toLowerCase()))
          .map((p): CompletionEntry => {
            const profile = options.payerProfiles.find((q) => q.id === p);
            const jwjz = (profile?.requiresJwJz ?? options.jwJzPayers.includes(p)) ? 'requires JW/JZ' : '';
            const ndc = (profile?.requiresNdc ?? options.ndcPayers.includes(p)) ? 'requires NDC' : '';
            return { label: p, kind: 'value', detail: [profile ? 'payer profile' : '', jwjz, ndc].filter(Boolean).join(' · ') || undefined, insertText: p, range: range(valueStart) };
          }),
      );
    }
    if (parsed.kind === 'header' && key === 'dx') {
      const part = value.slice(value.lastIndexOf(',') + 1);
      const prefix = part.toUpperCase().replace('.', '');
      if (prefix.length === 0) return NONE;
      const items: CompletionEntry[] = [];
      // Billable codes only: a header (C91.0) is rejected on a claim.
      for (const entry of tables.icd10.values()) {
        if (entry.code.startsWith(prefix) && entry.billable) {
          const shown = displayIcd10(entry.code);
          items.push({ label: shown, kind: 'diagnosis', detail: entry.description, insertText: shown, filterText: part.includes('.') ? shown : entry.code, range: range(valueStart + value.length - part.length) });
        }
      }
      items.sort((a, b) => a.label.localeCompare(b.label));
      return capped(items);
    }
    if (parsed.kind === 'service' && key === 'dx') {
      const located = serviceLineAt(document.claimsAt(parsed.line, options.payerProfiles.map((p) => p.id)), parsed.line);
      const dx = located?.claim?.header.dx ?? [];
      const part = value.slice(value.lastIndexOf(',') + 1);
      return capped(
        dx
          .map((d, i): CompletionEntry => ({ label: String(i + 1), kind: 'value', detail: `${d.text}${tables.icd10.get(d.normalized) ? ` — ${tables.icd10.get(d.normalized)!.description}` : ''}`, insertText: String(i + 1), range: range(valueStart + value.length - part.length) }))
          .filter((item) => item.label.startsWith(part)),
      );
    }
    if (parsed.kind === 'service' && AMOUNT_KEYS.has(key)) return amountUnits(parsed, value, valueStart, tables, document, options, position);
    if (parsed.kind === 'service' && key === 'ndc') return ndcValues(parsed, value, tables, document, options, range(valueStart));
    if (key === 'drug' && value.length >= 2) {
      const wanted = value.toLowerCase().replace(/-/g, ' ');
      const names = [...tables.drugIndex.keys()].filter((name) => /^[a-z][a-z -]*$/.test(name) && name.replace(/-/g, ' ').startsWith(wanted));
      names.sort((a, b) => a.length - b.length || a.localeCompare(b));
      return capped(
        names.map((name): CompletionEntry => {
          const codes = tables.drugIndex.get(name)!;
          const entry = tables.hcpcs.get(codes[0]);
          return { label: name.replace(/ /g, '-'), kind: 'value', detail: `${codes.join(', ')}${entry ? ` · ${drugName(entry, tables)}` : ''}`, insertText: name.replace(/ /g, '-'), range: range(valueStart) };
        }),
      );
    }
    return NONE;
  }

  // A new field: the keys this line does not have yet (dos may repeat on neither).
  const keys: readonly string[] = parsed.kind === 'header' ? HEADER_KEYS : parsed.kind === 'service' ? SERVICE_KEYS : [];
  const present = new Set(parsed.fields.filter((f) => !(f.token.range.start.character <= position.character && position.character <= f.token.range.end.character)).map((f) => f.key.text.toLowerCase()));
  return capped(
    keys
      .filter((k) => !present.has(k) && k.startsWith(word.toLowerCase()))
      .map((k): CompletionEntry => ({ label: `${k}=`, kind: 'key', detail: KEY_HELP[k], insertText: `${k}=`, range: range(wordStart) })),
  );
}
