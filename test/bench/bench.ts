// npm run bench: the table of issue 8 in one run, at 100k lines (a generated month of claims,
// test/bench/claims.ts), side by side with vscode-json-languageservice validating the same
// claims as JSON against a schema of the same shape (test/bench/jsonPeerServer.ts).
//   1-6  the built language server over stdio, one document open, as a client sees it: each
//        figure runs from the write of the message to the arrival of the answer's last byte;
//        memory is the server process's VmRSS / VmHWM from /proc;
//   7, 9 the engine in-process, bundled by esbuild as dist/ is (fresh process per measurement,
//        test/bench/engineChild.ts);
//   8    the built CLI on a 1M-line file (wall clock; peak RSS from wait4 via /usr/bin/time).
// It prints the table, writes test/bench/results.json (the first results become the "before"
// that later runs are compared with) and the generated part of docs/performance.md.
//
// Row 10 (issue 11): an 837P of 100k service lines opened in the server, and the CLI on it;
// BENCH_ONLY_837=1 measures that row alone and prints it.
// Knobs (environment): BENCH_QUICK=1 fewer samples (about half the time); BENCH_LINES (default
// 100000), BENCH_BIG_LINES (1000000), BENCH_SMALL_LINES (10000): sizes; BENCH_ROOT=<dir>:
// measure another tree (its dist/ and server/src; build it first); BENCH_LABEL: what the run
// measured (default: the commit of BENCH_ROOT); BENCH_WRITE=0: print only; BENCH_NEW_BASELINE=1:
// make this run the "before" of later comparisons; BENCH_RENDER=1: re-render docs/performance.md
// from results.json without measuring.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { month } from './claims';
import { large837 } from '../helpers/x12';
import { BenchClient, DEFAULT_CLAIM_SETTINGS, cpuMsOf, memoryOf, resetPeak } from './lsp';

/**
 * The earlier benchmark's file: claims of 2–4 lines with the usual mix of clean lines and
 * mistakes. Kept as it was for the protocol tests that import it (test/protocol/server.test.ts);
 * npm run bench itself uses the month of claims in claims.ts.
 */
export function syntheticClaims(lineCount: number): string {
  const templates = [
    ['claim CLM-{n} payer=medicare dos=2025-01-15 dx=C91.00,Z51.12 patient=P-{n} pos=11', '  96413     units=1', '  J9039     units=28  dose=28mcg  vial=1x35mcg', '  J9039-JW  units=7'],
    ['claim CLM-{n} payer=medicare dos=2025-01-15 dx=C90.00 patient=P-{n}', '  J9037     units=360 dose=180mg  vial=2x100mg', '  J9037-JW  units=40'],
    ['claim CLM-{n} payer=commercial dos=2025-01-16 dx=C34.90 auth=PA-{n}', '  J9173-JZ  units=150 dose=1500mg vial=3x500mg'],
    ['claim CLM-{n} payer=medicare dos=2025-01-17 dx=C84.40', '  j9032     units=18 dose=1800mg vial=4x500mg drug=belinostat', '  J9032-JW  units=20'],
  ];
  const lines: string[] = [];
  for (let n = 1; lines.length < lineCount; n++) {
    for (const line of templates[n % templates.length]) lines.push(line.replace(/\{n\}/g, String(n)));
    lines.push('');
  }
  return lines.slice(0, lineCount).join('\n') + '\n';
}

// -----------------------------------------------------------------------------------------------
// Configuration

const REPO = join(__dirname, '..', '..');
const ROOT = resolve(process.env.BENCH_ROOT ?? REPO);
const QUICK = process.env.BENCH_QUICK === '1';
const LINES = Number(process.env.BENCH_LINES ?? 100_000);
const BIG_LINES = Number(process.env.BENCH_BIG_LINES ?? 1_000_000);
const SMALL_LINES = Number(process.env.BENCH_SMALL_LINES ?? 10_000);
const RESULTS_FILE = join(REPO, 'test', 'bench', 'results.json');
const DOC_FILE = join(REPO, 'docs', 'performance.md');
const CLAIM_URI = 'file:///work/claims/month.claim';
const JSON_URI = 'file:///work/claims/month.json';
const X12_URI = 'file:///work/claims/month.837';

/** Samples per figure: at least `min`, at most `max`, and none started once `budgetMs` is spent. */
interface Plan {
  min: number;
  max: number;
  budgetMs: number;
}
const plan = (min: number, max: number, budgetS: number, quick: Partial<Plan> = {}): Plan =>
  QUICK ? { min: quick.min ?? Math.max(1, Math.ceil(min / 2)), max: quick.max ?? Math.ceil(max / 3), budgetMs: quick.budgetMs ?? budgetS * 500 } : { min, max, budgetMs: budgetS * 1000 };

const PLANS = {
  opens: plan(3, 4, 12, { min: 1, max: 2 }),
  edits: plan(12, 100, 15),
  enters: plan(12, 100, 15),
  lenses: plan(4, 40, 12),
  symbols: plan(4, 40, 12),
  peerOpens: plan(3, 4, 10, { min: 1, max: 2 }),
  peerEdits: plan(4, 20, 8),
  fixAll: plan(3, 20, 10),
  formatting: plan(3, 20, 10),
};

// -----------------------------------------------------------------------------------------------
// Statistics

function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile: the smallest sample that at least p of the samples do not exceed. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}

interface Series {
  n: number;
  /** The server's CPU time (user + system) per sample, from /proc (10 ms ticks, averaged). */
  cpuMsPerSample?: number;
  median: number;
  p95: number;
  min: number;
  max: number;
  samples: number[];
}

function series(samples: number[]): Series {
  return { n: samples.length, median: median(samples), p95: percentile(samples, 0.95), min: Math.min(...samples), max: Math.max(...samples), samples: samples.map((s) => round(s, 2)) };
}

const round = (n: number, digits = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);

/** Samples of a server phase, with the server's CPU time per sample. */
async function serverSeries(pid: number, p: Plan, run: (i: number) => Promise<number>): Promise<Series> {
  const cpuBefore = cpuMsOf(pid);
  const samples = await sampled(p, run);
  const cpuAfter = cpuMsOf(pid);
  const result = series(samples);
  if (cpuBefore !== undefined && cpuAfter !== undefined) result.cpuMsPerSample = round((cpuAfter - cpuBefore) / samples.length, 2);
  return result;
}

async function sampled(p: Plan, run: (i: number) => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < p.max && (samples.length < p.min || performance.now() - start < p.budgetMs)) samples.push(await run(samples.length));
  return samples;
}

// -----------------------------------------------------------------------------------------------
// The document as the client holds it, to aim edits (never timed)

class Mirror {
  lines: string[];
  constructor(text: string) {
    this.lines = text.split('\n');
  }
  /** Lines in the middle fifth of the file that match `pattern`. */
  middle(pattern: RegExp): number[] {
    const from = Math.floor(this.lines.length * 0.4);
    const to = Math.floor(this.lines.length * 0.6);
    const found: number[] = [];
    for (let i = from; i < to; i++) if (pattern.test(this.lines[i])) found.push(i);
    if (found.length === 0) throw new Error(`no line matching ${pattern} in the middle of the file`);
    return found;
  }
  insert(line: number, character: number, text: string): { range: object; text: string } {
    const old = this.lines[line];
    const changed = old.slice(0, character) + text + old.slice(character);
    this.lines.splice(line, 1, ...changed.split('\n'));
    const at = { line, character };
    return { range: { start: at, end: at }, text };
  }
}

