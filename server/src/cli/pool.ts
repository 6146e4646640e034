// Checking many files on every core: worker threads (worker.ts) take files one at a time from
// the list, in its order; what they send back is put in that order again (Ordered), so the
// output is the same, byte for byte, as a run in the main thread. A worker is only a few files
// ahead of the file being printed (LOOKAHEAD per worker), and no file is handed out while stdout
// is backed up, so the output held back stays small.
import { Worker } from 'node:worker_threads';
import type { CheckArgs, FileOutcome } from './checkFile';
import type { FileSetup } from './config';
import { type FromWorker, type ToWorker, WORKER_MARK, type WorkerData } from './worker';

export interface FileJob {
  file: string;
  shown: string;
  /** The options and imported tables of the file's workspace config. */
  setup?: FileSetup;
}

/** Where a run's per-file events go; called in file order. */
export interface OrderedEvents {
  write(text: string): void;
  done(index: number, outcome: FileOutcome): void;
}

/**
 * Turns events that come in any order (file 3's chunks before file 2's end) into events in file
 * order: the head file's chunks pass straight through, later files' wait until it is done.
 */
export class Ordered {
  private head = 0;
  private readonly waiting = new Map<number, { chunks: string[]; outcome?: FileOutcome }>();

  constructor(private readonly events: OrderedEvents) {}

  /** The index of the file being printed. */
  get printing(): number {
    return this.head;
  }

  chunk(index: number, text: string): void {
    if (index === this.head) this.events.write(text);
    else this.entry(index).chunks.push(text);
  }

  done(index: number, outcome: FileOutcome): void {
    if (index !== this.head) {
      this.entry(index).outcome = outcome;
      return;
    }
    this.events.done(index, outcome);
    this.head++;
    for (let next = this.waiting.get(this.head); next; next = this.waiting.get(this.head)) {
      this.waiting.delete(this.head);
      for (const text of next.chunks) this.events.write(text);
      if (!next.outcome) break;
      this.events.done(this.head, next.outcome);
      this.head++;
    }
  }

  private entry(index: number) {
    let entry = this.waiting.get(index);
    if (!entry) this.waiting.set(index, (entry = { chunks: [] }));
    return entry;
  }
}

/** Files a worker may be ahead of the file being printed. */
const LOOKAHEAD = 4;

export interface PoolOptions {
  script: string;
  workers: number;
  args: CheckArgs;
  /** Post progress at most this often (ms); undefined: none. */
  progressMs?: number;
  onLines?(index: number, lines: number): void;
  /** A promise while stdout is backed up, undefined when it has room. */
  drain?(): Promise<void> | undefined;
}

/** Checks `jobs` in `options.workers` worker threads; resolves once every file is done and printed. */
export function checkInWorkers(jobs: FileJob[], options: PoolOptions, events: OrderedEvents): Promise<void> {
  const ordered = new Ordered(events);
  const count = Math.min(options.workers, jobs.length);
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  let next = 0;
  let finished = 0;
  let settled = false;

  return new Promise<void>((resolve, reject) => {
    const end = (error?: Error) => {
      if (settled) return;
      settled = true;
      const stopped = Promise.all(workers.map((w) => w.terminate()));
      if (error) stopped.then(() => reject(error), () => reject(error));
      else stopped.then(() => resolve(), reject);
    };

    let waitingForDrain = false;
    const dispatch = () => {
      if (settled || waitingForDrain) return;
      const backedUp = options.drain?.();
      if (backedUp) {
        waitingForDrain = true;
        backedUp.then(() => {
          waitingForDrain = false;
          dispatch();
        }, end);
        return;
      }
      while (idle.length > 0 && next < jobs.length && next < ordered.printing + LOOKAHEAD * count) {
        const worker = idle.pop()!;
        const job = jobs[next];
        worker.postMessage({ type: 'check', index: next, file: job.file, shown: job.shown, setup: job.setup } satisfies ToWorker);
        next++;
      }
    };

    const workerData: WorkerData = { mark: WORKER_MARK, args: options.args, progressMs: options.progressMs };
    for (let i = 0; i < count; i++) {
      const worker = new Worker(options.script, { workerData });
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            idle.push(worker);
            dispatch();
            break;
          case 'failed':
            end(new Error(`a worker thread stopped: ${message.message}`));
            break;
          case 'chunk':
            ordered.chunk(message.index, message.text);
            break;
          case 'lines':
            options.onLines?.(message.index, message.lines);
            break;
          case 'done':
            ordered.done(message.index, message.outcome);
            idle.push(worker);
            if (++finished === jobs.length) end();
            else dispatch();
            break;
        }
      });
      worker.on('error', (error) => end(new Error(`a worker thread failed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!settled) end(new Error(`a worker thread exited early (code ${code})`));
      });
    }
  });
}
