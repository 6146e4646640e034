// The language server's side of 837 files (language id `x12`; .837, .x12, .edi): their text, kept
// up to date under edits, checked whole with checkX12, with hovers, X12-safe quick fixes, an
// outline and "Format 837". server.ts hands a request here when its document is one of these.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { rangesTouch } from '../engine/fixes/edits';
import { X12FixConfirmer, checkX12Model, isX12Path, type X12CheckResult } from '../engine/sources/x12/check';
import { eolOf, format837, x12HoverAt, x12Symbols } from '../engine/sources/x12/features';
import type { CheckOptions, ClaimDiagnostic, CodeTables, Fix, Position, Range, TextEdit } from '../engine/types';

export const X12_LANGUAGE_ID = 'x12';
/** The server's command (the client's "Claims: Format 837" is claims.format837, which calls it). */
export const FORMAT_837_COMMAND = 'claims.applyFormat837';

export interface X12Open {
  document: TextDocument;
  lastCheckMs: number;
  timer?: NodeJS.Timeout;
  cache?: { version: number; key: string; tables: CodeTables; result: X12CheckResult };
}

/** Is a document an 837, by its language id or (another editor, no id given) its file name? */
export function isX12Document(uri: string, languageId: string | undefined): boolean {
  if (languageId === X12_LANGUAGE_ID) return true;
  if (languageId && languageId !== 'plaintext') return false;
  return isX12Path(uri.replace(/[?#].*$/, ''));
}

export function openX12(uri: string, version: number, text: string): X12Open {
  return { document: TextDocument.create(uri, X12_LANGUAGE_ID, version, text), lastCheckMs: 0 };
}

export function changeX12(open: X12Open, version: number, changes: Array<{ range?: Range; text: string }>): void {
  open.document = TextDocument.update(
    open.document,
    changes.map((c) => (c.range ? { range: c.range, text: c.text } : { text: c.text })),
    version,
  );
}

/** The check of the current text for these tables and options (cached per version). */
export function checkedX12(open: X12Open, tables: CodeTables, options: CheckOptions): X12CheckResult {
  const key = JSON.stringify(options);
  const cache = open.cache;
  if (cache && cache.version === open.document.version && cache.key === key && cache.tables === tables) return cache.result;
  const result = checkX12Model(open.document.getText(), tables, options);
  open.cache = { version: open.document.version, key, tables, result };
  return result;
}

/**
 * The fixes of a finding, with `preferred` kept only when applying the fix leaves no finding its
 * claim did not have (house rule: a preferred fix never introduces a new finding).
 */
export function confirmedX12Fixes(open: X12Open, d: ClaimDiagnostic, tables: CodeTables, options: CheckOptions): Fix[] {
  return new X12FixConfirmer(checkedX12(open, tables, options).model, tables, options).confirm(d);
}

export function x12Findings(open: X12Open, tables: CodeTables, options: CheckOptions, range?: Range): ClaimDiagnostic[] {
  const all = checkedX12(open, tables, options).diagnostics;
  return range ? all.filter((d) => rangesTouch(d.range, range)) : all;
}

export function x12Hover(open: X12Open, tables: CodeTables, options: CheckOptions, position: Position) {
  return x12HoverAt(checkedX12(open, tables, options).model, tables, options, position);
}

export function x12Outline(open: X12Open, tables: CodeTables, options: CheckOptions) {
  return x12Symbols(checkedX12(open, tables, options).model);
}

export function x12FormatEdits(open: X12Open, tables: CodeTables, options: CheckOptions): TextEdit[] {
  const text = open.document.getText();
  return format837(checkedX12(open, tables, options).model, eolOf(text));
}