/** Where a one-character edit goes: administered drug lines (their units change the findings). */
const CLAIM_TARGET = /^\s+J9\d{3}(?:-JZ)?\s+units=\d+\s+dose=/;
const JSON_TARGET = /^\s+\{"code":"J9\d{3}"(?:,"modifiers":\["JZ"\])?,"units":\d+,"dose"/;

interface EditTarget {
  pattern: RegExp;
  /** Column right after which the digit goes. */
  column(line: string): number;
}
const CLAIM_EDIT: EditTarget = { pattern: CLAIM_TARGET, column: (l) => l.indexOf('units=') + 'units='.length };
const JSON_EDIT: EditTarget = { pattern: JSON_TARGET, column: (l) => l.indexOf('"units":') + '"units":'.length };

/** A distinct target line for sample `i` (spread over the middle of the file). */
function targetLine(mirror: Mirror, target: EditTarget, i: number): number {
  const candidates = mirror.middle(target.pattern);
  return candidates[(i * 7919) % candidates.length];
}

// -----------------------------------------------------------------------------------------------
// Language-server measurements

interface ServerRun {
  coldOpenMs?: number;
  opens?: Series;
  diagnosticsPublished?: number;
  rssAfterOpenMB?: number;
  peakDuringOpenMB?: number;
  edits?: Series;
  enters?: Series;
  lenses?: Series;
  lensesSettled?: Series;
  lensCount?: number;
  symbols?: Series;
  symbolsSettled?: Series;
  symbolBytes?: number;
  symbolCount?: number;
  peakWhileEditingMB?: number;
  peakReset?: boolean;
  rssAtEndMB?: number;
  errors: string[];
}

interface Side {
  name: string;
  script: string;
  uri: string;
  languageId: string;
  text: string;
  target: EditTarget;
  /** Does it answer textDocument/codeLens? */
  codeLens: boolean;
}

async function step<T>(errors: string[], name: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function measureServer(side: Side, plans: { opens: Plan; edits: Plan; enters: Plan; lenses: Plan; symbols: Plan }, final?: { text?: string; diagnostics?: string[] }): Promise<ServerRun> {
  const run: ServerRun = { errors: [] };
  const client = new BenchClient(side.script);
  let version = 1;
  try {
    await client.initialize();
    // A fresh server's first open: the cold figure and the memory an editor's one open file costs.
    const first = await client.open(side.uri, side.languageId, side.text, version);
    run.coldOpenMs = first.ms;
    run.diagnosticsPublished = first.result.length;
    const memory = memoryOf(client.pid);
    run.rssAfterOpenMB = memory?.rssMB;
    run.peakDuringOpenMB = memory?.peakMB;
    // Further opens (closed in between, so one document is open at a time): the warm figure.
    run.opens = await serverSeries(client.pid, plans.opens, async () => {
      await client.close(side.uri);
      version = 1;
      return (await client.open(side.uri, side.languageId, side.text, version)).ms;
    });
    const mirror = new Mirror(side.text);
    run.peakReset = resetPeak(client.pid);

    const oneCharacter = async (i: number) => {
      const line = targetLine(mirror, side.target, i);
      return mirror.insert(line, side.target.column(mirror.lines[line]), '1');
    };
    // Two unmeasured edits first: the edit path's own warm-up.
    for (let i = 0; i < 2; i++) await client.change(side.uri, ++version, [await oneCharacter(1000 + i)]);

    await step(run.errors, 'one-line edit', async () => {
      run.edits = await serverSeries(client.pid, plans.edits, async (i) => (await client.change(side.uri, ++version, [await oneCharacter(i)])).ms);
    });
    await step(run.errors, 'Enter', async () => {
      run.enters = await serverSeries(client.pid, plans.enters, async (i) => {
        const line = targetLine(mirror, side.target, 500 + i);
        return (await client.change(side.uri, ++version, [mirror.insert(line, mirror.lines[line].length, '\n')])).ms;
      });
    });
    const afterEdit = async (method: string, i: number) => {
      // The request goes out right behind the edit, as an editor asks after typing; then, once
      // that version's diagnostics are in, the same request again (the settled figure).
      const v = ++version;
      const published = client.expectDiagnostics(side.uri, v);
      published.catch(() => undefined); // awaited below; handled if the request fails first
      client.notify('textDocument/didChange', { textDocument: { uri: side.uri, version: v }, contentChanges: [await oneCharacter(2000 + i)] });
      const answer = await client.request(method, { textDocument: { uri: side.uri } });
      await published;
      const settled = await client.request(method, { textDocument: { uri: side.uri } });
      return { answer, settled };
    };
    if (side.codeLens) {
      await step(run.errors, 'code lenses', async () => {
        const settled: number[] = [];
        run.lenses = series(
          await sampled(plans.lenses, async (i) => {
            const r = await afterEdit('textDocument/codeLens', i);
            settled.push(r.settled.ms);
            run.lensCount = Array.isArray(r.answer.result) ? r.answer.result.length : 0;
            return r.answer.ms;
          }),
        );
        run.lensesSettled = series(settled);
      });
    }
    await step(run.errors, 'document symbols', async () => {
      const settled: number[] = [];
      run.symbols = series(
        await sampled(plans.symbols, async (i) => {
          const r = await afterEdit('textDocument/documentSymbol', 100 + i);
          settled.push(r.settled.ms);
          run.symbolBytes = r.answer.bytes;
          run.symbolCount = countSymbols(r.answer.result);
          return r.answer.ms;
        }),
      );
      run.symbolsSettled = series(settled);
    });
    const end = memoryOf(client.pid);
    run.peakWhileEditingMB = end?.peakMB;
    run.rssAtEndMB = end?.rssMB;
    // One more edit, whose diagnostics are kept to be compared with a full check of the text
    // the client holds: fresh diagnostics must also be right ones.
    if (final) {
      const last = await client.change(side.uri, ++version, [await oneCharacter(3000)]);
      final.text = mirror.lines.join('\n');
      final.diagnostics = last.result.map((d: any) => `${d.range.start.line}:${d.range.start.character} ${d.code}`);
    }
  } catch (error) {
    run.errors.push(error instanceof Error ? error.message : String(error));
  } finally {
    if (!client.alive) run.errors.push(`the server exited: ${client.stderr.join('').slice(0, 300)}`);
    await client.shutdown();
  }
  return run;
}

interface UncappedRun {
  coldMs?: number;
  warmMs?: number;
  published?: number;
  error?: string;
}

/**
 * Open with no cap on the problems published (claims.maxNumberOfProblems 1,000,000; the peer
 * the same): every finding computed, converted and sent, so a server that stopped at the cap
 * could not look faster than one that checks the whole file. A fresh server: cold, then warm.
 */
async function measureUncapped(side: Side): Promise<UncappedRun> {
  const cap = 1_000_000;
  const client = new BenchClient(side.script, ['--stdio'], { ...DEFAULT_CLAIM_SETTINGS, maxNumberOfProblems: cap });
  try {
    await client.initialize({ maxProblems: cap });
    const cold = await client.open(side.uri, side.languageId, side.text);
    await client.close(side.uri);
    const warm = await client.open(side.uri, side.languageId, side.text);
    return { coldMs: cold.ms, warmMs: warm.ms, published: warm.result.length };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.shutdown();
  }
}

function countSymbols(symbols: unknown): number {
  if (!Array.isArray(symbols)) return 0;
  let n = 0;
  const walk = (list: any[]) => {
    for (const s of list) {
      n++;
      if (Array.isArray(s.children)) walk(s.children);
    }
  };
  walk(symbols);
  return n;
}

interface SmallRun {
  fixAll?: Series;
  fixAllBytes?: number;
  fixAllActions?: number;
  formatting?: Series;
  formattingBytes?: number;
  formattingEdits?: number;
  errors: string[];
}

/** Fix-all (source.fixAll.claims) and formatting round trips, each after a fresh one-character edit. */
async function measureSmallServer(side: Side, fixAll: boolean): Promise<SmallRun> {
  const run: SmallRun = { errors: [] };
  const client = new BenchClient(side.script);
  let version = 1;
  try {
    await client.initialize();
    await client.open(side.uri, side.languageId, side.text, version);
    const mirror = new Mirror(side.text);
    const edit = async (i: number) => {
      const line = targetLine(mirror, side.target, i);
      await client.change(side.uri, ++version, [mirror.insert(line, side.target.column(mirror.lines[line]), '1')]);
    };
    const whole = () => ({ start: { line: 0, character: 0 }, end: { line: mirror.lines.length - 1, character: 0 } });
    if (fixAll) {
      await step(run.errors, 'fix-all', async () => {
        await edit(900);
        await client.request('textDocument/codeAction', { textDocument: { uri: side.uri }, range: whole(), context: { diagnostics: [], only: ['source.fixAll.claims'], triggerKind: 1 } });
        run.fixAll = series(
          await sampled(PLANS.fixAll, async (i) => {
            await edit(i);
            const r = await client.request('textDocument/codeAction', { textDocument: { uri: side.uri }, range: whole(), context: { diagnostics: [], only: ['source.fixAll.claims'], triggerKind: 1 } });
            run.fixAllBytes = r.bytes;
            run.fixAllActions = Array.isArray(r.result) ? r.result.length : 0;
            return r.ms;
          }),
        );
      });
    }
    await step(run.errors, 'formatting', async () => {
      const params = () => ({ textDocument: { uri: side.uri }, options: { tabSize: 2, insertSpaces: true } });
      await edit(950);
      await client.request('textDocument/formatting', params());
      run.formatting = series(
        await sampled(PLANS.formatting, async (i) => {
          await edit(100 + i);
          const r = await client.request('textDocument/formatting', params());
          run.formattingBytes = r.bytes;
          run.formattingEdits = Array.isArray(r.result) ? r.result.length : 0;
          return r.ms;
        }),
      );
    });
  } catch (error) {
    run.errors.push(error instanceof Error ? error.message : String(error));
  } finally {
    if (!client.alive) run.errors.push(`the server exited: ${client.stderr.join('').slice(0, 300)}`);
    await client.shutdown();
  }
  return run;
}

// -----------------------------------------------------------------------------------------------
// In-process engine and CLI (child processes)

interface EngineRun {
  ms: number;
  cpuMs: number;
  mainCpuMs?: number;
  gcMs: number;
}

interface ChildRuns {
  lines: number;
  runs?: EngineRun[];
  fixAll?: EngineRun[];
  fixAllEdits?: EngineRun[];
  formatText?: EngineRun[];
  formatEdits?: EngineRun[];
  applied?: number;
  errors?: string[];
  used: string[];
  error?: string;
  heapNote?: string;
}

function engineChild(request: object, heapMB?: number): Promise<ChildRuns> {
  const args = [...(heapMB ? [`--max-old-space-size=${heapMB}`] : []), '--import', 'tsx', join(__dirname, 'engineChild.ts'), JSON.stringify({ root: ROOT, ...request })];
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        const parsed = JSON.parse(last) as ChildRuns;
        resolvePromise(parsed);
      } catch {
        resolvePromise({ lines: 0, used: [], error: `engine child exited ${code ?? signal}: ${err.trim().split('\n').slice(-3).join(' ').slice(0, 300)}` });
      }
    });
  });
}

