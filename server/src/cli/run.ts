// The CLI's logic, separate from process handling (main.ts) so it can also be called in-process.
// Files are checked in the order the walk sorted them; the text format prints each file's lines
// as its claim blocks are checked. More than one file (and enough text to pay for starting
// them) is spread over worker threads, one per core, and so are the pieces of a large .claim
// file (split.ts); the output is the same either way.
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { loadTables } from '../engine/tables';
import { ConfigResolver, explicitConfig } from './config';
import { describeTables, runImport } from './import';
import { runConvert } from './convert';
import type { CodeTables } from '../engine/types';
import { isX12Path } from '../engine/sources/x12/check';
import { type CheckArgs, type FileOutcome, checkFile, checkPiece } from './checkFile';
import { NotRegularFile, collectFiles, describeError, readClaimFile } from './files';
import { type FileJob, Ordered, type OrderedEvents, type SplitFile, checkInWorkers } from './pool';
import { splitClaimText } from './split';
import { Progress, type ProgressOptions } from './progress';
import { type FileResult, formatJson, summary } from './report';
import { formatSarif } from './sarif';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** A promise while stdout is backed up (a slow reader), undefined when it has room. */
  drain?(): Promise<void> | undefined;
  /** Show a progress line on stderr (main.ts: stderr is a terminal and not in CI). */
  progress?: ProgressOptions & { stdoutIsTerminal: boolean };
  /** The script a worker thread runs (the CLI bundle itself); without it, no worker threads. */
  workerScript?: string;
  /** Worker threads to use, whatever the input's size (0: none); default one per core when it pays. */
  workers?: number;
  /** A .claim file of this many bytes or more is checked in pieces of at most about this size (default SPLIT_MIN_BYTES). */
  splitBytes?: number;
}

const USAGE = `usage: claimcheck [--format text|json|sarif] [--fix] [--max-warnings N] [--config FILE] [--jw-jz-payers p1,p2] [--ndc-payers p1,p2] <files or folders>
       claimcheck --tables [--config FILE]
       claimcheck import <CMS files> [--out tables.json]
       claimcheck convert [--config FILE] <file.837>

Checks claim files (*.claim, and X12 837 files *.837, *.x12, *.edi; folders are
searched recursively) and prints
  path:line:col severity id message
Exit status: 1 when an error was found, 0 otherwise, 2 on bad usage, unreadable input,
no .claim file found, a file --fix could not write, or code tables that could not be read.

  --format text|json|sarif  output format (default text; sarif is SARIF 2.1.0)
  --fix                     apply every preferred quick fix and rewrite the files
                            (skipped for files with syntax errors and read-only files)
  --max-warnings N          also exit 1 when there are more than N warnings (as ESLint)
  --config FILE             the workspace config to use (default: the nearest
                            .claimcheck.json at or above each file)
  --tables                  list the code tables the checks read, with releases and counts
  --jw-jz-payers LIST       payers that require JW/JZ (default: medicare; the config's
                            settings win over the flags)
  --unconfirmed-container-severity information|warning
                            severity of missing-jw-jz where the container is not
                            confirmed single-dose (default: information)
  --ndc-payers LIST         payers that require an NDC on drug lines (default: medicaid;
                            an empty list turns missing-ndc off)
  --help, --version
`;

