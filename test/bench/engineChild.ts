// One in-process engine measurement of npm run bench, in a fresh process (so that one size's
// heap does not tax the next): `node --import tsx engineChild.ts <json request>`; prints one
// JSON line. The engine is bundled from the tree under measurement (BENCH_ROOT's server/src) by
// esbuild, as dist/ bundles it (a loader such as tsx keeps function names with a call per
// nested function, which the shipped code does not pay), so a HEAD snapshot can be measured by
// the bench of the working tree.
//   { kind: 'throughput', root, file, lines, runs }  full check from the text (parse + check)
//   { kind: 'features', root, file, runs }           fixAll, fixAllEdits, formatText, formatEdits
//   { kind: 'findings', root, file }                 what a full check finds, by id
//   { kind: 'verify', root, file, expected }         do the published diagnostics (a JSON file of
//                                                    "line:character id") begin a full check's?
import { buildSync } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';

interface Request {
  kind: 'throughput' | 'features' | 'findings' | 'verify';
  expected?: string;
  root: string;
  file: string;
  warmFile?: string;
  /** At most this many measured runs, and no new run once `budgetMs` is spent (at least one). */
  runs: number;
  budgetMs: number;
}

/** What each measurement called: engine APIs move while others change the engine. */
const used: string[] = [];

/** The engine modules a measurement may ask for, relative to server/src/engine. */
const ENGINE_MODULES = ['check', 'tables', 'fixes/fixAll', 'fixes', 'features/format'];

let bundled: Record<string, any> | undefined;

/** One bundle of the modules the tree has (one bundle: their classes are shared, as in dist/). */
function bundleEngine(root: string): Record<string, any> {
  const dir = join(root, 'server', 'src', 'engine');
  const present = ENGINE_MODULES.filter((m) => existsSync(join(dir, `${m}.ts`)));
  const contents = present.map((m, i) => `export * as m${i} from ${JSON.stringify(join(dir, m))};`).join('\n');
  const outDir = mkdtempSync(join(tmpdir(), 'claimcheck-bench-'));
  const outfile = join(outDir, 'engine.js');
  buildSync({ stdin: { contents, resolveDir: dir, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], outfile, logLevel: 'warning' });
  const exported = require(outfile);
  rmSync(outDir, { recursive: true, force: true });
  return Object.fromEntries(present.map((m, i) => [m, exported[`m${i}`]]));
}

function load(root: string, relative: string): any {
  bundled ??= bundleEngine(root);
  const found = bundled[relative];
  if (!found) throw new Error(`server/src/engine/${relative} is not in this tree`);
  return found;
}

function engine(root: string) {
  const check = load(root, 'check');
  // The bundle lives outside the tree: the tables are read from the tree's own server/data.
  const tables = load(root, 'tables').loadTables(join(root, 'server', 'data'));
  let checkText: (text: string) => unknown;
  if (typeof check.checkText === 'function') {
    checkText = (text) => check.checkText(text, tables);
    used.push('check.checkText(text, tables)');
  } else {
    checkText = (text) => new check.ClaimDocument(text).check(tables);
    used.push('new check.ClaimDocument(text).check(tables)');
  }
  return { check, tables, checkText };
}

const gcEntries: Array<{ start: number; duration: number }> = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcEntries.push({ start: entry.startTime, duration: entry.duration });
});
observer.observe({ entryTypes: ['gc'] });

/** GC pauses that began inside [from, to] (the observer reports them asynchronously). */
async function gcBetween(from: number, to: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  let gcMs = 0;
  for (const e of gcEntries) if (e.start >= from && e.start <= to) gcMs += e.duration;
  return gcMs;
}

interface Run {
  ms: number;
  /** CPU time of the process (user + system, all threads: GC helpers count too). */
  cpuMs: number;
  /** CPU time of the main thread alone (/proc, 10 ms ticks): the run's time without waiting for a core. */
  mainCpuMs?: number;
  gcMs: number;
}

/** The main thread's user + system time in ms (/proc/self/task/<pid>/stat), if readable. */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

async function timed(fn: () => unknown): Promise<Run> {
  const cpu = process.cpuUsage();
  const main = mainThreadCpuMs();
  const start = performance.now();
  fn();
  const end = performance.now();
  const used = process.cpuUsage(cpu);
  const mainAfter = mainThreadCpuMs();
  return { ms: end - start, cpuMs: (used.user + used.system) / 1000, mainCpuMs: main !== undefined && mainAfter !== undefined ? mainAfter - main : undefined, gcMs: await gcBetween(start, end) };
}