/** A child run; one that ran out of heap is run again with 16 GB of heap (and says so). */
async function engineRun(request: object): Promise<ChildRuns> {
  const first = await engineChild(request);
  if (!first.error || !/heap|memory/i.test(first.error)) return first;
  const second = await engineChild(request, 16_384);
  second.heapNote = `ran out of the default heap (${first.error.slice(0, 120)}); measured again with --max-old-space-size=16384`;
  return second;
}

interface CliRun {
  wallMs?: Series;
  peakMB?: number[];
  /** User + system seconds of each run (GNU time only). */
  cpuS?: number[];
  exitCode?: number;
  method: string;
  error?: string;
}

function timeBinary(): string | undefined {
  if (!existsSync('/usr/bin/time')) return undefined;
  try {
    execFileSync('/usr/bin/time', ['-v', '-o', '/dev/null', 'true'], { stdio: 'ignore' });
    return '/usr/bin/time';
  } catch {
    return undefined;
  }
}

/**
 * The CLI on one file, stdout to /dev/null. Wall clock from spawn to exit. Peak RSS: the
 * kernel's ru_maxrss of the child (wait4), via GNU time -v; without it, VmHWM read from
 * /proc/self/status at exit by a preloaded module (which also covers worker threads).
 */
async function measureCli(file: string, dir: string): Promise<CliRun> {
  const time = timeBinary();
  const method = time ? 'wall clock from spawn to exit; peak RSS = ru_maxrss from wait4 (GNU time -v)' : 'wall clock from spawn to exit; peak RSS = VmHWM read at exit by a preloaded module';
  const preload = join(dir, 'peak-at-exit.js');
  writeFileSync(preload, "process.on('exit', () => { try { const s = require('fs').readFileSync('/proc/self/status', 'utf8'); require('fs').writeFileSync(process.env.BENCH_PEAK_FILE, /VmHWM:\\s+(\\d+)/.exec(s)[1]); } catch {} });\n");
  const cli = join(ROOT, 'dist', 'cli.js');
  const report = join(dir, 'cli-peak.txt');
  const walls: number[] = [];
  const peaks: number[] = [];
  const cpu: number[] = [];
  let exitCode: number | undefined;
  try {
    const p = QUICK ? { min: 1, max: 1, budgetMs: 0 } : { min: 1, max: 3, budgetMs: 20_000 };
    await sampled(p, async () => {
      rmSync(report, { force: true });
      const [command, args] = time ? [time, ['-v', '-o', report, process.execPath, cli, file]] : [process.execPath, ['-r', preload, cli, file]];
      const start = performance.now();
      const code = await new Promise<number>((done) => {
        const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, BENCH_PEAK_FILE: report } });
        child.on('exit', (c) => done(c ?? -1));
      });
      const wall = performance.now() - start;
      exitCode = code;
      const text = existsSync(report) ? readFileSync(report, 'utf8') : '';
      const kb = time ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1]) : Number(text);
      walls.push(wall);
      peaks.push(kb / 1024);
      if (time) cpu.push(Number(/User time \(seconds\): ([\d.]+)/.exec(text)?.[1]) + Number(/System time \(seconds\): ([\d.]+)/.exec(text)?.[1]));
      return wall;
    });
    return { wallMs: series(walls), peakMB: peaks.map((p) => round(p)), cpuS: cpu.length > 0 ? cpu : undefined, exitCode, method };
  } catch (error) {
    return { method, error: error instanceof Error ? error.message : String(error) };
  }
}

