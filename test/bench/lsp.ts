// A lean LSP client over stdio for npm run bench. It times only the server: a message's clock
// starts right before its bytes are written (after the client has serialised it) and stops
// when the last byte of the answer arrives (before the client parses it). It answers the
// server's own requests as VS Code does (workspace/configuration with the defaults of
// package.json, null for registrations, progress and refreshes).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Received {
  /** performance.now() when the message's last byte arrived. */
  at: number;
  /** The message body's size in bytes (its Content-Length). */
  bytes: number;
  message: any;
}

export interface Timed<T = any> {
  ms: number;
  bytes: number;
  result: T;
}

/** What VS Code sends for a claim file with no settings changed (package.json defaults). */
export const DEFAULT_CLAIM_SETTINGS = {
  jwJzPayers: ['medicare'],
  maxNumberOfProblems: 1000,
  inlayHints: { enabled: true },
  payerProfiles: [],
  trace: { server: 'off' },
};

/** The client capabilities VS Code 1.100 announces that matter to these servers. */
const CAPABILITIES = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    applyEdit: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
    didChangeConfiguration: { dynamicRegistration: true },
    codeLens: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.organizeImports', 'source.fixAll'] } },
      resolveSupport: { properties: ['edit'] },
      dataSupport: true,
    },
    codeLens: { dynamicRegistration: true },
    documentSymbol: { dynamicRegistration: true, hierarchicalDocumentSymbolSupport: true, labelSupport: true },
    formatting: { dynamicRegistration: true },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    inlayHint: { dynamicRegistration: true },
    foldingRange: { dynamicRegistration: true },
    completion: { dynamicRegistration: true, completionItem: { snippetSupport: true } },
  },
  window: { workDoneProgress: true, showMessage: {}, showDocument: { support: true } },
  general: { positionEncodings: ['utf-16'] },
};

const HEADER_END = Buffer.from('\r\n\r\n');

