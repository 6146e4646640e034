// The claims language server: wires the checking engine (server/src/engine) to LSP. Runs over
// stdio (`node dist/server.js --stdio`) or IPC (the VS Code client). No network, no telemetry,
// and no claim text in the log: errors are logged by handler name and message only.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  CodeAction,
  CodeActionKind,
  CodeLensRefreshRequest,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  InsertTextFormat,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type CodeActionParams,
  type CodeLens,
  type CompletionList,
  type Diagnostic,
  type InitializeResult,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { ClaimDocument } from './engine/check';
import { applyConfig, findConfigFile, positionAt, readConfigFile, type ConfigRead } from './engine/config';
import { confirmedFixes, fixAllEdits as computeFixAllEdits } from './engine/fixes/fixAll';
import { claimLenses, claimSummary, lensesOf, type ClaimLens } from './engine/features/codeLens';
import { completeAt } from './engine/features/completion';
import { foldingRanges } from './engine/features/folding';
import { rangesTouch } from './engine/fixes/edits';
import { formatEdits } from './engine/features/format';
import { hoverAt } from './engine/features/hover';
import { inlayHints } from './engine/features/inlayHints';
import { documentOutline } from './engine/features/symbols';
import { loadTables, tableInfo } from './engine/tables';
import type { CheckOptions, ClaimDiagnostic, CodeTables, TextEdit } from './engine/types';
import { COMPLETION_KIND, SOURCE, capDiagnostics, sameRange, toDocumentSymbol, toLspDiagnostic, workspaceEdit } from './lsp/convert';
import { DEFAULT_SETTINGS, checkOptions, readSettings, type Settings } from './lsp/settings';
import { FORMAT_837_COMMAND, changeX12, confirmedX12Fixes, isX12Document, openX12, x12Findings, x12FormatEdits, x12Hover, x12Outline, type X12Open } from './lsp/x12';
import { createClaimsConnection, withKeptElements } from './lsp/transport';