interface X12Run {
  serviceLines: number;
  segments: number;
  bytes: number;
  coldOpenMs?: number;
  opens?: Series;
  diagnosticsPublished?: number;
  rssAfterOpenMB?: number;
  cli?: CliRun;
  errors: string[];
}

/**
 * Row 10: an 837P of LINES service lines (10 a claim; LX, SV1, DTP*472 and on drug lines LIN/CTP),
 * opened as language x12 in the built server (cold, then warm: closed in between), and the built
 * CLI on the same file.
 */
async function measureX12(dir: string): Promise<X12Run> {
  const text = large837(LINES);
  const path = join(dir, 'month.837');
  writeFileSync(path, text);
  const run: X12Run = { serviceLines: LINES, segments: text.split('~').length - 1, bytes: Buffer.byteLength(text), errors: [] };
  const client = new BenchClient(join(ROOT, 'dist', 'server.js'));
  try {
    await client.initialize();
    const first = await client.open(X12_URI, 'x12', text, 1);
    run.coldOpenMs = first.ms;
    run.diagnosticsPublished = first.result.length;
    run.rssAfterOpenMB = memoryOf(client.pid)?.rssMB;
    run.opens = await serverSeries(client.pid, PLANS.opens, async () => {
      await client.close(X12_URI);
      return (await client.open(X12_URI, 'x12', text, 1)).ms;
    });
  } catch (error) {
    run.errors.push(error instanceof Error ? error.message : String(error));
  } finally {
    await client.shutdown();
  }
  run.cli = await measureCli(path, dir);
  return run;
}

function x12Row(x: X12Run): Row {
  const lines = x.serviceLines.toLocaleString('en-US');
  const cli = x.cli;
  return {
    id: '10',
    name: `837P open → diagnostics and CLI (${lines} service lines)`,
    measured: x.errors.length > 0 && !x.opens
      ? `not measured: ${x.errors[0]}`
      : `${ms(x.opens?.median)} (cold ${ms(x.coldOpenMs)}; server CPU ${ms(x.opens?.cpuMsPerSample)}; ${x.diagnosticsPublished ?? '?'} diagnostics published; RSS ${mb(x.rssAfterOpenMB)}); CLI ${cli?.error ? `not measured: ${cli.error}` : `${ms(cli?.wallMs?.median)}, ${mb(cli?.peakMB ? Math.max(...cli.peakMB) : undefined)}`}`,
    goal: 'reported (no goal set)',
    met: undefined,
    value: x.opens?.median,
    unit: 'ms',
    how: `test/helpers/x12.ts large837(${LINES}): ${x.segments.toLocaleString('en-US')} segments, ${bytes(x.bytes)}, with line breaks; textDocument/didOpen (languageId x12) → publishDiagnostics (the 837 is checked whole: checkX12), closed between samples (median); node dist/cli.js <file> > /dev/null (${cli?.method ?? ''})`,
  };
}

// -----------------------------------------------------------------------------------------------
// The table

interface Row {
  id: string;
  name: string;
  measured: string;
  goal: string;
  met: boolean | undefined;
  peer?: string;
  ratio?: string;
  /** The figure compared across runs, in the row's unit (lower is better unless noted). */
  value?: number;
  unit?: string;
  how: string;
}

const ms = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '—' : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(1)} ms`);
const mb = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '—' : n >= 1024 ? `${(n / 1024).toFixed(2)} GB` : `${n.toFixed(0)} MB`);
const bytes = (n: number | undefined) => (n === undefined ? '—' : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`);
const rate = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '—' : `${Math.round(n).toLocaleString('en-US')}`);
const ratioText = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || !(b > 0) ? undefined : `${(a / b).toFixed(2)}×`);

interface Results {
  label: string;
  date: string;
  machine: Record<string, unknown>;
  config: Record<string, unknown>;
  rows: Row[];
  raw: Record<string, unknown>;
  notes: string[];
}

function linesPerSecond(r: ChildRuns | undefined): number | undefined {
  if (!r?.runs?.length) return undefined;
  return r.lines / (median(r.runs.map((x) => x.ms)) / 1000);
}
function gcShare(r: ChildRuns | undefined): number | undefined {
  if (!r?.runs?.length) return undefined;
  const total = r.runs.reduce((s, x) => s + x.ms, 0);
  return r.runs.reduce((s, x) => s + x.gcMs, 0) / total;
}
/** Growth exponent between two sizes: 1 is linear, 2 quadratic. */
const exponent = (small: number | undefined, big: number | undefined, factor: number) => (small && big ? Math.log(big / small) / Math.log(factor) : undefined);