interface Args extends CheckArgs {
  paths: string[];
  config?: string;
  listTables: boolean;
  /** --max-warnings: more warnings than this fail the run (exit 1). */
  maxWarnings?: number;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { format: 'text', fix: false, options: {}, paths: [], listTables: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const valueOf = (name: string) => {
      const eq = arg.indexOf('=');
      if (eq >= 0) return arg.slice(eq + 1);
      i++;
      if (i >= argv.length) throw new Error(`${name} needs a value`);
      return argv[i];
    };
    try {
      if (arg === '--fix') args.fix = true;
      else if (arg === '--tables') args.listTables = true;
      else if (arg === '--config' || arg.startsWith('--config=')) args.config = valueOf('--config');
      else if (arg === '--format' || arg.startsWith('--format=')) {
        const format = valueOf('--format');
        if (format !== 'text' && format !== 'json' && format !== 'sarif') return `unknown format '${format}'; expected text, json or sarif`;
        args.format = format;
      } else if (arg === '--max-warnings' || arg.startsWith('--max-warnings=')) {
        const value = valueOf('--max-warnings');
        if (!/^\d+$/.test(value)) return `--max-warnings needs a whole number of warnings (0 or more), not '${value}'`;
        args.maxWarnings = Number(value);
      } else if (arg === '--jw-jz-payers' || arg.startsWith('--jw-jz-payers=')) {
        args.options.jwJzPayers = valueOf('--jw-jz-payers').split(',').map((p) => p.trim()).filter((p) => p.length > 0);
      } else if (arg === '--unconfirmed-container-severity' || arg.startsWith('--unconfirmed-container-severity=')) {
        const severity = valueOf('--unconfirmed-container-severity');
        if (severity !== 'information' && severity !== 'warning') return `unknown severity '${severity}' for --unconfirmed-container-severity; expected information or warning`;
        args.options.unconfirmedContainerSeverity = severity;
      } else if (arg === '--ndc-payers' || arg.startsWith('--ndc-payers=')) {
        args.options.ndcPayers = valueOf('--ndc-payers').split(',').map((p) => p.trim()).filter((p) => p.length > 0);
      } else if (arg === '--') {
        args.paths.push(...argv.slice(i + 1));
        break;
      } else if (arg.startsWith('-') && arg !== '-') return `unknown option '${arg}'`;
      else args.paths.push(arg);
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (args.paths.length === 0 && !args.listTables) return 'no files or folders given';
  return args;
}

/**
 * Below this much text in all, the files are checked in the main thread: starting a worker and
 * loading its code tables costs about what checking this much costs.
 */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

/**
 * From this size on a .claim file is checked in pieces, one thread per core (not with --fix).
 * Measured on 2 shared cores: a worker costs 0.5–0.7 s of CPU that one thread does not spend
 * (its start, its code tables, compiling the engine again), and is ready about 0.4 s after it
 * is started; the check runs about 200,000 lines (6.8 MB) per CPU second. At 8 MB (240,000
 * lines, about 1.2 s of checking) a second core has enough of the check left to take over to
 * make up for its start; below that, one thread ends about as soon.
 */
const SPLIT_MIN_BYTES = 8 * 1024 * 1024;

/** Pieces no smaller than this (fewer messages), unless CLAIMCHECK_SPLIT_BYTES asks for smaller. */
const MIN_PIECE_BYTES = 256 * 1024;

/**
 * How many threads to check `files` with (0: the main thread alone), and the .claim files to
 * check in pieces, `splitBytes` or more (undefined: none is).
 */
async function workersFor(files: string[], io: CliIo, fix: boolean, splitBytes: number): Promise<{ workers: number; toSplit?: Set<string> }> {
  if (!io.workerScript) return { workers: 0 };
  const cores = io.workers ?? availableParallelism();
  const sizes = await Promise.all(files.map((file) => fs.stat(file).then((s) => s.size, () => 0)));
  const bytes = sizes.reduce((sum, size) => sum + size, 0);
  const toSplit = new Set(files.filter((file, i) => !fix && cores >= 2 && sizes[i] >= splitBytes && !isX12Path(file)));
  if (toSplit.size > 0) return { workers: cores, toSplit };
  if (files.length < 2) return { workers: 0 };
  if (io.workers !== undefined) return { workers: Math.min(io.workers, files.length) };
  return { workers: cores >= 2 && bytes >= PARALLEL_MIN_BYTES ? Math.min(cores, files.length) : 0 };
}

/**
 * Reads a large .claim file and cuts it into about four pieces per thread (so that the threads
 * end together although the workers start later than this thread), at most `splitBytes`
 * characters each.
 */
async function splitFile(file: string, threads: number, splitBytes: number): Promise<SplitFile> {
  try {
    const { text } = await readClaimFile(file);
    const size = Math.min(splitBytes, Math.max(MIN_PIECE_BYTES, Math.ceil(text.length / (threads * 4))));
    return { pieces: splitClaimText(text, size) };
  } catch (error) {
    if (error instanceof NotRegularFile) return { outcome: { kind: 'skipped', reason: error.message } };
    return { outcome: { kind: 'unreadable', reason: describeError(error) } };
  }
}

/** Checks the files one after another in this thread, with the same ordered events as the pool. */
async function checkHere(jobs: FileJob[], tables: CodeTables, args: CheckArgs, io: CliIo, progress: Progress | undefined, events: OrderedEvents): Promise<void> {
  const ordered = new Ordered(events);
  for (let index = 0; index < jobs.length; index++) {
    await io.drain?.();
    const { file, shown, setup } = jobs[index];
    const outcome = await checkFile(file, shown, setup ? tablesFor(setup.extraTables, tables) : tables, setup ? { ...args, options: setup.options } : args, {
      write: (text) => ordered.chunk(index, text),
      progress: progress ? (lines) => progress.lines(index, lines) : undefined,
    });
    ordered.done(index, outcome);
  }
}

/** The bundled tables with a config's imported ones over them (loaded once per list). */
export function tablesFor(extraTables: readonly string[], bundled: CodeTables): CodeTables {
  return extraTables.length === 0 ? bundled : loadTables(undefined, { extraTables });
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'import') return runImport(argv.slice(1), io);
  if (argv[0] === 'convert') return runConvert(argv.slice(1), io);
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  if (argv.includes('--version')) {
    io.stdout(`claimcheck ${VERSION}\n`);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`claimcheck: ${args}\n${USAGE}`);
    return 2;
  }
  let tables: CodeTables;
  try {
    tables = loadTables();
  } catch (error) {
    io.stderr(`claimcheck: the bundled code tables could not be read, so no file was checked: ${(error as Error).message}\n`);
    return 2;
  }
  // A broken optional table turns off what depends on it; say so once.
  for (const problem of tables.problems ?? []) io.stderr(`claimcheck: warning: ${problem}\n`);
  const display = (absolute: string) => path.relative(io.cwd, absolute) || absolute;
  const explicit = explicitConfig(args.config, io.cwd);
  if (explicit && !existsSync(explicit)) {
    io.stderr(`claimcheck: --config ${args.config}: no such file\n`);
    return 2;
  }
  const configs = new ConfigResolver(args.options, explicit, (text) => io.stderr(text), display);
  if (args.listTables) {
    const setup = configs.forFile(explicit ?? io.cwd);
    io.stdout(describeTables(tablesFor(setup.extraTables, tables), setup.configFile && display(setup.configFile)));
    return 0;
  }
  const files: string[] = [];
  let unreadable = false;
  let skipped = 0;
  let progress: Progress | undefined;
  // The progress line is taken off the terminal before anything else is written to it.
  const stderr = (text: string) => {
    progress?.clear();
    io.stderr(text);
  };
  const stdout = io.progress?.stdoutIsTerminal
    ? (text: string) => {
        progress?.clear();
        io.stdout(text);
      }
    : (text: string) => io.stdout(text);
  const report = {
    unreadable(shown: string, reason: string) {
      stderr(`claimcheck: cannot read ${shown}: ${reason}\n`);
      unreadable = true;
    },
    skipped(shown: string, reason: string) {
      stderr(`claimcheck: skipped ${shown}: ${reason}\n`);
      skipped++;
    },
  };
  for (const target of args.paths) await collectFiles(path.resolve(io.cwd, target), target, files, report, display);