async function repeat(fn: () => unknown, request: Request): Promise<Run[]> {
  const runs: Run[] = [];
  const start = performance.now();
  do runs.push(await timed(fn));
  while (runs.length < request.runs && performance.now() - start < request.budgetMs);
  return runs;
}

async function throughput(request: Request) {
  const { checkText } = engine(request.root);
  const text = readFileSync(request.file, 'utf8');
  const lines = text.split('\n').length - 1;
  // Warm the JIT on a small file first, so the sizes compare the engine, not its start-up.
  const warm = readFileSync(request.warmFile ?? request.file, 'utf8');
  for (let i = 0; i < 3; i++) checkText(warm);
  const runs = await repeat(() => checkText(text), request);
  return { lines, runs, rssMB: process.memoryUsage().rss / 1048576, used };
}

async function features(request: Request) {
  const { check, tables } = engine(request.root);
  const text = readFileSync(request.file, 'utf8');
  const lines = text.split('\n').length - 1;
  /** The first of `candidates` (module, export) this tree has. */
  const find = (candidates: Array<[string, string]>): ((...args: any[]) => any) | undefined => {
    for (const [path, name] of candidates) {
      try {
        const candidate = load(request.root, path)[name];
        if (typeof candidate === 'function') return candidate;
      } catch {
        // not there in this tree
      }
    }
    return undefined;
  };
  const measure = async (name: string, fn: () => unknown) => {
    try {
      fn(); // warm-up
      const runs = await repeat(fn, request);
      used.push(name);
      return runs;
    } catch (error) {
      errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const errors: string[] = [];
  // What the CLI's --fix and the editor's fix-all compute: the fixed text, and (the server's
  // path) the edits that turn the text into it.
  const fixAll = find([['fixes/fixAll', 'fixAll'], ['check', 'fixAll'], ['fixes', 'fixAll']]);
  const fixAllEdits = find([['fixes/fixAll', 'fixAllEdits'], ['check', 'fixAllEdits']]);
  // Formatting takes a ClaimDocument at the time of writing.
  const format = load(request.root, 'features/format');
  const doc = () => new check.ClaimDocument(text);
  const applied = fixAll ? (fixAll(text, tables) as { applied?: number }).applied : undefined;
  return {
    lines,
    applied,
    fixAll: fixAll ? await measure('fixes/fixAll.fixAll(text, tables)', () => fixAll(text, tables)) : undefined,
    fixAllEdits: fixAllEdits ? await measure('fixes/fixAll.fixAllEdits(text, tables)', () => fixAllEdits(text, tables)) : undefined,
    formatText: await measure('features/format.formatText(new ClaimDocument(text))', () => format.formatText(doc())),
    formatEdits: typeof format.formatEdits === 'function' ? await measure('features/format.formatEdits(new ClaimDocument(text))', () => format.formatEdits(doc())) : undefined,
    errors,
    used,
  };
}

function findings(request: Request) {
  const { checkText } = engine(request.root);
  const byId: Record<string, number> = {};
  for (const d of checkText(readFileSync(request.file, 'utf8')) as Array<{ id: string }>) byId[d.id] = (byId[d.id] ?? 0) + 1;
  return { byId, used };
}

/** The server publishes at most its cap, in position order: they must be the first of a full check. */
function verify(request: Request) {
  const { checkText } = engine(request.root);
  const published = JSON.parse(readFileSync(request.expected!, 'utf8')) as string[];
  const all = (checkText(readFileSync(request.file, 'utf8')) as Array<{ id: string; range: { start: { line: number; character: number } } }>).map(
    (d) => `${d.range.start.line}:${d.range.start.character} ${d.id}`,
  );
  const expected = all.slice(0, published.length);
  const at = expected.findIndex((d, i) => d !== published[i]);
  const short = published.length < Math.min(all.length, 1000);
  const equal = at < 0 && !short;
  const first = at >= 0 ? `#${at}: published ${published[at]}, full check ${expected[at]}` : short ? `only ${published.length} published of ${all.length}` : undefined;
  return { equal, published: published.length, full: all.length, first, used };
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2]) as Request;
  const result =
    request.kind === 'throughput' ? await throughput(request) : request.kind === 'features' ? await features(request) : request.kind === 'verify' ? verify(request) : findings(request);
  observer.disconnect();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
  process.exitCode = 1;
});