function buildRows(d: {
  claims: ServerRun;
  peer: ServerRun;
  uncapped?: { claims: UncappedRun; peer: UncappedRun };
  small: SmallRun;
  peerSmall: SmallRun;
  throughput: Record<string, ChildRuns>;
  features: { half?: ChildRuns; full?: ChildRuns };
  cli: CliRun;
}): Row[] {
  const rows: Row[] = [];
  const c = d.claims;
  const p = d.peer;
  const u = d.uncapped ?? { claims: {}, peer: {} };
  const lines = LINES.toLocaleString('en-US');
  const openRatio = c.opens && p.opens ? c.opens.median / p.opens.median : undefined;
  rows.push({
    id: '1',
    name: `open → diagnostics, ÷ the JSON peer (${lines} lines)`,
    measured: `${ms(c.opens?.median)} (cold ${ms(c.coldOpenMs)}; server CPU ${ms(c.opens?.cpuMsPerSample)}; uncapped ${ms(u.claims.warmMs)}, ${u.claims.published ?? '?'} diagnostics)`,
    goal: 'ratio ≤ 0.10',
    met: openRatio === undefined ? undefined : openRatio <= 0.1,
    peer: `${ms(p.opens?.median)} (cold ${ms(p.coldOpenMs)}; CPU ${ms(p.opens?.cpuMsPerSample)}; uncapped ${ms(u.peer.warmMs)}, ${u.peer.published ?? '?'} diagnostics)`,
    ratio: openRatio === undefined ? undefined : `${openRatio.toFixed(2)}${c.opens?.cpuMsPerSample && p.opens?.cpuMsPerSample ? ` (CPU ${(c.opens.cpuMsPerSample / p.opens.cpuMsPerSample).toFixed(2)})` : ''}`,
    value: openRatio,
    unit: 'ratio',
    how: `didOpen of the whole file written → its publishDiagnostics received, over stdio; median of ${c.opens?.n ?? 0} opens after the first (closed in between), the first (cold, fresh server) in brackets; both publish at most 1,000 problems (the default cap); "uncapped": a fresh server with the cap at 1,000,000, its second open, so every finding is computed and sent; the peer the same with the JSON text`,
  });
  rows.push({
    id: '2',
    name: 'one-line edit → fresh diagnostics, p95',
    measured: `${ms(c.edits?.p95)} (median ${ms(c.edits?.median)}, n=${c.edits?.n ?? 0}; server CPU ${ms(c.edits?.cpuMsPerSample)}/edit)`,
    goal: '≤ 10 ms',
    met: c.edits ? c.edits.p95 <= 10 : undefined,
    peer: p.edits ? `${ms(p.edits.p95)} (median ${ms(p.edits.median)}, n=${p.edits.n})` : undefined,
    ratio: ratioText(c.edits?.p95, p.edits?.p95),
    value: c.edits?.p95,
    unit: 'ms',
    how: 'didChange inserting one digit into units= of a drug line in the middle fifth of the file (a different line each time) → the publishDiagnostics of that version; after 2 unmeasured edits',
  });
  rows.push({
    id: '3',
    name: 'Enter (lines below move) → diagnostics, p95',
    measured: `${ms(c.enters?.p95)} (median ${ms(c.enters?.median)}, n=${c.enters?.n ?? 0}; server CPU ${ms(c.enters?.cpuMsPerSample)}/edit)`,
    goal: '≤ 10 ms',
    met: c.enters ? c.enters.p95 <= 10 : undefined,
    peer: p.enters ? `${ms(p.enters.p95)} (median ${ms(p.enters.median)}, n=${p.enters.n})` : undefined,
    ratio: ratioText(c.enters?.p95, p.enters?.p95),
    value: c.enters?.p95,
    unit: 'ms',
    how: 'didChange inserting a line break at the end of a drug line in the middle of the file → the publishDiagnostics of that version',
  });
  rows.push({
    id: '4',
    name: 'code lenses after an edit',
    measured: `${ms(c.lenses?.median)} (p95 ${ms(c.lenses?.p95)}, settled ${ms(c.lensesSettled?.median)}, n=${c.lenses?.n ?? 0})`,
    goal: '≤ 50 ms',
    met: c.lenses ? c.lenses.median <= 50 : undefined,
    value: c.lenses?.median,
    unit: 'ms',
    how: `textDocument/codeLens written right behind a one-character didChange → its answer (median; ${c.lensCount ?? '?'} lenses); "settled": the same request once that version's diagnostics are in. No peer: the JSON service has no code lenses`,
  });
  rows.push({
    id: '5',
    name: 'document symbols after an edit',
    measured: `${ms(c.symbols?.median)}, ${bytes(c.symbolBytes)} (p95 ${ms(c.symbols?.p95)}, settled ${ms(c.symbolsSettled?.median)}, ${c.symbolCount ?? '?'} symbols)`,
    goal: '≤ 50 ms',
    met: c.symbols ? c.symbols.median <= 50 : undefined,
    peer: p.symbols ? `${ms(p.symbols.median)}, ${bytes(p.symbolBytes)} (${p.symbolCount} symbols, capped at 5,000)` : undefined,
    ratio: ratioText(c.symbols?.median, p.symbols?.median),
    value: c.symbols?.median,
    unit: 'ms',
    how: 'textDocument/documentSymbol right behind a one-character didChange → its answer (median; size = the answer\'s Content-Length); the peer answers with VS Code\'s default json.maxItemsComputed limit of 5,000 symbols',
  });
  rows.push({
    id: '6a',
    name: 'server memory after open',
    measured: mb(c.rssAfterOpenMB),
    goal: '≤ 150 MB',
    met: c.rssAfterOpenMB === undefined ? undefined : c.rssAfterOpenMB <= 150,
    peer: mb(p.rssAfterOpenMB),
    ratio: ratioText(c.rssAfterOpenMB, p.rssAfterOpenMB),
    value: c.rssAfterOpenMB,
    unit: 'MB',
    how: 'VmRSS of the server process (/proc/<pid>/status) when the first open\'s diagnostics have arrived, in a fresh server',
  });
  rows.push({
    id: '6b',
    name: 'server memory, peak while editing',
    measured: `${mb(c.peakWhileEditingMB)}${c.peakReset === false ? ' (lifetime peak: reset refused)' : ''}`,
    goal: '≤ 150 MB',
    met: c.peakWhileEditingMB === undefined ? undefined : c.peakWhileEditingMB <= 150,
    peer: mb(p.peakWhileEditingMB),
    ratio: ratioText(c.peakWhileEditingMB, p.peakWhileEditingMB),
    value: c.peakWhileEditingMB,
    unit: 'MB',
    how: 'VmHWM of the server process after rows 2–5, reset (5 → /proc/<pid>/clear_refs) after the opens, so it is the peak of the editing alone',
  });
  const t = d.throughput;
  const sizes = Object.keys(t).map(Number).sort((a, b) => a - b);
  const rates = sizes.map((s) => linesPerSecond(t[s]));
  const known = rates.filter((r): r is number => r !== undefined);
  const flat = known.length >= 2 ? known[known.length - 1] / known[0] : undefined;
  rows.push({
    id: '7',
    name: 'engine throughput (lines/s, in-process)',
    measured: sizes.map((s, i) => `${rate(rates[i])} at ${s.toLocaleString('en-US')} (${rate(cpuRate(t[s]))} per CPU s; GC ${pct(gcShare(t[s]))})`).join('; '),
    goal: '≥ 1,000,000 lines/s, flat',
    met: known.length === sizes.length && known.length > 0 ? Math.min(...known) >= 1_000_000 && (flat ?? 1) >= 0.8 : undefined,
    value: known.length > 0 ? Math.min(...known) : undefined,
    unit: 'lines/s (min over sizes; higher is better)',
    how: `checkText(text, tables) (parse + check) of the whole file, the engine bundled by esbuild as dist/ bundles it, in a fresh process per size after 3 warm-up checks of the ${SMALL_LINES.toLocaleString('en-US')}-line file; median lines/s of wall time, and per second of the main thread's CPU time (/proc/self/task, 10 ms ticks: the rate without waiting for a core on a busy machine); GC share = PerformanceObserver 'gc' pause time ÷ run time. "Flat" here: the largest size's rate is ≥ 0.8 × the smallest's (now ${flat === undefined ? '—' : flat.toFixed(2)})`,
  });
  const cli = d.cli;
  const cliPeak = cli.peakMB && cli.peakMB.length > 0 ? Math.max(...cli.peakMB) : undefined;
  rows.push({
    id: '8',
    name: `CLI, ${BIG_LINES.toLocaleString('en-US')} lines`,
    measured: cli.error ? `not measured: ${cli.error}` : `${ms(cli.wallMs?.median)}, ${mb(cliPeak)} (n=${cli.wallMs?.n ?? 0}, exit ${cli.exitCode}${cli.cpuS ? `; CPU ${median(cli.cpuS).toFixed(1)} s` : ''})`,
    goal: '≤ 2 s, ≤ 500 MB',
    met: cli.wallMs && cliPeak !== undefined ? cli.wallMs.median <= 2000 && cliPeak <= 500 : undefined,
    value: cli.wallMs?.median,
    unit: 'ms',
    how: `node dist/cli.js <file> > /dev/null; ${cli.method}; median wall, highest peak`,
  });
  const s = d.small;
  const f = d.features;
  const small = SMALL_LINES.toLocaleString('en-US');
  /** In-process figures and their growth from half the lines to all of them. */
  const growth = (key: 'fixAll' | 'fixAllEdits' | 'formatText' | 'formatEdits') => {
    // From the CPU time of the least disturbed run of each size: on a busy machine wall time
    // grows with the waiting too, CPU time only with the work.
    const e = exponent(minCpuOf(f.half?.[key]), minCpuOf(f.full?.[key]), 2);
    return { ms: medianOf(f.full?.[key]), exponent: e, text: `${key} ${ms(medianOf(f.full?.[key]))} (×${e === undefined ? '—' : (2 ** e).toFixed(2)})` };
  };
  const linear = (...gs: Array<ReturnType<typeof growth>>) => (gs.every((g) => g.exponent !== undefined) ? gs.every((g) => g.exponent! <= 1.25) : undefined);
  const fixes = [growth('fixAll'), growth('fixAllEdits')];
  const formats = [growth('formatText'), growth('formatEdits')];
  const fixLinear = linear(...fixes);
  const formatLinear = linear(...formats);
  const grows = '(median wall ms at the full size; ×: growth of the process CPU time (least of 5 runs) when the lines double, linear ≤ ×2.38, i.e. exponent ≤ 1.25)';
  rows.push({
    id: '9a',
    name: `fix-all, ${small} lines`,
    measured: `${ms(s.fixAll?.median)} over LSP; in-process ${fixes.map((g) => g.text).join(', ')}`,
    goal: 'linear, ≤ 100 ms at 10k',
    met: s.fixAll && fixLinear !== undefined ? s.fixAll.median <= 100 && fixLinear : undefined,
    value: s.fixAll?.median,
    unit: 'ms',
    how: `textDocument/codeAction with only: ['source.fixAll.claims'] over the whole file, each after a fresh one-character edit and its diagnostics → the answer (median; ${s.fixAllActions ?? '?'} action, ${bytes(s.fixAllBytes)}); in-process fixAll(text, tables) (the fixed text, as the CLI's --fix) and fixAllEdits (the edits the server sends) at ${(SMALL_LINES / 2).toLocaleString('en-US')} and ${small} lines ${grows}`,
  });
  const ps = d.peerSmall;
  rows.push({
    id: '9b',
    name: `formatting, ${small} lines`,
    measured: `${ms(s.formatting?.median)} over LSP (${s.formattingEdits ?? '?'} edits); in-process ${formats.map((g) => g.text).join(', ')}`,
    goal: 'linear, ≤ 100 ms at 10k',
    met: s.formatting && formatLinear !== undefined ? s.formatting.median <= 100 && formatLinear : undefined,
    peer: ps.formatting ? `${ms(ps.formatting.median)} (${ps.formattingEdits} edits)` : undefined,
    ratio: ratioText(s.formatting?.median, ps.formatting?.median),
    value: s.formatting?.median,
    unit: 'ms',
    how: `textDocument/formatting (tabSize 2, spaces), each after a fresh one-character edit → the answer (median); in-process formatText(new ClaimDocument(text)) (the formatted text) and formatEdits (the edits the server sends) ${grows}; the peer formats the same claims as JSON`,
  });
  return rows;
}

