// The VS Code side of claimcheck: starts the language server (dist/server.js) over IPC, and adds
// the commands and the status bar item. Every check runs in the server; nothing here reads or
// logs document content.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

const LANGUAGE_ID = 'claim';
/** 837 files (.837, .x12, .edi): the server reads them with its X12 front end. */
const X12_LANGUAGE_ID = 'x12';
/** The server's executeCommand that puts each segment of an 837 on its own line: arguments [uri, version]. */
const FORMAT_837 = 'claims.applyFormat837';
/** `source` of every diagnostic the server publishes. */
const SOURCE = 'claims';
/** The server's executeCommand that applies every preferred fix: arguments [uri, version]. */
const APPLY_FIX_ALL = 'claims.applyFixAll';
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('claims');
const TABLE_INFO_REQUEST = 'claims/tableInfo';
const INFO_SCHEME = 'claims-info';
const INFO_URI = vscode.Uri.from({ scheme: INFO_SCHEME, path: '/Claims code tables.md' });

/** Answer of the server's `claims/tableInfo` request. */
export interface TableInfo {
  release: string;
  sources: { title: string; release?: string; url?: string }[];
  /** HCPCS codes in the bundled table. */
  codes: number;
  /** Codes of drugs (J-codes and the like). */
  drugCodes: number;
  /** Share of drug codes whose billing unit was parsed from the descriptor: 0–1. */
  unitParsedShare: number;
  /** Further tables, when the server has them loaded. */
  icd10Codes?: number;
  drugFacts?: number;
  ndcs?: number;
  paymentLimits?: number;
  mueLimits?: number;
}

/** What `activate` returns; the integration tests wait for `client` to run. */
export interface ClaimsExtensionApi {
  client: LanguageClient;
}

let activeClient: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): ClaimsExtensionApi {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const server = { module: serverModule, transport: TransportKind.ipc };
  // The same options when VS Code runs in debug mode: no fixed inspector port to collide on.
  const serverOptions: ServerOptions = { run: server, debug: server };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
      { scheme: 'file', language: X12_LANGUAGE_ID },
      { scheme: 'untitled', language: X12_LANGUAGE_ID },
    ],
    synchronize: { configurationSection: 'claims' },
    // A .claimcheck.json can silence findings: the server reads it only in a trusted folder.
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
    outputChannelName: 'Claims Language Server',
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  // The id 'claims' makes the client honour the `claims.trace.server` setting.
  const client = new LanguageClient('claims', 'Claims Language Server', serverOptions, clientOptions);
  activeClient = client;

  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (client.isRunning()) void client.sendNotification('claims/workspaceTrusted');
    }),
  );

  const status = new StatusBar();
  const tableInfo = new TableInfoCache(client);
  const details = new TableInfoDocument();
  context.subscriptions.push(
    status,
    details,
    vscode.workspace.registerTextDocumentContentProvider(INFO_SCHEME, details),
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) {
        status.setServerState('running');
        tableInfo.clear();
        tableInfo.get().then(
          (info) => status.setRelease(info.release),
          () => status.setRelease(undefined),
        );
      } else if (event.newState === State.Starting) {
        status.setServerState('starting');
      } else {
        status.setServerState('stopped');
      }
    }),
  );

  let lifecycle: Promise<void> = client.start().catch((error: unknown) => {
    void vscode.window.showErrorMessage(`Claims: the language server did not start: ${errorText(error)}`);
  });
  /** Runs `step` after any start or restart in progress, so restarts never overlap. */
  const serialize = (step: () => Promise<void>): Promise<void> => {
    lifecycle = lifecycle.then(step, step);
    return lifecycle;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('claims.restartServer', () =>
      serialize(async () => {
        status.setServerState('starting');
        try {
          if (client.isRunning()) {
            // A timed-out shutdown still leaves the client stopped: start it anyway.
            await client.stop().catch(() => undefined);
          }
          await client.start();
        } catch (error) {
          status.setServerState('stopped');
          void vscode.window.showErrorMessage(`Claims: restarting the language server failed: ${errorText(error)}`);
        }
      }),
    ),
    vscode.commands.registerCommand('claims.fixAll', async () => {
      await lifecycle;
      await fixAll(client);
    }),
    vscode.commands.registerCommand('claims.format837', async () => {
      await lifecycle;
      const document = vscode.window.activeTextEditor?.document;
      if (!document || document.languageId !== X12_LANGUAGE_ID) {
        void vscode.window.showInformationMessage('Claims: Format 837 works on the 837 file in the active editor.');
        return;
      }
      await client.sendRequest(ExecuteCommandRequest.type, { command: FORMAT_837, arguments: [client.code2ProtocolConverter.asUri(document.uri), document.version] });
    }),
    vscode.commands.registerCommand('claims.showCodeTableInfo', async () => {
      await lifecycle;
      let info: TableInfo;
      // For the claim file in front: the tables it is checked with, its folder's imported ones included.
      const active = vscode.window.activeTextEditor?.document;
      try {
        info = active?.languageId === LANGUAGE_ID ? await client.sendRequest<TableInfo>(TABLE_INFO_REQUEST, { uri: active.uri.toString() }) : await tableInfo.get();
      } catch (error) {
        void vscode.window.showErrorMessage(`Claims: the language server did not report its code tables: ${errorText(error)}`);
        return;
      }
      details.set(info);
      // Not awaited: the message stays until dismissed, the command is done once it shows.
      void vscode.window.showInformationMessage(summarize(info), 'Show Sources').then(async (choice) => {
        if (choice) await openDetails();
      });
    }),
  );

  return { client };
}

