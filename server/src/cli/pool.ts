// Checking many files on every core: worker threads (worker.ts) take files one at a time from
// the list, in its order; what they send back is put in that order again (Ordered), so the
// output is the same, byte for byte, as a run in the main thread. A large .claim file is read
// here and handed out in pieces (split.ts), each a task of its own; the pieces' outcomes are
// merged into the file's. A worker is only a few tasks ahead of the one being printed
// (LOOKAHEAD per worker), and no task is handed out while stdout is backed up, so the output
// held back stays small.
import { Worker } from 'node:worker_threads';
import type { CheckArgs, FileOutcome, FileSink, PieceJob } from './checkFile';
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

/** Tasks a worker may be ahead of the task being printed. */
const LOOKAHEAD = 4;

/** A file read here to be checked in pieces, or why it could not be read. */
export type SplitFile = { pieces: PieceJob[] } | { outcome: FileOutcome };

export interface PoolOptions {
  script: string;
  workers: number;
  args: CheckArgs;
  /** Post progress at most this often (ms); undefined: none. */
  progressMs?: number;
  onLines?(index: number, lines: number): void;
  /** A promise while stdout is backed up, undefined when it has room. */
  drain?(): Promise<void> | undefined;
  /** Reads and splits a file that is worth checking in pieces; undefined for one a worker checks whole. */
  split?(job: FileJob): Promise<SplitFile> | undefined;
  /**
   * Checks a piece in this thread, which then takes pieces as a worker does (it has its code
   * tables loaded already: one thread fewer to start). Undefined: only the workers check.
   */
  checkHere?(piece: ToWorker & { type: 'piece' }, sink: FileSink): FileOutcome;
}

/** What a task (an index of Ordered) is: a whole file, or piece `piece` of `of` of one. */
interface Task {
  file: number;
  piece?: number;
  of?: number;
}

/** Merges the outcomes of a split file's pieces, which arrive in order. */
function mergeOutcome(sum: FileOutcome | undefined, piece: FileOutcome): FileOutcome {
  if (!sum || sum.kind !== 'checked' || piece.kind !== 'checked') return sum ?? piece;
  for (const severity of Object.keys(sum.counts) as (keyof typeof sum.counts)[]) sum.counts[severity] += piece.counts[severity];
  if (sum.findings && piece.findings) for (const finding of piece.findings) sum.findings.push(finding);
  sum.lines += piece.lines;
  return sum;
}

