// claimcheck: the command-line checker. Runs the same engine as the language server.
// The same bundle is also the script of the CLI's worker threads (pool.ts): started as a worker
// with the worker mark in its data, it checks the files it is sent instead of running the CLI.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runCli } from './run';
import { WORKER_MARK, type WorkerData, runWorker } from './worker';

/** CI set to anything but '', 'false' or '0'. */
function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** CLAIMCHECK_WORKERS=N: N worker threads whatever the input (0: none); unset: automatic. */
function workersFromEnvironment(): number | undefined {
  const value = process.env.CLAIMCHECK_WORKERS;
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** CLAIMCHECK_SPLIT_BYTES=N: check a .claim file of N bytes or more in pieces of about N (tests use small ones). */
function splitBytesFromEnvironment(): number | undefined {
  const n = Number(process.env.CLAIMCHECK_SPLIT_BYTES);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

function cli(): void {
  const stdout = process.stdout;
  /** Resolves when stdout has room again, or is closed (then writing on fails as it always did). */
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        stdout.off('drain', done);
        stdout.off('close', done);
        resolve();
      };
      stdout.on('drain', done);
      stdout.on('close', done);
    });
  // Output piped into a reader that stopped (`claimcheck big.claim | head`): stop quietly, exit 2
  // (the check did not finish), rather than with a stack trace and exit 1.
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(2);
  });
  // CLAIMCHECK_PROGRESS_DELAY_MS: when the progress line may first show (default 1000; tests use 0).
  const delay = Number(process.env.CLAIMCHECK_PROGRESS_DELAY_MS);
  runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    drain: () => (stdout.writableNeedDrain ? drained() : undefined),
    progress:
      process.stderr.isTTY && !inCi()
        ? { delayMs: Number.isFinite(delay) && delay >= 0 ? delay : 1000, columns: process.stderr.columns, stdoutIsTerminal: process.stdout.isTTY === true }
        : undefined,
    workerScript: __filename,
    workers: workersFromEnvironment(),
    splitBytes: splitBytesFromEnvironment(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`claimcheck: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

const data = workerData as WorkerData | undefined;
if (!isMainThread && parentPort && data?.mark === WORKER_MARK) runWorker(parentPort, data);
else cli();