export const APPLY_FIX_ALL_COMMAND = 'claims.applyFixAll';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.claims`;
export const TABLE_INFO_REQUEST = 'claims/tableInfo';
/**
 * No fixed debounce: a check follows a change at once while checks are fast (a claim block
 * costs well under a millisecond), and waits as long as the last check took, up to this bound,
 * once they are slow, so a burst of changes is checked once.
 */
const MAX_VALIDATION_DELAY_MS = 150;
const FAST_CHECK_MS = 20;

interface OpenDocument {
  uri: string;
  version: number;
  document: ClaimDocument;
  /** How long the last publication took, for the adaptive delay. */
  lastCheckMs: number;
  /** What was published last, before the cap's note: unchanged diagnostics are sent again as the same objects (lsp/transport.ts encodes each once). */
  published?: { list: ClaimDiagnostic[]; diagnostics: Diagnostic[] };
  timer?: NodeJS.Timeout;
}

const connection = createClaimsConnection();
const documents = new Map<string, OpenDocument>();
/** Open 837 files (language id x12), checked whole: lsp/x12.ts. */
const x12Documents = new Map<string, X12Open>();
const settingsCache = new Map<string, Promise<Settings>>();
let pullConfiguration = false;
let versionedEdits = false;
let refreshInlayHints = false;
let refreshCodeLenses = false;
let watchRegistration = false;
/** The client's notification that the user trusted the workspace (VS Code's Workspace Trust). */
const WORKSPACE_TRUSTED_NOTIFICATION = 'claims/workspaceTrusted';
let globalSettings: Settings = { ...DEFAULT_SETTINGS };
/**
 * Why the bundled code tables could not be read; the server then stays up, checks nothing and
 * publishes one `tables-not-loaded` diagnostic per file saying so.
 */
let tablesError: string | undefined;
const tables = ((): CodeTables => {
  try {
    return loadTables();
  } catch (error) {
    tablesError = (error instanceof Error ? error.message : 'unknown error').slice(0, 500);
    const empty: CodeTables = { release: 'not loaded', sources: [], hcpcs: new Map(), modifiers: new Map(), icd10: new Map(), icd10Ranges: [], drugFacts: new Map(), ndc: new Map(), ndcByCode: new Map(), mue: new Map(), payment: new Map(), drugIndex: new Map(), problems: [] };
    return empty;
  }
})();
/** The extension's folder: dist/server.js sits in <root>/dist. docs/ ships in the VSIX. */
const extensionRoot = join(__dirname, '..');

// -----------------------------------------------------------------------------------------------
// Settings

function settingsFor(uri: string): Promise<Settings> {
  if (!pullConfiguration) return Promise.resolve(globalSettings);
  let settings = settingsCache.get(uri);
  if (!settings) {
    settings = connection.workspace.getConfiguration({ scopeUri: uri, section: 'claims' }).then(readSettings, () => ({ ...DEFAULT_SETTINGS }));
    settingsCache.set(uri, settings);
  }
  return settings;
}

// -----------------------------------------------------------------------------------------------
// The workspace config (.claimcheck.json): the same file the CLI reads, over the VS Code settings

/** Whether the client said the workspace is trusted; a config can silence findings, so it is read only then. */
let workspaceTrusted = true;
/** Config file path → what it holds (read once; the client's file watcher says when it changes). */
const configReads = new Map<string, ConfigRead>();
/** Document URI → its config file (null: none above it). */
const configOf = new Map<string, string | null>();
/** Config files whose problems are shown, by URI: cleared when the problems go. */
const configDiagnosticsShown = new Set<string>();

interface Setup {
  settings: Settings;
  options: CheckOptions;
  tables: CodeTables;
  payerIds: string[];
}

function configFileFor(uri: string): string | undefined {
  if (!workspaceTrusted || !uri.startsWith('file:')) return undefined;
  let file: string | null | undefined = configOf.get(uri);
  if (file === undefined) {
    let path: string | undefined;
    try {
      path = fileURLToPath(uri);
    } catch {
      path = undefined;
    }
    file = (path && findConfigFile(path)) || null;
    configOf.set(uri, file);
  }
  return file ?? undefined;
}

function readConfig(file: string): ConfigRead {
  let read = configReads.get(file);
  if (!read) {
    read = readConfigFile(file);
    configReads.set(file, read);
    publishConfigProblems(file, read);
  }
  return read;
}

/** A broken config gets its problems as diagnostics in the config file; the defaults stand in. */
function publishConfigProblems(file: string, read: ConfigRead): void {
  const uri = pathToFileURL(file).href;
  if (read.problems.length === 0 && !configDiagnosticsShown.has(uri)) return;
  const { text } = read;
  const diagnostics: Diagnostic[] = read.problems.map((problem) => ({
    range: { start: positionAt(text, problem.offset), end: positionAt(text, problem.offset + problem.length) },
    severity: DiagnosticSeverity.Warning,
    source: 'claims',
    code: 'config',
    message: `${problem.message} (the default is used instead)`,
  }));
  if (diagnostics.length > 0) configDiagnosticsShown.add(uri);
  else configDiagnosticsShown.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics });
}

const tablesByList = new Map<string, CodeTables>();
/** The bundled tables with a config's imported ones over them; problems are logged once. */
function tablesWith(extra: readonly string[]): CodeTables {
  if (extra.length === 0 || tablesError) return tables;
  const key = extra.join('\u0000');
  let found = tablesByList.get(key);
  if (!found) {
    found = loadTables(undefined, { extraTables: extra, reload: true });
    for (const problem of found.problems ?? []) if (!tables.problems?.includes(problem)) connection.console.warn(`claims: ${problem}`);
    tablesByList.set(key, found);
  }
  return found;
}

/** What a document is checked with: its settings, and its workspace config over them. */
async function setupFor(uri: string): Promise<Setup> {
  const settings = await settingsFor(uri);
  const file = configFileFor(uri);
  const config = file ? readConfig(file).config : undefined;
  const options = applyConfig(checkOptions(settings), config);
  return { settings, options, tables: tablesWith(config?.tables ?? []), payerIds: options.payerProfiles.map((p) => p.id) };
}

function editFor(open: OpenDocument, edits: TextEdit[]): WorkspaceEdit {
  return workspaceEdit(open.uri, edits, versionedEdits ? open.version : undefined);
}

// -----------------------------------------------------------------------------------------------
// Checking

/**
 * The document's findings: every one (`all`), those starting on some lines (a code action's),
 * or the first `first` and how many there are (what is published). The engine re-checks only
 * the claim blocks that changed. Without code tables every code would look unknown: say once
 * that the file was not checked, rather than noise, or an empty panel that looks clean.
 */
async function findings(open: OpenDocument, which: { first: number } | { from: number; to: number } | 'all'): Promise<{ list: ClaimDiagnostic[]; total: number }> {
  if (tablesError) return { list: [notCheckedDiagnostic(tablesError, open.document.lines[0]?.text.length ?? 0)], total: 1 };
  const { options, tables } = await setupFor(open.uri);
  if (which === 'all') {
    const list = open.document.check(tables, options);
    return { list, total: list.length };
  }
  if ('first' in which) {
    const { diagnostics, total } = open.document.checkFirst(tables, options, which.first);
    return { list: diagnostics, total };
  }
  const list = open.document.checkLines(tables, options, which.from, which.to);
  return { list, total: list.length };
}

function notCheckedDiagnostic(reason: string, length = 0): ClaimDiagnostic {
  return {
    id: 'tables-not-loaded',
    severity: 'error',
    message: `This file was NOT checked: the bundled code tables could not be read (${reason}). Reinstall the extension.`,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: length } },
    fixes: [],
  };
}

async function publish(open: OpenDocument): Promise<void> {
  const version = open.version;
  const settings = await settingsFor(open.uri);
  if (documents.get(open.uri) !== open || open.version !== version) return; // a newer change follows
  const started = performance.now();
  // Capped before converting: only what is shown becomes LSP diagnostics.
  const max = settings.maxNumberOfProblems;
  const { list, total } = await findings(open, { first: max });
  const before = open.published;
  const converted = list.map((d, i) => (before && i < before.list.length && sameAsShown(before.list[i], d) ? before.diagnostics[i] : toLspDiagnostic(d, extensionRoot)));
  open.published = { list, diagnostics: converted };
  const diagnostics = withKeptElements(capDiagnostics(converted.slice(), total, max));
  open.lastCheckMs = performance.now() - started;
  await connection.sendDiagnostics({ uri: open.uri, version, diagnostics });
}

/** Do the two show the same in the editor (place, severity, rule and message)? */
function sameAsShown(a: ClaimDiagnostic, b: ClaimDiagnostic): boolean {
  return a === b || (a.id === b.id && a.severity === b.severity && a.message === b.message && sameRange(a.range, b.range));
}

async function publishX12(uri: string, open: X12Open): Promise<void> {
  const version = open.document.version;
  const settings = await settingsFor(uri);
  if (x12Documents.get(uri) !== open || open.document.version !== version) return;
  const started = performance.now();
  let list: ClaimDiagnostic[];
  if (tablesError) {
    const first = open.document.getText().search(/\r|\n|$/);
    list = [{ ...notCheckedDiagnostic(tablesError), range: { start: { line: 0, character: 0 }, end: { line: 0, character: first } } }];
  } else {
    const { options, tables } = await setupFor(uri);
    list = x12Findings(open, tables, options);
  }
  const shown = list.slice(0, settings.maxNumberOfProblems).map((d) => toLspDiagnostic(d, extensionRoot));
  const diagnostics = capDiagnostics(shown, list.length, settings.maxNumberOfProblems);
  open.lastCheckMs = performance.now() - started;
  await connection.sendDiagnostics({ uri, version, diagnostics });
}

function scheduleX12(uri: string, open: X12Open, delay = open.lastCheckMs < FAST_CHECK_MS ? 0 : Math.min(MAX_VALIDATION_DELAY_MS, open.lastCheckMs)): void {
  if (open.timer) clearTimeout(open.timer);
  open.timer = setTimeout(() => {
    open.timer = undefined;
    void guard('validate', () => publishX12(uri, open), undefined);
  }, delay);
}

function schedule(open: OpenDocument, delay = open.lastCheckMs < FAST_CHECK_MS ? 0 : Math.min(MAX_VALIDATION_DELAY_MS, open.lastCheckMs)): void {
  if (open.timer) clearTimeout(open.timer);
  open.timer = setTimeout(() => {
    open.timer = undefined;
    void guard('validate', () => publish(open), undefined);
  }, delay);
}

/** Runs a handler; an error is logged (without claim text) and answered with `fallback`. */
function guard<T>(name: string, run: () => T | Promise<T>, fallback: T): Promise<T> {
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
  // The error's class and message only: engine messages never quote claim text, and stacks
  // (which could show up with values in them) are left out.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
  connection.console.error(`claims: ${name} failed: ${message.slice(0, 200)}`);
}

process.on('uncaughtException', (error) => logError('server', error));
process.on('unhandledRejection', (error) => logError('server', error));

// -----------------------------------------------------------------------------------------------
// Lifecycle and sync

declare const CLAIMCHECK_VERSION: string | undefined;

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  pullConfiguration = capabilities.workspace?.configuration === true;
  versionedEdits = capabilities.workspace?.workspaceEdit?.documentChanges === true;
  refreshInlayHints = capabilities.workspace?.inlayHint?.refreshSupport === true;
  refreshCodeLenses = capabilities.workspace?.codeLens?.refreshSupport === true;
  watchRegistration = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  const init = params.initializationOptions as { settings?: unknown; workspaceTrusted?: unknown } | undefined;
  if (init?.settings) globalSettings = readSettings(init.settings);
  // VS Code's client says whether the folder is trusted; other editors do not have Restricted Mode.
  if (init?.workspaceTrusted === false) workspaceTrusted = false;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['-', '=', ','], resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      executeCommandProvider: { commands: [APPLY_FIX_ALL_COMMAND, FORMAT_837_COMMAND] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      inlayHintProvider: { resolveProvider: false },
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'claims', version: typeof CLAIMCHECK_VERSION === 'string' ? CLAIMCHECK_VERSION : undefined },
  };
});

connection.onInitialized(() => {
  // Without a client-side watcher (other editors), ask for one: config edits apply as they happen.
  if (watchRegistration) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/.claimcheck.json' }] }).catch(() => undefined);
  if (tablesError) {
    connection.console.error(`claims: the bundled code tables could not be read: ${tablesError}`);
    void connection.window.showErrorMessage('Claims: the bundled code tables could not be read, so claim files are not checked. Reinstall the extension.');
  } else if (tables.problems && tables.problems.length > 0) {
    // Broken optional tables: the rest is checked; say once what is turned off (file and row
    // names only, no claim text).
    for (const problem of tables.problems) connection.console.warn(`claims: ${problem}`);
    const message = `Claims: ${tables.problems.length === 1 ? 'a bundled table' : 'some bundled tables'} could not be used, so some checks are off: ${tables.problems.join(' ')}`;
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: message.slice(0, 1000) });
  }
});

/** The config files changed (or trust was granted): read them again and check every open file again. */
function configChanged(): void {
  configReads.clear();
  configOf.clear();
  tablesByList.clear();
  for (const uri of [...configDiagnosticsShown]) void connection.sendDiagnostics({ uri, diagnostics: [] });
  configDiagnosticsShown.clear();
  for (const open of documents.values()) schedule(open, 0);
  for (const [uri, open] of x12Documents) scheduleX12(uri, open, 0);
  if (refreshInlayHints) connection.languages.inlayHint.refresh().catch(() => undefined);
  if (refreshCodeLenses) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
}

connection.onDidChangeWatchedFiles(() => configChanged());

connection.onNotification(WORKSPACE_TRUSTED_NOTIFICATION, () => {
  workspaceTrusted = true;
  configChanged();
});

connection.onDidChangeConfiguration((change) => {
  settingsCache.clear();
  const raw = (change.settings as { claims?: unknown } | null | undefined)?.claims;
  if (!pullConfiguration && raw !== undefined) globalSettings = readSettings(raw);
  for (const open of documents.values()) {
    schedule(open, 0);
  }
  for (const [uri, open] of x12Documents) scheduleX12(uri, open, 0);
  // Hints and lenses depend on settings too: ask the editor to request them again.
  if (refreshInlayHints) connection.languages.inlayHint.refresh().catch(() => undefined);
  if (refreshCodeLenses) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
});

connection.onDidOpenTextDocument(({ textDocument }) => {
  if (isX12Document(textDocument.uri, textDocument.languageId)) {
    const before = x12Documents.get(textDocument.uri);
    if (before?.timer) clearTimeout(before.timer);
    const open = openX12(textDocument.uri, textDocument.version, typeof textDocument.text === 'string' ? textDocument.text : '');
    x12Documents.set(textDocument.uri, open);
    scheduleX12(textDocument.uri, open, 0);
    return;
  }
  const previous = documents.get(textDocument.uri);
  if (previous?.timer) clearTimeout(previous.timer);
  let document: ClaimDocument;
  try {
    document = new ClaimDocument(typeof textDocument.text === 'string' ? textDocument.text : '');
  } catch (error) {
    logError('didOpen', error);
    document = new ClaimDocument('');
  }
  const open: OpenDocument = { uri: textDocument.uri, version: textDocument.version, document, lastCheckMs: 0 };
  documents.set(textDocument.uri, open);
  schedule(open, 0);
});

connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
  const x12 = x12Documents.get(textDocument.uri);
  if (x12) {
    try {
      changeX12(x12, textDocument.version, contentChanges);
    } catch (error) {
      logError('didChange', error);
    }
    scheduleX12(textDocument.uri, x12);
    return;
  }
  const open = documents.get(textDocument.uri);
  if (!open) return;
  try {
    for (const change of contentChanges) open.document.update('range' in change ? { range: change.range, text: change.text } : { text: change.text });
  } catch (error) {
    logError('didChange', error);
  }
  open.version = textDocument.version;
  schedule(open);
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  const open = documents.get(textDocument.uri);
  if (open?.timer) clearTimeout(open.timer);
  const x12 = x12Documents.get(textDocument.uri);
  if (x12?.timer) clearTimeout(x12.timer);
  x12Documents.delete(textDocument.uri);
  documents.delete(textDocument.uri);
  settingsCache.delete(textDocument.uri);
  void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] }).catch(() => undefined);
});

// -----------------------------------------------------------------------------------------------
// Features

connection.onHover(({ textDocument, position }) =>
  guard('hover', async () => {
    const x12 = x12Documents.get(textDocument.uri);
    const open = documents.get(textDocument.uri);
    if (!open && !x12) return null;
    const { options, tables } = await setupFor(textDocument.uri);
    if (x12 && tablesError) return null;
    const hover = x12 ? x12Hover(x12, tables, options, position) : hoverAt(open!.document, tables, options, position);
    return hover ? { contents: { kind: 'markdown' as const, value: hover.contents }, range: hover.range } : null;
  }, null),
);

connection.onCompletion(({ textDocument, position }) =>
  guard<CompletionList>('completion', async () => {
    const open = documents.get(textDocument.uri);
    if (!open) return { isIncomplete: false, items: [] };
    const { options, tables } = await setupFor(open.uri);
    const result = completeAt(open.document, tables, options, position);
    return {
      isIncomplete: result.incomplete,
      items: result.items.map((item) => ({
        label: item.label,
        kind: COMPLETION_KIND[item.kind],
        detail: item.detail,
        documentation: item.documentation ? { kind: 'markdown' as const, value: item.documentation } : undefined,
        filterText: item.filterText,
        sortText: item.sortText,
        insertTextFormat: InsertTextFormat.PlainText,
        textEdit: { range: item.range, newText: item.insertText },
      })),
    };
  }, { isIncomplete: false, items: [] }),
);

async function fixAllEdits(open: OpenDocument): Promise<{ edits: TextEdit[]; applied: number }> {
  if (tablesError) return { edits: [], applied: 0 }; // nothing was checked, so there is nothing to fix
  const { options, tables } = await setupFor(open.uri);
  return computeFixAllEdits(open.document, tables, options);
}

/** Quick fixes on an 837: the X12-safe ones the check kept (no fix-all: --fix and fix-on-save leave 837s alone). */
async function x12CodeActions(uri: string, x12: X12Open, params: CodeActionParams): Promise<CodeAction[]> {
  const only = params.context.only;
  if (tablesError || (only && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(`${k}.`)))) return [];
  const { options, tables } = await setupFor(uri);
  const actions: CodeAction[] = [];
  for (const d of x12Findings(x12, tables, options, params.range)) {
    if (d.fixes.length === 0) continue;
    const sent = params.context.diagnostics.find((c) => c.source === SOURCE && c.code === d.id && sameRange(c.range, d.range)) ?? toLspDiagnostic(d, extensionRoot);
    for (const fix of confirmedX12Fixes(x12, d, tables, options)) {
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [sent], isPreferred: fix.preferred, edit: workspaceEdit(uri, fix.edits, versionedEdits ? x12.document.version : undefined) });
    }
  }
  return actions;
}

async function codeActions(params: CodeActionParams): Promise<CodeAction[]> {
  const x12 = x12Documents.get(params.textDocument.uri);
  if (x12) return x12CodeActions(params.textDocument.uri, x12, params);
  const open = documents.get(params.textDocument.uri);
  if (!open) return [];
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const { list } = await findings(open, { from: params.range.start.line, to: params.range.end.line });
    for (const d of list) {
      if (d.fixes.length === 0 || !rangesTouch(d.range, params.range)) continue;
      // Attach the client's own copy of the diagnostic when it sent one (same code and range),
      // so the editor links the fix to the problem it shows.
      const sent = params.context.diagnostics.find((c) => c.source === SOURCE && c.code === d.id && sameRange(c.range, d.range)) ?? toLspDiagnostic(d, extensionRoot);
      const { options, tables } = await setupFor(open.uri);
      for (const fix of confirmedFixes(open.document, d, tables, options)) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [sent], isPreferred: fix.preferred, edit: editFor(open, fix.edits) });
      }
    }
  }
  // Fix-all runs only when asked for by kind (on save, or "Fix All"): it re-checks the whole file.
  if (only && only.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`))) {
    const version = open.version;
    const { edits, applied } = await fixAllEdits(open);
    if (edits.length > 0 && open.version === version) {
      actions.push({ title: `Fix all claim problems (${applied} ${applied === 1 ? 'fix' : 'fixes'})`, kind: FIX_ALL_KIND, edit: editFor(open, edits) });
    }
  }
  return actions;
}