/** Lines per second of the main thread's CPU time (what the wall rate would be without waiting for a core). */
const cpuRate = (r: ChildRuns | undefined) => {
  const cpu = r?.runs?.map((x) => x.mainCpuMs).filter((x): x is number => x !== undefined && x > 0);
  return r && cpu && cpu.length > 0 ? r.lines / (median(cpu) / 1000) : undefined;
};
const pct = (x: number | undefined) => (x === undefined ? '—' : `${Math.round(x * 100)}%`);
const minCpuOf = (runs: Array<{ cpuMs: number }> | undefined) => (runs && runs.length > 0 ? Math.min(...runs.map((r) => r.cpuMs)) : undefined);
const medianOf = (runs: Array<{ ms: number }> | undefined) => (runs && runs.length > 0 ? median(runs.map((r) => r.ms)) : undefined);

function renderTable(rows: Row[], before?: Results): string {
  const prior = new Map((before?.rows ?? []).map((r) => [r.id, r]));
  const withBefore = before !== undefined;
  const out = [
    `| row | at ${LINES.toLocaleString('en-US')} lines | measured | goal | met? | JSON peer | ratio |${withBefore ? ' before |' : ''}`,
    `| --- | --- | --- | --- | :---: | --- | ---: |${withBefore ? ' --- |' : ''}`,
  ];
  for (const r of rows) {
    const met = r.met === undefined ? '?' : r.met ? 'yes' : 'no';
    out.push(`| ${r.id} | ${r.name} | ${r.measured} | ${r.goal} | ${met} | ${r.peer ?? '—'} | ${r.ratio ?? '—'} |${withBefore ? ` ${prior.get(r.id)?.measured ?? '—'} |` : ''}`);
  }
  return out.join('\n');
}

// -----------------------------------------------------------------------------------------------
// Machine, results file, docs

function machine(): Record<string, unknown> {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  let nproc: number | string = cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    // cpus().length then
  }
  return {
    nproc,
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown',
    memoryGB: round(totalmem() / 1024 ** 3),
    freeMemoryGB: round(freemem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((x) => round(x, 2)),
  };
}

function describeTree(): string {
  if (process.env.BENCH_LABEL) return process.env.BENCH_LABEL;
  try {
    const commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    // Not trimmed before splitting: a porcelain line starts with a two-column status (' M path').
    const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=normal', '--', 'server', 'client', 'scripts', 'package.json'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.length > 3)
      .map((l) => l.slice(3));
    return dirty.length > 0 ? `${commit} + uncommitted changes in ${dirty.join(', ')}` : commit;
  } catch {
    return ROOT;
  }
}

interface ResultsFile {
  description: string;
  baseline: Results;
  previous?: Results;
  latest: Results;
}

function readResults(): ResultsFile | undefined {
  try {
    return JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as ResultsFile;
  } catch {
    return undefined;
  }
}

const DOC_BEGIN = '<!-- npm run bench: generated from here -->';
const DOC_END = '<!-- npm run bench: generated to here -->';

function renderDoc(current: Results, baseline: Results | undefined): string {
  const m = current.machine;
  const rows = current.rows;
  const lines = [
    DOC_BEGIN,
    DOC_INTRO,
    `## Latest run`,
    '',
    `${current.date}, ${current.label}. Machine: ${m.nproc} cores (nproc) shared with other work, ${m.cpu}, ${m.memoryGB} GB, Node ${m.node}, ${m.platform}; load average (1, 5, 15 min) ${(m.loadAverageAtStart as number[]).join(' ')} at the start, ${(m.loadAverageAtEnd as number[]).join(' ')} at the end; ${current.config.seconds} s in all.${current.config.quick ? ' BENCH_QUICK=1 (fewer samples).' : ''}`,
    '',
    `The file: ${current.config.claims} claims in ${LINES.toLocaleString('en-US')} lines (${bytes(current.config.claimBytes as number)}; ${current.config.findings} findings by a full check: ${current.config.findingsById}); as JSON ${current.config.jsonLines} lines, ${bytes(current.config.jsonBytes as number)}.`,
    '',
    renderTable(rows, baseline),
    '',
    baseline ? `"before": ${baseline.date}, ${baseline.label}.` : 'This run is the baseline ("before") of later runs.',
    '',
    '### How each row is measured',
    '',
    ...rows.map((r) => `- **${r.id}** ${r.how}.`),
    '',
    ...(current.notes.length > 0 ? ['### Notes of this run', '', ...current.notes.map((n) => `- ${n}`), ''] : []),
    DOC_END,
  ];
  return lines.join('\n');
}

