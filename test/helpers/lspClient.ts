// A minimal LSP client for the protocol tests: spawns the built server (`node dist/server.js
// --stdio`) and speaks JSON-RPC to it the way an editor does, answering the server's own
// requests (workspace/configuration, workspace/applyEdit) from what the test sets.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import {
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ApplyWorkspaceEditParams,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

import { after, before } from 'node:test';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

export interface ClientOptions {
  /** Settings returned for the `claims` section. */
  settings?: Record<string, unknown>;
  /** Whether workspace/applyEdit requests succeed. */
  applyEdits?: boolean;
  /** Another build of the server to start (default: dist/server.js). */
  server?: string;
  /** initializationOptions of the initialize request (VS Code's client sends workspaceTrusted). */
  initializationOptions?: unknown;
}

export class LspTestClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcessWithoutNullStreams;
  readonly stderr: string[] = [];
  readonly logMessages: string[] = [];
  /** window/showMessage(Request) texts: what the editor would pop up. */
  readonly shownMessages: string[] = [];
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  /** The refresh requests (codeLens, inlayHint) the server sent. */
  readonly refreshes: string[] = [];
  settings: Record<string, unknown>;
  initializeResult?: InitializeResult;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: Array<() => void> = [];
  private versions = new Map<string, number>();
  private exited = false;

  constructor(private readonly options: ClientOptions = {}) {
    this.settings = options.settings ?? {};
    this.process = spawn(process.execPath, [options.server ?? SERVER, '--stdio'], { stdio: 'pipe' });
    this.process.stderr.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.process.on('exit', () => {
      this.exited = true;
    });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logMessages.push(params.message);
    });
    this.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      this.shownMessages.push(params.message);
      return null;
    });
    this.connection.onNotification('window/showMessage', (params: { message: string }) => {
      this.shownMessages.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
      params.items.map((item) => (item.section === 'claims' ? this.settings : null)),
    );
    this.connection.onRequest('workspace/applyEdit', (params: ApplyWorkspaceEditParams) => {
      this.appliedEdits.push(params);
      return { applied: this.options.applyEdits !== false };
    });
    this.connection.onRequest('workspace/inlayHint/refresh', () => {
      this.refreshes.push('inlayHint');
      return null;
    });
    this.connection.onRequest('workspace/codeLens/refresh', () => {
      this.refreshes.push('codeLens');
      return null;
    });
    this.connection.listen();
  }

  get alive(): boolean {
    return !this.exited;
  }

  async initialize(): Promise<InitializeResult> {
    this.initializeResult = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      initializationOptions: this.options.initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true }, applyEdit: true, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true } },
        textDocument: { publishDiagnostics: { versionSupport: true }, codeAction: { isPreferredSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return this.initializeResult!;
  }

  open(uri: string, text: string, languageId = 'claim'): void {
    this.versions.set(uri, 1);
    this.diagnostics.delete(uri);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  /** Sends content changes (a range and text, or the whole text) as one didChange. */
  change(uri: string, changes: Array<{ range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }>): number {
    const version = this.version(uri) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { claims: settings } });
  }

  /** The diagnostics published for `uri` at `version` (or later), waiting up to `timeoutMs`. */
  async diagnosticsFor(uri: string, version = this.version(uri), timeoutMs = 10_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const published = this.diagnostics.get(uri);
      if (published && (published.version === undefined || published.version >= version)) return published.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no diagnostics for ${uri} version ${version} within ${timeoutMs} ms (last: version ${published?.version})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Forgets what was published, so the next diagnosticsFor waits for a fresh publication. */
  forget(uri: string): void {
    this.diagnostics.delete(uri);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async shutdown(): Promise<void> {
    if (this.exited) return;
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    await new Promise((r) => setTimeout(r, 100));
    if (!this.exited) this.process.kill();
    this.connection.dispose();
  }
}

/**
 * One initialized server for the tests of a describe block: started before them, shut down
 * after them; `set` receives it (`let client!: LspTestClient; withServer((c) => (client = c));`).
 */
export function withServer(set: (client: LspTestClient) => void, options?: ClientOptions): void {
  let client: LspTestClient | undefined;
  before(async () => {
    client = new LspTestClient(options);
    await client.initialize();
    set(client);
  });
  after(async () => {
    await client?.shutdown();
  });
}