connection.onCodeAction((params) => guard('codeAction', () => codeActions(params), []));

connection.onExecuteCommand((params) =>
  guard('executeCommand', async () => {
    if (params.command === FORMAT_837_COMMAND) {
      const [x12Uri, x12Version] = params.arguments ?? [];
      const x12 = typeof x12Uri === 'string' ? x12Documents.get(x12Uri) : undefined;
      if (!x12 || typeof x12Version !== 'number' || x12Version !== x12.document.version) return false;
      const { options, tables } = await setupFor(x12Uri);
      const edits = x12FormatEdits(x12, tables, options);
      if (edits.length === 0) return true;
      const result = await connection.workspace.applyEdit({ label: 'Format 837', edit: workspaceEdit(x12Uri, edits, x12Version) });
      return result.applied;
    }
    if (params.command !== APPLY_FIX_ALL_COMMAND) return false;
    const [uri, version] = params.arguments ?? [];
    const open = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (!open) return false;
    // The edit is computed for one version; a request for another must not edit newer text.
    if (typeof version !== 'number' || version !== open.version) return false;
    const { edits, applied } = await fixAllEdits(open);
    if (open.version !== version) return false;
    if (edits.length === 0) return true;
    const result = await connection.workspace.applyEdit({ label: `Fix all claim problems (${applied})`, edit: workspaceEdit(open.uri, edits, version) });
    return result.applied;
  }, false),
);

