// The claims language server: wires the checking engine (server/src/engine) to LSP. Runs over
// stdio (`node dist/server.js --stdio`) or IPC (the VS Code client). No network, no telemetry,
// and no claim text in the log: errors are logged by handler name and message only.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import {
  CodeAction,
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  ProposedFeatures,
  SymbolKind,
  TextDocumentSyncKind,
  createConnection,
  type CodeActionParams,
  type Diagnostic,
  type InitializeResult,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { ClaimDocument, fixAll, resolveOptions } from './engine/check';
import { completeAt, type CompletionKind } from './engine/features/completion';
import { formatEdits } from './engine/features/format';
import { hoverAt } from './engine/features/hover';
import { unitsHints } from './engine/features/inlayHints';
import { claimLenses, documentSymbols, foldingRanges, type OutlineSymbol } from './engine/features/outline';
import { loadTables, tableInfo } from './engine/tables';
import { minimalEdits } from './engine/textDiff';
import type { CheckOptions, ClaimDiagnostic, PayerProfile, Range, Severity, TextEdit } from './engine/types';

export const SOURCE = 'claims';
export const APPLY_FIX_ALL_COMMAND = 'claims.applyFixAll';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.claims`;
export const TABLE_INFO_REQUEST = 'claims/tableInfo';
const VALIDATION_DELAY_MS = 120;

interface Settings {
  jwJzPayers: string[];
  payerProfiles: PayerProfile[];
  maxNumberOfProblems: number;
  inlayHintsEnabled: boolean;
}

const DEFAULT_SETTINGS: Settings = { jwJzPayers: ['medicare'], payerProfiles: [], maxNumberOfProblems: 1000, inlayHintsEnabled: true };

interface OpenDocument {
  uri: string;
  version: number;
  document: ClaimDocument;
  /** Last check of this version, for code actions and code lenses. */
  diagnostics?: { version: number; options: string; list: ClaimDiagnostic[] };
  timer?: NodeJS.Timeout;
}

const connection = createConnection(ProposedFeatures.all);
const documents = new Map<string, OpenDocument>();
const settingsCache = new Map<string, Promise<Settings>>();
let pullConfiguration = false;
let versionedEdits = false;
let refreshLenses = false;
let refreshHints = false;
let globalSettings: Settings = DEFAULT_SETTINGS;
const tables = loadTables();
const docsUrl = pathToFileURL(join(__dirname, '..', 'docs', 'diagnostics.md')).href;

// -----------------------------------------------------------------------------------------------
// Settings

function readSettings(raw: unknown): Settings {
  const value = (raw ?? {}) as Record<string, unknown>;
  const inlay = (value.inlayHints ?? {}) as Record<string, unknown>;
  const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase()) : undefined);
  const profiles = Array.isArray(value.payerProfiles)
    ? value.payerProfiles
        .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null && typeof (p as { id?: unknown }).id === 'string')
        .map((p) => ({
          id: String(p.id).toLowerCase(),
          requiresJwJz: p.requiresJwJz === true,
          priorAuthCodes: strings(p.priorAuthCodes)?.map((c) => c.toUpperCase()) ?? [],
        }))
    : undefined;
  const max = typeof value.maxNumberOfProblems === 'number' && value.maxNumberOfProblems >= 1 ? Math.floor(value.maxNumberOfProblems) : undefined;
  return {
    jwJzPayers: strings(value.jwJzPayers) ?? DEFAULT_SETTINGS.jwJzPayers,
    payerProfiles: profiles ?? DEFAULT_SETTINGS.payerProfiles,
    maxNumberOfProblems: max ?? DEFAULT_SETTINGS.maxNumberOfProblems,
    inlayHintsEnabled: typeof inlay.enabled === 'boolean' ? inlay.enabled : DEFAULT_SETTINGS.inlayHintsEnabled,
  };
}

function settingsFor(uri: string): Promise<Settings> {
  if (!pullConfiguration) return Promise.resolve(globalSettings);
  let settings = settingsCache.get(uri);
  if (!settings) {
    settings = connection.workspace.getConfiguration({ scopeUri: uri, section: 'claims' }).then(readSettings, () => DEFAULT_SETTINGS);
    settingsCache.set(uri, settings);
  }
  return settings;
}

function optionsOf(settings: Settings): CheckOptions {
  return resolveOptions({ jwJzPayers: settings.jwJzPayers, payerProfiles: settings.payerProfiles });
}

// -----------------------------------------------------------------------------------------------
// Conversions

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function toLspDiagnostic(d: ClaimDiagnostic): Diagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    source: SOURCE,
    code: d.id,
    codeDescription: { href: `${docsUrl}#${d.id}` },
    message: d.message,
  };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

