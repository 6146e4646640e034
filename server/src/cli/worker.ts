// A worker thread of the CLI (the same bundle as the CLI, started in worker mode: see main.ts).
// It loads the code tables once, then checks the files (or pieces of a large file) the main
// thread sends it, one at a time,
// and posts back the output chunks, progress and each file's outcome; the main thread puts them
// in order (pool.ts).
import { performance } from 'node:perf_hooks';
import type { MessagePort } from 'node:worker_threads';
import { loadTables } from '../engine/tables';
import type { FileSetup } from './config';
import type { CodeTables } from '../engine/types';
import { type CheckArgs, type FileOutcome, type FileSink, type PieceJob, checkFile, checkPiece } from './checkFile';

export const WORKER_MARK = 'claimcheck-cli-worker';

export interface WorkerData {
  mark: typeof WORKER_MARK;
  args: CheckArgs;
  /** Post progress (lines checked) at most this often; undefined: no progress. */
  progressMs?: number;
}

/** main thread → worker */
export type ToWorker =
  | { type: 'check'; index: number; file: string; shown: string; setup?: FileSetup }
  | { type: 'piece'; index: number; piece: PieceJob; shown: string; setup?: FileSetup };

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
  /** The imported tables last loaded, kept for the next task of the same config (a split file's pieces). */
  let imported: { key: string; tables: CodeTables } | undefined;
  let queue = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    queue = queue.then(async () => {
      const { index } = message;
      let lastPosted = performance.now();
      const progressMs = data.progressMs;
      const { setup } = message;
      let tablesHere = loaded;
      try {
        if (setup && setup.extraTables.length > 0) {
          const key = setup.extraTables.join('\u0000');
          if (imported?.key !== key) imported = { key, tables: loadTables(undefined, { extraTables: setup.extraTables }) };
          tablesHere = imported.tables;
        }
      } catch {
        // The main thread has said why; the bundled tables stand in, as there.
      }
      const args = setup ? { ...data.args, options: setup.options } : data.args;
      const sink: FileSink = {
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
      };
      const outcome = message.type === 'piece' ? checkPiece(message.piece, message.shown, tablesHere, args, sink) : await checkFile(message.file, message.shown, tablesHere, args, sink);
      post({ type: 'done', index, outcome });
    }).catch((error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
  });
  post({ type: 'ready' });
}
