// Completion: codes (by code or drug-name prefix), modifiers after '-', field keys, and the
// values billers type most (payers, dx codes, drug names).
import type { ClaimDocument } from '../check';
import { HEADER_KEYS, SERVICE_KEYS, STANDARD_PAYERS } from '../model';
import { describeBillingUnit } from '../arithmetic';
import type { CheckOptions, CodeTables, HcpcsCode, Position, Range } from '../types';
import { displayIcd10 } from '../values';

export type CompletionKind = 'code' | 'modifier' | 'key' | 'value' | 'keyword' | 'diagnosis';

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

const MAX_ITEMS = 100;

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
  ndc: '11-digit NDC, 5-4-2 form',
  charge: 'line charge, e.g. 1250.00',
};

function codeDoc(entry: HcpcsCode): string {
  const unit = entry.unit ? `\n\n${describeBillingUnit(entry.unit)}` : '';
  return `${entry.long}${unit}`;
}

function activeCode(entry: HcpcsCode): boolean {
  return entry.terminated === undefined;
}

export function completeAt(document: ClaimDocument, tables: CodeTables, options: CheckOptions, position: Position): CompletionEntry[] {
  const parsed = document.lines[position.line];
  if (!parsed) return [];
  const before = parsed.text.slice(0, position.character);
  const wordStart = before.search(/[^\s]*$/);
  const word = before.slice(wordStart);
  const range = (startCharacter: number): Range => ({ start: { line: position.line, character: startCharacter }, end: position });
  const isFirstToken = before.slice(0, wordStart).trim() === '' || before.slice(0, wordStart).replace(/^\uFEFF/, '').trim() === '';
  if (word.startsWith('#') || /\s#/.test(before)) return [];

  // Modifiers: after a '-' in the first token of a service line.
  if (isFirstToken && /^[A-Za-z0-9]+(-[A-Za-z0-9]*)+$/.test(word)) {
    const prefix = word.slice(word.lastIndexOf('-') + 1).toUpperCase();
    const start = wordStart + word.lastIndexOf('-') + 1;
    const used = new Set(word.toUpperCase().split('-').slice(1, -1));
    return [...tables.modifiers.values()]
      .filter((m) => m.code.startsWith(prefix) && !m.terminated && !used.has(m.code))
      .sort((a, b) => (a.code === 'JW' || a.code === 'JZ' ? -1 : 0) - (b.code === 'JW' || b.code === 'JZ' ? -1 : 0) || a.code.localeCompare(b.code))
      .slice(0, MAX_ITEMS)
      .map((m, i) => ({ label: m.code, kind: 'modifier', detail: m.short, documentation: m.long, insertText: m.code, sortText: String(i).padStart(4, '0'), range: range(start) }));
  }

  // The first token: the claim keyword, a code, or a drug name that finds its code.
  if (isFirstToken) {
    const items: CompletionEntry[] = [];
    const lower = word.toLowerCase();
    if ('claim'.startsWith(lower) && parsed.indent.replace('\uFEFF', '') === '') {
      items.push({ label: 'claim', kind: 'keyword', detail: 'claim header', insertText: 'claim ', range: range(wordStart) });
    }
    const upper = word.toUpperCase();
    if (/^[A-Z0-9]{1,5}$/.test(upper)) {
      for (const entry of tables.hcpcs.values()) {
        if (items.length >= MAX_ITEMS) break;
        if (entry.code.startsWith(upper) && activeCode(entry)) {
          items.push({ label: entry.code, kind: 'code', detail: entry.short, documentation: codeDoc(entry), insertText: entry.code, range: range(wordStart) });
        }
      }
    }
    if (/^[a-z][a-z -]{1,}$/i.test(word)) {
      const seen = new Set(items.map((i) => i.label));
      for (const [name, codes] of tables.drugIndex) {
        if (!name.startsWith(lower)) continue;
        for (const code of codes) {
          const entry = tables.hcpcs.get(code);
          if (!entry || !activeCode(entry) || seen.has(code)) continue;
          seen.add(code);
          items.push({
            label: `${code} — ${name}`,
            kind: 'code',
            detail: entry.short,
            documentation: codeDoc(entry),
            insertText: code,
            filterText: `${word} ${name} ${code}`,
            range: range(wordStart),
          });
          if (items.length >= MAX_ITEMS) return items;
        }
      }
    }
    return items;
  }

  // key=value: complete values for a few keys.
  const eq = word.indexOf('=');
  if (eq > 0) {
    const key = word.slice(0, eq).toLowerCase();
    const value = word.slice(eq + 1);
    const valueStart = wordStart + eq + 1;
    if (parsed.kind === 'header' && key === 'payer') {
      const payers = [...STANDARD_PAYERS, ...options.payerProfiles.map((p) => p.id)];
      return payers
        .filter((p) => p.startsWith(value.toLowerCase()))
        .map((p) => ({ label: p, kind: 'value', detail: options.jwJzPayers.includes(p) ? 'requires JW/JZ' : undefined, insertText: p, range: range(valueStart) }));
    }
    if (parsed.kind === 'header' && key === 'dx') {
      const part = value.slice(value.lastIndexOf(',') + 1);
      const prefix = part.toUpperCase().replace('.', '');
      if (prefix.length === 0) return [];
      const items: CompletionEntry[] = [];
      for (const entry of tables.icd10.values()) {
        if (items.length >= MAX_ITEMS) break;
        if (entry.code.startsWith(prefix) && entry.code.length > 3) {
          const shown = displayIcd10(entry.code);
          items.push({ label: shown, kind: 'diagnosis', detail: entry.description, insertText: shown, filterText: `${part}${shown.slice(part.length)}`, range: range(valueStart + value.length - part.length) });
        }
      }
      return items;
    }
    if (key === 'drug' && value.length >= 2) {
      return [...tables.drugIndex.keys()]
        .filter((name) => name.replace(/ /g, '-').startsWith(value.toLowerCase()))
        .slice(0, MAX_ITEMS)
        .map((name) => ({ label: name.replace(/ /g, '-'), kind: 'value', detail: tables.drugIndex.get(name)!.join(', '), insertText: name.replace(/ /g, '-'), range: range(valueStart) }));
    }
    return [];
  }

  // A new field: the keys this line does not have yet.
  const keys: readonly string[] = parsed.kind === 'header' ? HEADER_KEYS : parsed.kind === 'service' ? SERVICE_KEYS : [];
  const present = new Set(parsed.fields.map((f) => f.key.text.toLowerCase()));
  return keys
    .filter((k) => !present.has(k) && k.startsWith(word.toLowerCase()))
    .map((k, i) => ({ label: `${k}=`, kind: 'key', detail: KEY_HELP[k], insertText: `${k}=`, sortText: String(i).padStart(2, '0'), range: range(wordStart) }));
}