const DOC_INTRO = `# Performance

\`npm run bench\` measures the table of issue 8 in one run (a few minutes on 2 cores;
\`BENCH_QUICK=1\` about half): a generated month of claims (test/bench/claims.ts: an infusion
centre's January, 100,000 lines, ~12,100 claims of a header and 2–13 service lines (6.2 on
average), blank lines between them, 31% of them with one and 7% with two of the mistakes
billers make: units ×10, JW/JZ left off or wrong, lower-case codes, wrong drug names,
dx pointers past the list, missing units, impossible dates, typos in keys and codes, duplicated
lines and claim ids, a few suppressed findings and comments), checked by the built language
server over stdio as an editor drives it (one document open, one request at a time), side by side with **vscode-json-languageservice**
validating the same claims as JSON (a JSON line per header, service line and blank line) against a JSON schema of
the same shape (required fields, value patterns, payer and modifier lists, no unknown keys;
test/bench/claims.ts \`CLAIMS_SCHEMA\`).

**The peer pays the same transport.** It runs behind a minimal stdio language server
(test/bench/jsonPeerServer.ts, bundled with esbuild like dist/server.js): parse + doValidation
on open and on every change, publishDiagnostics capped at 1,000 (as \`claims.maxNumberOfProblems\`
caps the claims server), symbols with VS Code's limit of 5,000, \`format\` for formatting. Unlike
VS Code's JSON server it validates with no delay after a change, so the peer is measured at its
fastest.

**Only the server is timed.** The bench's client (test/bench/lsp.ts) serialises a message, then
takes the time and writes it; it takes the time again when the last byte of the answer (or of
the publishDiagnostics of that document version) arrives, before parsing it. Edits are aimed
using a copy of the text the client keeps, outside the timed span. It announces VS Code's
capabilities and answers \`workspace/configuration\` with the defaults of package.json.

**Not measured, and why.** The server's CPU time is given for opens and edits only (for code
lenses, symbols, fix-all and formatting each sample also holds an edit); the server's own GC
share (it would need a flag or a hook inside the server; the in-process row 7 has it); the CLI
over a folder (the table's row is one 1M-line file, which the CLI checks in pieces on every
core, so its CPU time can exceed its wall time); what VS Code itself adds
(its other requests after each keystroke: inlay hints, folding, code actions, semantic
colouring). On a shared 2-core machine the wall-clock figures include waiting for a core: the
run records the load average and the server's CPU time so that a busy run can be told apart.

Results: test/bench/results.json keeps the first run as \`baseline\` (the "before"), the run
before the latest as \`previous\`, and the \`latest\`; \`BENCH_NEW_BASELINE=1\` starts a new
baseline. \`BENCH_ROOT=<dir>\` measures another tree (e.g. \`git archive HEAD\` unpacked and built)
with this bench.
`;

function writeDoc(current: Results, baseline: Results | undefined): void {
  const generated = renderDoc(current, baseline);
  let doc = existsSync(DOC_FILE) ? readFileSync(DOC_FILE, 'utf8') : '';
  const begin = doc.indexOf(DOC_BEGIN);
  const end = doc.indexOf(DOC_END);
  if (begin >= 0 && end > begin) doc = doc.slice(0, begin) + generated + doc.slice(end + DOC_END.length);
  else doc = `${generated}\n`;
  writeFileSync(DOC_FILE, doc);
}