function workspaceEdit(open: OpenDocument, edits: TextEdit[]): WorkspaceEdit {
  if (!versionedEdits) return { changes: { [open.uri]: edits } };
  const change: TextDocumentEdit = { textDocument: { uri: open.uri, version: open.version }, edits };
  return { documentChanges: [change] };
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  code: CompletionItemKind.Value,
  modifier: CompletionItemKind.EnumMember,
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  keyword: CompletionItemKind.Keyword,
  diagnosis: CompletionItemKind.Reference,
};

function toSymbol(s: OutlineSymbol): import('vscode-languageserver/node').DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: s.kind === 'claim' ? SymbolKind.Module : SymbolKind.Field,
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map(toSymbol),
  };
}

// -----------------------------------------------------------------------------------------------
// Checking

async function check(open: OpenDocument): Promise<ClaimDiagnostic[]> {
  const settings = await settingsFor(open.uri);
  const options = optionsOf(settings);
  const key = JSON.stringify(options);
  if (open.diagnostics && open.diagnostics.version === open.version && open.diagnostics.options === key) return open.diagnostics.list;
  const version = open.version;
  const list = open.document.check(tables, options);
  if (open.version === version) open.diagnostics = { version, options: key, list };
  return list;
}

async function publish(open: OpenDocument): Promise<void> {
  const version = open.version;
  const settings = await settingsFor(open.uri);
  const list = await check(open);
  if (documents.get(open.uri) !== open || open.version !== version) return; // a newer change follows
  const capped = list.slice(0, settings.maxNumberOfProblems).map(toLspDiagnostic);
  await connection.sendDiagnostics({ uri: open.uri, version, diagnostics: capped });
}

function schedule(open: OpenDocument, delay = VALIDATION_DELAY_MS): void {
  if (open.timer) clearTimeout(open.timer);
  open.timer = setTimeout(() => {
    open.timer = undefined;
    guard('validate', () => publish(open));
  }, delay);
}

function guard<T>(name: string, run: () => T | Promise<T>, fallback?: T): Promise<T | undefined> {
  try {
    return Promise.resolve(run()).catch((error: unknown) => {
      logError(name, error);
      return fallback;
    });
  } catch (error) {
    logError(name, error);
    return Promise.resolve(fallback);
  }
}

function logError(name: string, error: unknown): void {
  // The message only: engine errors never quote claim text, and stacks hold no user data.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
  connection.console.error(`claims: ${name} failed: ${message}`);
}

// -----------------------------------------------------------------------------------------------
// Lifecycle and sync

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  pullConfiguration = capabilities.workspace?.configuration === true;
  versionedEdits = capabilities.workspace?.workspaceEdit?.documentChanges === true;
  refreshLenses = capabilities.workspace?.codeLens?.refreshSupport === true;
  refreshHints = capabilities.workspace?.inlayHint?.refreshSupport === true;
  const settings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  if (settings) globalSettings = readSettings(settings);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['-', '=', ','], resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll] },
      executeCommandProvider: { commands: [APPLY_FIX_ALL_COMMAND] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'claims', version: typeof CLAIMCHECK_VERSION === 'string' ? CLAIMCHECK_VERSION : undefined },
  };
});

declare const CLAIMCHECK_VERSION: string | undefined;

connection.onDidChangeConfiguration((change) => {
  settingsCache.clear();
  const raw = (change.settings as { claims?: unknown } | undefined)?.claims;
  if (!pullConfiguration && raw) globalSettings = readSettings(raw);
  for (const open of documents.values()) {
    open.diagnostics = undefined;
    schedule(open, 0);
  }
  // Lenses and hints depend on the settings too; editors re-ask for them only when told.
  if (refreshLenses) connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  if (refreshHints) connection.languages.inlayHint.refresh().catch(() => undefined);
});

connection.onDidOpenTextDocument(({ textDocument }) => {
  const open: OpenDocument = { uri: textDocument.uri, version: textDocument.version, document: new ClaimDocument(textDocument.text) };
  const previous = documents.get(textDocument.uri);
  if (previous?.timer) clearTimeout(previous.timer);
  documents.set(textDocument.uri, open);
  schedule(open, 0);
});

connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
  const open = documents.get(textDocument.uri);
  if (!open) return;
  try {
    for (const change of contentChanges) open.document.update('range' in change ? { range: change.range, text: change.text } : { text: change.text });
  } catch (error) {
    logError('didChange', error);
  }
  open.version = textDocument.version;
  open.diagnostics = undefined;
  schedule(open);
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  const open = documents.get(textDocument.uri);
  if (open?.timer) clearTimeout(open.timer);
  documents.delete(textDocument.uri);
  settingsCache.delete(textDocument.uri);
  void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
});

// -----------------------------------------------------------------------------------------------
// Features

connection.onHover(({ textDocument, position }) =>
  guard('hover', async () => {
    const open = documents.get(textDocument.uri);
    if (!open) return null;
    const options = optionsOf(await settingsFor(open.uri));
    const hover = hoverAt(open.document, tables, options, position);
    return hover ? { contents: { kind: 'markdown' as const, value: hover.contents }, range: hover.range } : null;
  }, null),
);

