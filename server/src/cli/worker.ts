// A worker thread of the CLI (the same bundle as the CLI, started in worker mode: see main.ts).
// It loads the code tables once, then checks the files the main thread sends it, one at a time,
// and posts back the output chunks, progress and each file's outcome; the main thread puts them
// in order (pool.ts).
import { performance } from 'node:perf_hooks';
import type { MessagePort } from 'node:worker_threads';
import { loadTables } from '../engine/tables';
import type { FileSetup } from './config';
import { type CheckArgs, type FileOutcome, checkFile } from './checkFile';

export const WORKER_MARK = 'claimcheck-cli-worker';

export interface WorkerData {
  mark: typeof WORKER_MARK;
  args: CheckArgs;
  /** Post progress (lines checked) at most this often; undefined: no progress. */
  progressMs?: number;
}

/** main thread → worker */
export type ToWorker = { type: 'check'; index: number; file: string; shown: string; setup?: FileSetup };

/** worker → main thread */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'chunk'; index: number; text: string }
  | { type: 'lines'; index: number; lines: number }
  | { type: 'done'; index: number; outcome: FileOutcome };

export function runWorker(port: MessagePort, data: WorkerData): void {
  const post = (message: FromWorker) => port.postMessage(message);
  let tables;
  try {
    tables = loadTables();
  } catch (error) {
    post({ type: 'failed', message: `the code tables could not be read: ${(error as Error).message}` });
    return;
  }
  const loaded = tables;
  let queue = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    if (message.type !== 'check') return;
    queue = queue.then(async () => {
      const { index } = message;
      let lastPosted = performance.now();
      const progressMs = data.progressMs;
      const { setup } = message;
      let tablesHere = loaded;
      try {
        if (setup && setup.extraTables.length > 0) tablesHere = loadTables(undefined, { extraTables: setup.extraTables });
      } catch {
        // The main thread has said why; the bundled tables stand in, as there.
      }
      const outcome = await checkFile(message.file, message.shown, tablesHere, setup ? { ...data.args, options: setup.options } : data.args, {
        write: (text) => post({ type: 'chunk', index, text }),
        progress:
          progressMs === undefined
            ? undefined
            : (lines) => {
                const now = performance.now();
                if (now - lastPosted < progressMs) return;
                lastPosted = now;
                post({ type: 'lines', index, lines });
              },
      });
      post({ type: 'done', index, outcome });
    });
  });
  post({ type: 'ready' });
}