/** Checks `jobs` in `options.workers` worker threads (and pieces in this thread too, with checkHere); resolves once every file is done and printed. */
export function checkInWorkers(jobs: FileJob[], options: PoolOptions, events: OrderedEvents): Promise<void> {
  const tasks: Task[] = [];
  /** The merged outcome of the split file being printed. */
  let merging: FileOutcome | undefined;
  let filesDone = 0;
  const ordered = new Ordered({
    write: (text) => events.write(text),
    done(index, outcome) {
      const task = tasks[index];
      if (task.piece === undefined) events.done(task.file, outcome);
      else {
        merging = mergeOutcome(merging, outcome);
        if (task.piece < task.of! - 1) return;
        events.done(task.file, merging);
        merging = undefined;
        for (const other of pieceLines.keys()) if (tasks[other].file === task.file) pieceLines.delete(other);
      }
      if (++filesDone === jobs.length) end();
    },
  });
  /** Tasks made and not handed out yet (the pieces of a split file), in order. */
  const ready: ToWorker[] = [];
  /** Lines checked so far in the pieces being checked, by task, for the progress line. */
  const pieceLines = new Map<number, number>();
  const count = options.workers + (options.checkHere ? 1 : 0);
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  /** This thread takes pieces too, one at a time: is it free for one? */
  let hereIdle = options.checkHere !== undefined;
  /**
   * Tasks a worker may hold: two when this thread checks too, so that a worker that finishes
   * while this thread is busy with a piece has the next one queued.
   */
  const depth = options.checkHere ? 2 : 1;
  let nextJob = 0;
  let splitting = false;
  let settled = false;
  let end = (_error?: Error) => {};

  return new Promise<void>((resolve, reject) => {
    end = (error?: Error) => {
      if (settled) return;
      settled = true;
      const stopped = Promise.all(workers.map((w) => w.terminate()));
      if (error) stopped.then(() => reject(error), () => reject(error));
      else stopped.then(() => resolve(), reject);
    };
    if (jobs.length === 0) return end();

    /** Makes the next file's tasks; false while a file is being read and split. */
    const makeTasks = (): boolean => {
      if (splitting || nextJob >= jobs.length) return false;
      const file = nextJob++;
      const job = jobs[file];
      const split = options.split?.(job);
      if (!split) {
        ready.push({ type: 'check', index: tasks.push({ file }) - 1, file: job.file, shown: job.shown, setup: job.setup });
        return true;
      }
      splitting = true;
      split.then((result) => {
        splitting = false;
        if ('outcome' in result) ordered.done(tasks.push({ file }) - 1, result.outcome);
        else {
          const of = result.pieces.length;
          result.pieces.forEach((piece, n) => ready.push({ type: 'piece', index: tasks.push({ file, piece: n, of }) - 1, piece, shown: job.shown, setup: job.setup }));
        }
        dispatch();
      }, end);
      return false;
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
      // The next file's tasks are made before a worker is idle, so a large file is read and
      // split while the workers start.
      while (ready.length > 0 || makeTasks()) {
        if (ready[0].index >= ordered.printing + LOOKAHEAD * count) break;
        const next = ready[0];
        if (hereIdle && next.type === 'piece') {
          ready.shift();
          hereIdle = false;
          setImmediate(() => checkHere(next));
        } else if (idle.length > 0) idle.shift()!.postMessage(ready.shift()! satisfies ToWorker);
        else break;
      }
    };

    const checkHere = (task: ToWorker & { type: 'piece' }) => {
      if (settled) return;
      try {
        const outcome = options.checkHere!(task, {
          write: (text) => ordered.chunk(task.index, text),
          progress: options.onLines ? (lines) => progress(task.index, lines) : undefined,
        });
        finished(task.index, outcome);
      } catch (error) {
        return end(error as Error);
      }
      hereIdle = true;
      dispatch();
    };

    const finished = (index: number, outcome: FileOutcome) => {
      // A finished piece's lines stay counted until its file is done.
      if (tasks[index].piece !== undefined) pieceLines.set(index, outcome.kind === 'checked' ? outcome.lines : 0);
      ordered.done(index, outcome);
    };

    const progress = (index: number, lines: number) => {
      const task = tasks[index];
      if (task.piece === undefined) return options.onLines?.(task.file, lines);
      pieceLines.set(index, lines);
      let sum = 0;
      for (const [other, n] of pieceLines) if (tasks[other].file === task.file) sum += n;
      options.onLines?.(task.file, sum);
    };

    const workerData: WorkerData = { mark: WORKER_MARK, args: options.args, progressMs: options.progressMs };
    for (let i = 0; i < options.workers; i++) {
      const worker = new Worker(options.script, { workerData });
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            for (let i = 0; i < depth; i++) idle.push(worker);
            dispatch();
            break;
          case 'failed':
            end(new Error(`a worker thread stopped: ${message.message}`));
            break;
          case 'chunk':
            ordered.chunk(message.index, message.text);
            break;
          case 'lines':
            progress(message.index, message.lines);
            break;
          case 'done':
            finished(message.index, message.outcome);
            idle.push(worker);
            dispatch();
            break;
        }
      });
      worker.on('error', (error) => end(new Error(`a worker thread failed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!settled) end(new Error(`a worker thread exited early (code ${code})`));
      });
    }
    dispatch();
  });
}