// -----------------------------------------------------------------------------------------------

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function bundlePeer(dir: string): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = join(dir, 'json-peer-server.js');
  // The ESM build of vscode-json-languageservice (its UMD build requires modules by computed names).
  await esbuild.build({ entryPoints: [join(__dirname, 'jsonPeerServer.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], logLevel: 'warning' });
  return outfile;
}

/** BENCH_RENDER=1: the rows, the table and docs/performance.md again from the raw figures in test/bench/results.json, measuring nothing. */
function renderOnly(): void {
  const file = readResults();
  if (!file) throw new Error(`${RESULTS_FILE} is missing`);
  const baseline = file.baseline.date === file.latest.date && file.baseline.label === file.latest.label ? undefined : file.baseline;
  // Rows are rebuilt from the raw figures, so a change in how a row is summarised applies to old runs too.
  for (const run of [file.latest, file.baseline, file.previous]) if (run) run.rows = buildRows(run.raw as unknown as Parameters<typeof buildRows>[0]);
  writeFileSync(RESULTS_FILE, `${JSON.stringify(file, null, 1)}\n`);
  console.log(renderTable(file.latest.rows, baseline));
  writeDoc(file.latest, baseline);
}

async function main(): Promise<void> {
  if (process.env.BENCH_RENDER === '1') return renderOnly();
  if (process.env.BENCH_ONLY_837 === '1') {
    // Row 10 alone, printed (nothing written): BENCH_ONLY_837=1 npm run bench
    const dir = mkdtempSync(join(tmpdir(), 'claimcheck-bench-'));
    try {
      const x12 = await measureX12(dir);
      console.log(renderTable([x12Row(x12)]));
      console.log(JSON.stringify({ ...x12, cli: x12.cli }, null, 1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const started = performance.now();
  const startLoad = loadavg()[0];
  let verified: unknown;
  const host = machine();
  const server = join(ROOT, 'dist', 'server.js');
  if (!existsSync(server)) throw new Error(`${server} is missing: build that tree first (npm run build)`);
  const dir = mkdtempSync(join(tmpdir(), 'claimcheck-bench-'));
  const notes: string[] = [];
  try {
    const label = describeTree();
    log(`measuring ${label} (${ROOT})${QUICK ? ', quick' : ''}`);
    const peerScript = await bundlePeer(dir);
    const main = month(LINES);
    const small = month(SMALL_LINES);
    const half = month(SMALL_LINES / 2);
    const big = month(BIG_LINES);
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const files = { main: file('month.claim', main.claimText), small: file('small.claim', small.claimText), half: file('half.claim', half.claimText), big: file('big.claim', big.claimText) };
    log(`${main.claims} claims in ${LINES} lines; ${big.claims} in ${BIG_LINES}`);

    log('language server, open and edits (claims)');
    const claimsSide: Side = { name: 'claims', script: server, uri: CLAIM_URI, languageId: 'claim', text: main.claimText, target: CLAIM_EDIT, codeLens: true };
    const final: { text?: string; diagnostics?: string[] } = {};
    const claims = await measureServer(claimsSide, PLANS, final);
    log('language server, open and edits (JSON peer)');
    const peerSide: Side = { name: 'json', script: peerScript, uri: JSON_URI, languageId: 'json', text: main.jsonText, target: JSON_EDIT, codeLens: false };
    const peer = await measureServer(peerSide, { opens: PLANS.peerOpens, edits: PLANS.peerEdits, enters: PLANS.peerEdits, lenses: PLANS.peerEdits, symbols: PLANS.peerEdits });
    log('open with no cap on the problems published');
    const uncapped = { claims: await measureUncapped(claimsSide), peer: await measureUncapped(peerSide) };
    for (const [name, u] of Object.entries(uncapped)) if (u.error) notes.push(`uncapped open (${name}): ${u.error}`);
    log(`fix-all and formatting at ${SMALL_LINES} lines`);
    const smallRun = await measureSmallServer({ ...claimsSide, text: small.claimText }, true);
    const peerSmall = await measureSmallServer({ ...peerSide, text: small.jsonText }, false);

    log('engine throughput');
    const throughput: Record<string, ChildRuns> = {};
    const sizes: Array<[number, string, number, number]> = [
      [SMALL_LINES, files.small, QUICK ? 5 : 10, 5000],
      [LINES, files.main, QUICK ? 1 : 3, 15_000],
      [BIG_LINES, files.big, 1, 0],
    ];
    for (const [lines, path, runs, budgetMs] of sizes) {
      throughput[lines] = await engineRun({ kind: 'throughput', file: path, warmFile: files.small, runs, budgetMs });
      if (throughput[lines].error) notes.push(`engine throughput at ${lines} lines not measured: ${throughput[lines].error}`);
      if (throughput[lines].heapNote) notes.push(`engine throughput at ${lines} lines ${throughput[lines].heapNote}`);
    }
    log('fix-all and formatText in-process');
    const features = {
      half: await engineRun({ kind: 'features', file: files.half, runs: QUICK ? 2 : 5, budgetMs: 6000 }),
      full: await engineRun({ kind: 'features', file: files.small, runs: QUICK ? 2 : 5, budgetMs: 6000 }),
    };
    for (const [k, v] of Object.entries(features)) {
      if (v.error) notes.push(`in-process fix-all/formatting (${k}) not measured: ${v.error}`);
      for (const e of v.errors ?? []) notes.push(`in-process ${k}: ${e}`);
    }
    log(`CLI on ${BIG_LINES} lines`);
    const cli = await measureCli(files.big, dir);
    log(`837 file of ${LINES} service lines: server open and CLI`);
    const x12 = await measureX12(dir);
    for (const e of x12.errors) notes.push(`837 row: ${e}`);

    // What a full check finds in the file (the engine of the tree measured), for the record.
    const findings = await engineChild({ kind: 'findings', file: files.main, runs: 1, budgetMs: 0 });
    // The server's last published diagnostics against a full check of the same (edited) text.
    if (final.text !== undefined && final.diagnostics) {
      writeFileSync(join(dir, 'edited.claim'), final.text);
      writeFileSync(join(dir, 'published.json'), JSON.stringify(final.diagnostics));
      const verdict = (await engineChild({ kind: 'verify', file: join(dir, 'edited.claim'), expected: join(dir, 'published.json'), runs: 1, budgetMs: 0 })) as unknown as { equal?: boolean; published?: number; full?: number; first?: string; error?: string };
      verified = verdict;
      if (verdict.error) notes.push(`could not compare the published diagnostics with a full check: ${verdict.error}`);
      else if (verdict.equal) notes.push(`checked: the server's diagnostics after the edits (${verdict.published} published) are the first ${verdict.published} of a full in-process check of the same text (${verdict.full} findings)`);
      else notes.push(`the server's diagnostics after ${claims.edits?.n ?? 0}+ edits DIFFER from a full check of the same text (${verdict.published} published, ${verdict.full} found; first difference: ${verdict.first})`);
    }

    for (const [name, run] of [['claims server', claims], ['JSON peer', peer], ['claims server (10k)', smallRun], ['JSON peer (10k)', peerSmall]] as const) {
      for (const e of run.errors) notes.push(`${name}: ${e}`);
    }
    const used = [...new Set([...Object.values(throughput).flatMap((r) => r.used ?? []), ...(features.full.used ?? [])])];
    if (!used.includes('features/format.formatEdits(new ClaimDocument(text))')) notes.push('in-process formatEdits not measured: not exported by this tree');
    if (!used.includes('fixes/fixAll.fixAllEdits(text, tables)')) notes.push('in-process fixAllEdits not measured: not found in this tree');
    if (used.length > 0) notes.push(`engine entry points used in-process: ${used.join('; ')}`);

    const rows = [...buildRows({ claims, peer, uncapped, small: smallRun, peerSmall, throughput, features, cli }), x12Row(x12)];
    const cores = Number(host.nproc);
    const loads = [startLoad, loadavg()[0]];
    if (Math.max(...loads) > cores) {
      notes.push(`the machine was busy (1-minute load average ${loads.map((l) => l.toFixed(1)).join(' at start, ')} at the end, on ${cores} cores): wall-clock figures include waiting for a core; the server CPU figures show the work itself`);
    }
    const byId = (findings as unknown as { byId?: Record<string, number> }).byId ?? {};
    const current: Results = {
      label,
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      machine: { ...host, loadAverageAtEnd: loadavg().map((x) => round(x, 2)) },
      config: {
        quick: QUICK,
        lines: LINES,
        claims: main.claims,
        claimBytes: Buffer.byteLength(main.claimText),
        jsonLines: main.jsonText.split('\n').length - 1,
        jsonBytes: Buffer.byteLength(main.jsonText),
        findings: Object.values(byId).reduce((a, b) => a + b, 0),
        findingsById: Object.entries(byId)
          .sort((a, b) => b[1] - a[1])
          .map(([id, n]) => `${id} ${n}`)
          .join(', '),
        bigLines: BIG_LINES,
        bigClaims: big.claims,
        smallLines: SMALL_LINES,
        diagnosticsPublishedOnOpen: claims.diagnosticsPublished,
        /** The last published diagnostics (line:character id) equal the first ones of a full check of the edited text. */
        publishedEqualsFullCheck: verified,
        peerDiagnosticsPublishedOnOpen: peer.diagnosticsPublished,
        plans: PLANS,
        seconds: 0,
      },
      rows,
      raw: { claims, peer, uncapped, small: smallRun, peerSmall, throughput, features, cli, x12 },
      notes,
    };
    current.config.seconds = round((performance.now() - started) / 1000);

    const previousFile = readResults();
    let baseline = process.env.BENCH_NEW_BASELINE === '1' ? undefined : (previousFile?.baseline ?? previousFile?.latest);
    const sameSizes = (r: Results) => r.config.lines === LINES && r.config.bigLines === BIG_LINES && r.config.smallLines === SMALL_LINES;
    if (baseline && !sameSizes(baseline)) {
      notes.push(`no "before" column: the baseline in test/bench/results.json was measured at other sizes (${baseline.config.lines}/${baseline.config.bigLines}/${baseline.config.smallLines} lines)`);
      baseline = undefined;
    }
    console.log(`\nclaimcheck bench — ${current.label}, ${current.date}; ${current.machine.nproc} cores, ${current.machine.cpu}, node ${process.version}\n`);
    console.log(renderTable(rows, baseline));
    if (notes.length > 0) console.log(`\nnotes:\n${notes.map((n) => `- ${n}`).join('\n')}`);
    console.log(`\n${current.config.seconds} s in all`);
    if (process.env.BENCH_WRITE !== '0') {
      const out: ResultsFile = {
        description: 'npm run bench (test/bench/bench.ts): baseline = the "before" later runs are compared with; previous = the run before latest.',
        baseline: baseline ?? (previousFile?.baseline && process.env.BENCH_NEW_BASELINE !== '1' ? previousFile.baseline : current),
        previous: previousFile?.latest,
        latest: current,
      };
      writeFileSync(RESULTS_FILE, `${JSON.stringify(out, null, 1)}\n`);
      writeDoc(current, baseline);
      log(`wrote ${RESULTS_FILE} and ${DOC_FILE}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
