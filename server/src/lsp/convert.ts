// Engine shapes → LSP shapes. The engine already counts positions in UTF-16 code units, as LSP does.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionItemKind,
  DiagnosticSeverity,
  SymbolKind,
  type Diagnostic,
  type DocumentSymbol,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { CompletionKind } from '../engine/features/completion';
import type { ClaimSymbol } from '../engine/features/symbols';
import { ruleDocAnchor } from '../engine/ruleInfo';
import type { ClaimDiagnostic, Range, Severity, TextEdit } from '../engine/types';

export const SOURCE = 'claims';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The link of a rule's section in docs/diagnostics.md, inside the installed extension (the VSIX
 * ships docs/; dist/server.js sits one folder below the extension root).
 */
const docUrls = new Map<string, string>();

/** The documentation link of a diagnostic id (made once per id: thousands of diagnostics share a few). */
export function ruleDocUrl(id: ClaimDiagnostic['id'], extensionRoot: string): string {
  const key = `${extensionRoot}\u0000${id}`;
  let url = docUrls.get(key);
  if (url === undefined) {
    const [file, anchor] = ruleDocAnchor(id).split('#');
    url = `${pathToFileURL(join(extensionRoot, file)).href}#${anchor}`;
    docUrls.set(key, url);
  }
  return url;
}

export function toLspDiagnostic(d: ClaimDiagnostic, extensionRoot: string): Diagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    source: SOURCE,
    code: d.id,
    codeDescription: { href: ruleDocUrl(d.id, extensionRoot) },
    message: d.message,
  };
}

/**
 * The first `max` of `total` diagnostics (`shown` holds at most `max`); when some are left out,
 * the last one shown says how many and which setting raises the limit.
 */
export function capDiagnostics(shown: Diagnostic[], total: number, max: number): Diagnostic[] {
  if (total <= max || shown.length === 0) return shown;
  const hidden = total - shown.length;
  const last = shown[shown.length - 1];
  shown[shown.length - 1] = {
    ...last,
    message: `${last.message}\n(${hidden} more problem${hidden === 1 ? '' : 's'} in this file not shown: claims.maxNumberOfProblems is ${max})`,
  };
  return shown;
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * A workspace edit of one document. With `version` (and a client that supports documentChanges)
 * it is a versioned TextDocumentEdit: the editor refuses it once the document has changed.
 */
export function workspaceEdit(uri: string, edits: TextEdit[], version: number | undefined): WorkspaceEdit {
  if (version === undefined) return { changes: { [uri]: edits } };
  const change: TextDocumentEdit = { textDocument: { uri, version }, edits };
  return { documentChanges: [change] };
}

export const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  code: CompletionItemKind.Value,
  modifier: CompletionItemKind.EnumMember,
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  unit: CompletionItemKind.Unit,
  keyword: CompletionItemKind.Keyword,
  diagnosis: CompletionItemKind.Reference,
};

export function toDocumentSymbol(s: ClaimSymbol): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: s.kind === 'claim' ? SymbolKind.Module : SymbolKind.Field,
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map(toDocumentSymbol),
  };
}