export async function deactivate(): Promise<void> {
  const client = activeClient;
  activeClient = undefined;
  if (client?.isRunning()) await client.stop().catch(() => undefined);
}

// -----------------------------------------------------------------------------------------------
// Fix all

async function fixAll(client: LanguageClient): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== LANGUAGE_ID) {
    void vscode.window.showInformationMessage('Claims: Fix All works on the claim file in the active editor.');
    return;
  }
  const commands = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  if (client.isRunning() && commands.includes(APPLY_FIX_ALL)) {
    try {
      // The server computes the edit and applies it through workspace/applyEdit.
      await client.sendRequest(ExecuteCommandRequest.type, {
        command: APPLY_FIX_ALL,
        arguments: [client.code2ProtocolConverter.asUri(document.uri), document.version],
      });
      return;
    } catch {
      // Fall back to the standard code action below.
    }
  }
  await fixAllWithCodeAction(document);
}

/** Applies the server's `source.fixAll.claims` code action, the way "Fix All" on save would. */
async function fixAllWithCodeAction(document: vscode.TextDocument): Promise<void> {
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const found = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
    'vscode.executeCodeActionProvider',
    document.uri,
    whole,
    FIX_ALL_KIND.value,
    1, // resolve the edit of the first action when the server defers it
  );
  const action = (found ?? []).find(
    (a): a is vscode.CodeAction => {
      const kind = (a as vscode.CodeAction).kind;
      return kind !== undefined && FIX_ALL_KIND.contains(kind);
    },
  );
  if (!action) {
    vscode.window.setStatusBarMessage('Claims: nothing to fix', 3000);
    return;
  }
  if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) {
    void vscode.window.showErrorMessage('Claims: the fixes could not be applied (the file changed meanwhile?).');
    return;
  }
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
}

// -----------------------------------------------------------------------------------------------
// Code table info

class TableInfoCache {
  private pending: Promise<TableInfo> | undefined;

  constructor(private readonly client: LanguageClient) {}

  get(): Promise<TableInfo> {
    if (!this.pending) {
      const request = this.client.sendRequest<TableInfo>(TABLE_INFO_REQUEST);
      this.pending = request;
      request.catch(() => {
        if (this.pending === request) this.pending = undefined; // ask again next time
      });
    }
    return this.pending;
  }

  clear(): void {
    this.pending = undefined;
  }
}

function formatCount(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : '?';
}

function formatShare(share: number): string {
  if (!Number.isFinite(share)) return '?';
  const percent = share <= 1 ? share * 100 : share; // tolerate a server that sends a percentage
  return `${percent.toFixed(1).replace(/\.0$/, '')}%`;
}

export function summarize(info: TableInfo): string {
  return (
    `Claims code tables: ${info.release}. ${formatCount(info.codes)} HCPCS codes, ` +
    `${formatCount(info.drugCodes)} drug codes; billing unit read from the descriptor for ` +
    `${formatShare(info.unitParsedShare)} of drug codes.`
  );
}

function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