connection.onDocumentSymbol(({ textDocument }) =>
  guard('documentSymbol', async () => {
    const x12 = x12Documents.get(textDocument.uri);
    if (x12) {
      const { options, tables } = await setupFor(textDocument.uri);
      return x12Outline(x12, tables, options).map(toDocumentSymbol);
    }
    const open = documents.get(textDocument.uri);
    if (!open) return [];
    const ids = (await setupFor(open.uri)).payerIds;
    return documentOutline(open.document, ids).map(toDocumentSymbol);
  }, []),
);

connection.onFoldingRanges(({ textDocument }) =>
  guard('foldingRange', async () => {
    const open = documents.get(textDocument.uri);
    if (!open) return [];
    const ids = (await setupFor(open.uri)).payerIds;
    return foldingRanges(open.document.outline(ids));
  }, []),
);

connection.onDocumentFormatting(({ textDocument }) =>
  guard('formatting', async () => {
    const x12 = x12Documents.get(textDocument.uri);
    if (x12) {
      const { options, tables } = await setupFor(textDocument.uri);
      return x12FormatEdits(x12, tables, options);
    }
    const open = documents.get(textDocument.uri);
    return open ? formatEdits(open.document) : [];
  }, []),
);

connection.languages.inlayHint.on(({ textDocument, range }) =>
  guard('inlayHint', async () => {
    const open = documents.get(textDocument.uri);
    if (!open) return [];
    const { settings, payerIds, tables } = await setupFor(open.uri);
    if (!settings.inlayHintsEnabled) return [];
    const file = open.document.claimsIn(range.start.line, range.end.line, payerIds);
    return inlayHints(file, tables, range).map((h) => ({ position: h.position, label: h.label, tooltip: h.tooltip, paddingLeft: true }));
  }, []),
);