  const jobs: FileJob[] = files.map((file) => ({ file, shown: display(file), setup: configs.forFile(file) }));
  // An imported table a config lists that cannot be read is said once, like a bundled one.
  const told = new Set<string>();
  for (const job of jobs) {
    if (!job.setup || job.setup.extraTables.length === 0) continue;
    const key = job.setup.extraTables.join('\u0000');
    if (told.has(key)) continue;
    told.add(key);
    for (const problem of tablesFor(job.setup.extraTables, tables).problems ?? []) if (!tables.problems?.includes(problem)) io.stderr(`claimcheck: warning: ${problem}\n`);
  }
  const results: FileResult[] = [];
  let writeFailed = false;
  const events: OrderedEvents = {
    write: stdout,
    done(index: number, outcome: FileOutcome) {
      const file = jobs[index].shown;
      progress?.fileDone(index, outcome.kind === 'checked' ? outcome.lines : 0);
      if (outcome.kind === 'skipped') return report.skipped(file, outcome.reason);
      if (outcome.kind === 'unreadable') return report.unreadable(file, outcome.reason);
      const { kind: _kind, lines: _lines, ...result } = outcome;
      results.push({ file, ...result });
      if (outcome.writeFailed) {
        stderr(`claimcheck: ${outcome.error}\n`);
        writeFailed = true;
      } else if (outcome.error) stderr(`claimcheck: ${file}: ${outcome.error}\n`);
    },
  };
  const splitBytes = io.splitBytes ?? SPLIT_MIN_BYTES;
  const { workers, toSplit } = await workersFor(files, io, args.fix, splitBytes);
  /** The tables of the pieces this thread checks: the bundled ones, or a config's, loaded once. */
  let imported: { key: string; tables: CodeTables } | undefined;
  const piecesTables = (setup: FileJob['setup']): CodeTables => {
    if (!setup || setup.extraTables.length === 0) return tables;
    const key = setup.extraTables.join('\u0000');
    if (imported?.key !== key) imported = { key, tables: tablesFor(setup.extraTables, tables) };
    return imported.tables;
  };
  if (io.progress && jobs.length > 0) progress = new Progress((text) => io.stderr(text), jobs.length, io.progress);
  try {
    if (workers > 0) {
      await checkInWorkers(
        jobs,
        {
          script: io.workerScript!,
          // With a file to split, this thread checks pieces too: one worker fewer to start.
          workers: toSplit ? Math.max(1, workers - 1) : workers,
          args: { format: args.format, fix: args.fix, options: args.options },
          progressMs: progress ? 100 : undefined,
          onLines: (index, lines) => progress?.lines(index, lines),
          drain: io.drain,
          split: toSplit ? (job) => (toSplit.has(job.file) ? splitFile(job.file, workers, splitBytes) : undefined) : undefined,
          checkHere: toSplit ? ({ piece, shown, setup }, sink) => checkPiece(piece, shown, piecesTables(setup), setup ? { ...args, options: setup.options } : args, sink) : undefined,
        },
        events,
      );
    } else await checkHere(jobs, tables, args, io, progress, events);
  } finally {
    progress?.stop();
  }

  // Nothing to check is a mistake (a CI job pointed at the wrong folder), not a clean run.
  const nothingFound = files.length === 0 && !unreadable && skipped === 0;
  if (nothingFound) {
    io.stderr(`claimcheck: no .claim files found in ${args.paths.join(', ')} (folders are searched for *.claim, not node_modules/ or dot-folders)\n`);
  }
  if (args.format === 'text') io.stderr(summary(results, skipped));
  else if (args.format === 'json') io.stdout(formatJson(results));
  else io.stdout(JSON.stringify(formatSarif(results, tables, VERSION, io.cwd), null, 2) + '\n');
  if (unreadable || writeFailed || nothingFound) return 2;
  if (results.some((r) => r.counts.error > 0)) return 1;
  const warnings = results.reduce((n, r) => n + r.counts.warning, 0);
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
    io.stderr(`claimcheck: too many warnings (${warnings}; --max-warnings ${args.maxWarnings})\n`);
    return 1;
  }
  return 0;
}

declare const CLAIMCHECK_VERSION: string | undefined;
const VERSION = typeof CLAIMCHECK_VERSION === 'string' ? CLAIMCHECK_VERSION : '0.1.0';