export function detailsMarkdown(info: TableInfo): string {
  const lines = [
    '# Claims code tables',
    '',
    `**Release:** ${info.release}`,
    '',
    `- HCPCS codes: ${formatCount(info.codes)}`,
    `- Drug codes: ${formatCount(info.drugCodes)}`,
    `- Billing unit read from the descriptor: ${formatShare(info.unitParsedShare)} of drug codes`,
    ...(
      [
        ['ICD-10-CM codes and headers', info.icd10Codes],
        ['Drugs with curated facts (container type, indications)', info.drugFacts],
        ['NDCs (ASP crosswalk)', info.ndcs],
        ['Part B payment limits', info.paymentLimits],
        ['MUE limits', info.mueLimits],
      ] as Array<[string, number | undefined]>
    )
      .filter(([, count]) => count !== undefined)
      .map(([label, count]) => `- ${label}: ${formatCount(count!)}`),
    '',
    '## Sources',
    '',
    '| Source | Release | Link |',
    '| --- | --- | --- |',
  ];
  for (const source of info.sources ?? []) {
    const link = source.url && /^https?:\/\//.test(source.url) ? `<${source.url}>` : '';
    lines.push(`| ${markdownCell(source.title)} | ${markdownCell(source.release ?? '')} | ${link} |`);
  }
  lines.push('');
  return lines.join('\n');
}

/** A read-only markdown document with the last table info, shown in the markdown preview. */
class TableInfoDocument implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private text = '# Claims code tables\n\nRun "Claims: Show Code Table Info" first.\n';

  set(info: TableInfo): void {
    this.text = detailsMarkdown(info);
    this.changed.fire(INFO_URI);
  }

  provideTextDocumentContent(): string {
    return this.text;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

async function openDetails(): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', INFO_URI);
  } catch {
    const document = await vscode.workspace.openTextDocument(INFO_URI);
    await vscode.window.showTextDocument(document, { preview: true });
  }
}

// -----------------------------------------------------------------------------------------------
// Status bar: "Claims: <release> — N problems" while a claim file is the active editor.

type ServerState = 'starting' | 'running' | 'stopped';

class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('claims.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private release: string | undefined;
  private serverState: ServerState = 'starting';

  constructor() {
    this.item.name = 'Claims';
    this.item.command = 'claims.showCodeTableInfo';
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidOpenTextDocument(() => this.update()), // also fires when the language mode changes
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && event.uris.some((uri) => uri.toString() === active)) this.update();
      }),
    );
    this.update();
  }

  setRelease(release: string | undefined): void {
    this.release = release;
    this.update();
  }

  setServerState(state: ServerState): void {
    this.serverState = state;
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== LANGUAGE_ID) {
      this.item.hide();
      return;
    }
    const diagnostics = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === SOURCE);
    const count = (severity: vscode.DiagnosticSeverity) => diagnostics.filter((d) => d.severity === severity).length;
    const errors = count(vscode.DiagnosticSeverity.Error);
    const warnings = count(vscode.DiagnosticSeverity.Warning);
    const problems = diagnostics.length;
    // The release is long ("HCPCS 2025 October; OPPS Addendum B 2026-04"): its first part is enough here.
    const release = this.release?.split(';')[0].trim();

    if (this.serverState === 'starting') {
      this.item.text = '$(sync~spin) Claims';
    } else if (this.serverState === 'stopped') {
      this.item.text = '$(circle-slash) Claims: server stopped';
    } else {
      const icon = errors > 0 ? '$(error)' : warnings > 0 ? '$(warning)' : problems > 0 ? '$(info)' : '$(check)';
      const counted = problems === 0 ? 'no problems' : problems === 1 ? '1 problem' : `${problems} problems`;
      this.item.text = `${icon} Claims${release ? `: ${release}` : ''} — ${counted}`;
    }

    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = { enabledCommands: ['claims.showCodeTableInfo', 'claims.restartServer', 'workbench.actions.view.problems'] };
    tooltip.appendMarkdown(`**Claims** — code tables: ${escapeMarkdown(this.release ?? 'not loaded yet')}\n\n`);
    if (this.serverState === 'running') {
      tooltip.appendMarkdown(
        `This file: ${errors} errors, ${warnings} warnings, ${problems - errors - warnings} other problems.\n\n`,
      );
    } else {
      tooltip.appendMarkdown(`Language server: ${this.serverState}.\n\n`);
    }
    tooltip.appendMarkdown(
      '[Problems](command:workbench.actions.view.problems) · ' +
        '[Code table info](command:claims.showCodeTableInfo) · ' +
        '[Restart server](command:claims.restartServer)',
    );
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: this.item.text.replace(/\$\([^)]*\)\s*/g, '') };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