connection.onCodeLens(({ textDocument }) =>
  guard('codeLens', async () => {
    const open = documents.get(textDocument.uri);
    if (!open) return [];
    const { options, payerIds, tables } = await setupFor(open.uri);
    // Unchecked (no tables): the lenses count the one "not checked" error; there is no price to show.
    const lenses = tablesError ? claimLenses(open.document.claims(payerIds), (await findings(open, 'all')).list) : lensesOf(open.document.claimSummaries(tables, options, claimSummary));
    return withKeptElements(lenses.map(toLspLens));
  }, []),
);

/** The LSP form of each engine lens, kept while the engine returns the same lens (a claim no edit touched or moved). */
const lspLenses = new WeakMap<ClaimLens, CodeLens>();
function toLspLens(lens: ClaimLens): CodeLens {
  let lsp = lspLenses.get(lens);
  if (!lsp) {
    // A lens whose command id is empty shows as plain text: a summary, nothing to click.
    lsp = { range: lens.range, command: { title: lens.title, command: '' } };
    lspLenses.set(lens, lsp);
  }
  return lsp;
}

// With a document's URI: the tables that document is checked with (its config's imported ones too).
connection.onRequest(TABLE_INFO_REQUEST, (params?: { uri?: unknown }) =>
  guard('tableInfo', async () => tableInfo(typeof params?.uri === 'string' ? (await setupFor(params.uri)).tables : tables), null),
);

connection.listen();