connection.onCompletion(({ textDocument, position }) =>
  guard('completion', async () => {
    const open = documents.get(textDocument.uri);
    if (!open) return [];
    const options = optionsOf(await settingsFor(open.uri));
    return completeAt(open.document, tables, options, position).map((item) => ({
      label: item.label,
      kind: COMPLETION_KIND[item.kind],
      detail: item.detail,
      documentation: item.documentation ? { kind: 'markdown' as const, value: item.documentation } : undefined,
      filterText: item.filterText,
      sortText: item.sortText,
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range: item.range, newText: item.insertText },
    }));
  }, []),
);

async function fixAllEdits(open: OpenDocument): Promise<{ edits: TextEdit[]; applied: number }> {
  const options = optionsOf(await settingsFor(open.uri));
  const before = open.document.text;
  const result = fixAll(before, tables, options);
  return { edits: minimalEdits(before, result.text), applied: result.applied };
}

async function codeActions(params: CodeActionParams): Promise<CodeAction[]> {
  const open = documents.get(params.textDocument.uri);
  if (!open) return [];
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];
  const diagnostics = await check(open);
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of diagnostics) {
      if (d.fixes.length === 0 || !overlaps(d.range, params.range)) continue;
      const lsp = toLspDiagnostic(d);
      // Prefer the client's own copy of the diagnostic when it sent one (same id and range).
      const sent = params.context.diagnostics.find((c) => c.source === SOURCE && c.code === d.id && sameRange(c.range, d.range)) ?? lsp;
      for (const fix of d.fixes) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [sent], isPreferred: fix.preferred, edit: workspaceEdit(open, fix.edits) });
      }
    }
  }
  if (only && (wants(FIX_ALL_KIND) || only.includes(CodeActionKind.SourceFixAll))) {
    const { edits, applied } = await fixAllEdits(open);
    if (edits.length > 0) {
      actions.push({ title: `Fix all claim problems (${applied} ${applied === 1 ? 'fix' : 'fixes'})`, kind: FIX_ALL_KIND, edit: workspaceEdit(open, edits) });
    }
  }
  return actions;
}

connection.onCodeAction((params) => guard('codeAction', () => codeActions(params), []));

connection.onExecuteCommand((params) =>
  guard('executeCommand', async () => {
    if (params.command !== APPLY_FIX_ALL_COMMAND) return false;
    const [uri, version] = params.arguments ?? [];
    const open = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (!open) return false;
    // The edit is computed for one version; a stale request must not edit newer text.
    if (typeof version === 'number' && version !== open.version) return false;
    const { edits, applied } = await fixAllEdits(open);
    if (edits.length === 0) return true;
    const result = await connection.workspace.applyEdit({ label: `Fix all claim problems (${applied})`, edit: workspaceEdit(open, edits) });
    return result.applied;
  }, false),
);

connection.onDocumentSymbol(({ textDocument }) =>
  guard('documentSymbol', async () => {
    const open = documents.get(textDocument.uri);
    if (!open) return [];
    const options = optionsOf(await settingsFor(open.uri));
    return documentSymbols(open.document.claims(options.payerProfiles.map((p) => p.id))).map(toSymbol);
  }, []),
);

connection.onFoldingRanges(({ textDocument }) =>
  guard('foldingRange', () => {
    const open = documents.get(textDocument.uri);
    return open ? foldingRanges(open.document.claims()) : [];
  }, []),
);

connection.onDocumentFormatting(({ textDocument }) =>
  guard('formatting', () => {
    const open = documents.get(textDocument.uri);
    return open ? formatEdits(open.document) : [];
  }, []),
);

connection.languages.inlayHint.on(({ textDocument, range }) =>
  guard('inlayHint', async () => {
    const open = documents.get(textDocument.uri);
    if (!open) return [];
    const settings = await settingsFor(open.uri);
    if (!settings.inlayHintsEnabled) return [];
    const file = open.document.claims(settings.payerProfiles.map((p) => p.id));
    return unitsHints(file, tables, range).map((h) => ({ position: h.position, label: h.label, tooltip: h.tooltip, paddingLeft: false }));
  }, []),
);

connection.onCodeLens(({ textDocument }) =>
  guard('codeLens', async () => {
    const open = documents.get(textDocument.uri);
    if (!open) return [];
    const settings = await settingsFor(open.uri);
    const diagnostics = await check(open);
    const file = open.document.claims(settings.payerProfiles.map((p) => p.id));
    // A lens without a command id is shown as plain text: information, nothing to click.
    return claimLenses(file, diagnostics).map((lens) => ({ range: lens.range, command: { title: lens.title, command: '' } }));
  }, []),
);

connection.onRequest(TABLE_INFO_REQUEST, () => tableInfo(tables));

connection.listen();