export class BenchClient {
  readonly process: ChildProcessWithoutNullStreams;
  readonly stderr: string[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Body length of the message being read, or -1 while its header is awaited. */
  private bodyLength = -1;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Received) => void; reject: (e: Error) => void }>();
  private notificationWaiters: Array<{ method: string; accept: (r: Received) => boolean; resolve: (r: Received) => void; reject: (e: Error) => void }> = [];
  private exited = false;

  constructor(
    script: string,
    args: string[] = ['--stdio'],
    private readonly settings: Record<string, unknown> = DEFAULT_CLAIM_SETTINGS,
    nodeArgs: string[] = [],
  ) {
    this.process = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: 'pipe' });
    this.process.stdout.on('data', (chunk: Buffer) => this.onData(chunk, performance.now()));
    this.process.stderr.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.process.on('exit', (code, signal) => {
      this.exited = true;
      // Nothing more will arrive: fail whatever waits, at once.
      const error = new Error(`the server exited (${code ?? signal}): ${this.stderr.join('').trim().split('\n').slice(0, 3).join(' ').slice(0, 300)}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      for (const w of this.notificationWaiters.splice(0)) w.reject(error);
    });
  }

  get pid(): number {
    return this.process.pid!;
  }

  get alive(): boolean {
    return !this.exited;
  }

  private onData(chunk: Buffer, at: number): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.bodyLength < 0) {
        const head = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
        this.chunks = [head];
        const end = head.indexOf(HEADER_END);
        if (end < 0) return;
        const match = /Content-Length: *(\d+)/i.exec(head.subarray(0, end).toString('ascii'));
        if (!match) throw new Error('bench client: a message without Content-Length');
        this.bodyLength = Number(match[1]);
        const rest = head.subarray(end + HEADER_END.length);
        this.chunks = rest.length > 0 ? [rest] : [];
        this.buffered = rest.length;
      }
      if (this.buffered < this.bodyLength) return;
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      const body = all.subarray(0, this.bodyLength);
      const rest = all.subarray(this.bodyLength);
      const bytes = this.bodyLength;
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.bodyLength = -1;
      this.dispatch({ at, bytes, message: JSON.parse(body.toString('utf8')) });
    }
  }

  private dispatch(received: Received): void {
    const message = received.message;
    if (message.method !== undefined && message.id !== undefined) {
      this.write({ jsonrpc: '2.0', id: message.id, result: this.answer(message.method, message.params) });
      return;
    }
    if (message.method !== undefined) {
      const index = this.notificationWaiters.findIndex((w) => w.method === message.method && w.accept(received));
      if (index >= 0) this.notificationWaiters.splice(index, 1)[0].resolve(received);
      return;
    }
    const waiter = this.pending.get(message.id);
    if (waiter) {
      this.pending.delete(message.id);
      waiter.resolve(received);
    }
  }

  private answer(method: string, params: any): unknown {
    if (method === 'workspace/configuration') return (params?.items ?? []).map((item: { section?: string }) => (item.section === 'claims' ? this.settings : null));
    if (method === 'workspace/applyEdit') return { applied: false };
    return null;
  }

  /** Writes a message; returns performance.now() taken after serialising, right before the write. */
  private write(message: object): number {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    const header = Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii');
    const frame = Buffer.concat([header, body]);
    const at = performance.now();
    this.process.stdin.write(frame);
    return at;
  }

  notify(method: string, params: unknown): number {
    return this.write({ jsonrpc: '2.0', method, params });
  }

  /** Sends a request; `ms` runs from the write to the last byte of the answer. */
  async request<T = any>(method: string, params: unknown, timeoutMs = 120_000): Promise<Timed<T>> {
    const id = this.nextId++;
    const answered = new Promise<Received>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const sent = this.write({ jsonrpc: '2.0', id, method, params });
    const received = await withTimeout(answered, timeoutMs, `${method} unanswered after ${timeoutMs} ms`);
    if (received.message.error) throw new Error(`${method}: ${received.message.error.message}`);
    return { ms: received.at - sent, bytes: received.bytes, result: received.message.result as T };
  }

  /** The next notification `method` that `accept` takes (registered before the message that causes it is sent). */
  expect(method: string, accept: (r: Received) => boolean, timeoutMs = 120_000): Promise<Received> {
    return withTimeout(
      new Promise<Received>((resolve, reject) => this.notificationWaiters.push({ method, accept, resolve, reject })),
      timeoutMs,
      `no ${method} after ${timeoutMs} ms`,
    );
  }

  /** The publishDiagnostics for `uri` at `version` (or with no version, the first one after sending). */
  expectDiagnostics(uri: string, version: number | undefined, timeoutMs = 120_000): Promise<Received> {
    return this.expect(
      'textDocument/publishDiagnostics',
      (r) => r.message.params.uri === uri && (version === undefined || r.message.params.version === undefined || r.message.params.version === version),
      timeoutMs,
    );
  }

  async initialize(initializationOptions?: unknown): Promise<void> {
    await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'claimcheck-bench' },
      rootUri: 'file:///work/claims',
      workspaceFolders: [{ uri: 'file:///work/claims', name: 'claims' }],
      capabilities: CAPABILITIES,
      initializationOptions,
      trace: 'off',
    });
    this.notify('initialized', {});
  }

  /** didOpen → publishDiagnostics, timed from the write to the arrival of those diagnostics. */
  async open(uri: string, languageId: string, text: string, version = 1): Promise<Timed<any[]>> {
    const published = this.expectDiagnostics(uri, version);
    const sent = this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    const received = await published;
    return { ms: received.at - sent, bytes: received.bytes, result: received.message.params.diagnostics };
  }

  /** didChange → the publishDiagnostics of that version. */
  async change(uri: string, version: number, changes: unknown[]): Promise<Timed<any[]>> {
    const published = this.expectDiagnostics(uri, version);
    const sent = this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    const received = await published;
    return { ms: received.at - sent, bytes: received.bytes, result: received.message.params.diagnostics };
  }

  /** didClose, and the empty diagnostics a server publishes for it (if any, within a second). */
  async close(uri: string): Promise<void> {
    const cleared = this.expect('textDocument/publishDiagnostics', (r) => r.message.params.uri === uri && r.message.params.diagnostics.length === 0, 1000).catch(() => undefined);
    this.notify('textDocument/didClose', { textDocument: { uri } });
    await cleared;
  }

  async shutdown(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await this.request('shutdown', null, 10_000);
      this.notify('exit', null);
    } catch {
      // A server that does not answer is stopped below.
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}

/** VmRSS and VmHWM (peak) of a process, in MB, from /proc/<pid>/status. */
export function memoryOf(pid: number): { rssMB: number; peakMB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (clock
 * ticks of 10 ms): beside the wall-clock figures, it shows how much of a figure is waiting for
 * a core on a busy machine.
 */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may hold spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = 100;

/** Resets a process's peak RSS (VmHWM) to its current RSS (Linux: `5` to /proc/<pid>/clear_refs). */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
