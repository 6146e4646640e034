// The progress line: "claimcheck: 3/12 files, 410,000 lines…" on stderr, rewritten in place with
// \r, for runs that last more than a second on a terminal (run.ts decides whether there is one:
// stderr is a TTY and the run is not in CI). Cleared before any other output goes to the terminal
// and at the end, so what is left on the screen is exactly what a run without it prints.
import { performance } from 'node:perf_hooks';

export interface ProgressOptions {
  /** Nothing is shown before the run has lasted this long (ms). */
  delayMs: number;
  /** The terminal's width: a longer line would wrap, and \r would no longer rewrite it. */
  columns?: number;
}

/** Redraws at most this often (ms). */
const INTERVAL = 100;

export class Progress {
  private readonly start = performance.now();
  private lastDrawn = -Infinity;
  /** The length of the line on screen, 0 when none is. */
  private shown = 0;
  private filesDone = 0;
  private linesDone = 0;
  /** Lines checked so far in the files being checked, by file index. */
  private readonly current = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (text: string) => void,
    private readonly total: number,
    private readonly options: ProgressOptions,
  ) {
    // While worker threads check, the main thread is idle and redraws on a timer; while it checks
    // a file itself, lines() redraws.
    this.timer = setInterval(() => this.tick(), INTERVAL);
    this.timer.unref();
  }

  /** File `index` has had `lines` lines checked. */
  lines(index: number, lines: number): void {
    this.current.set(index, lines);
    this.tick();
  }

  fileDone(index: number, lines: number): void {
    this.current.delete(index);
    this.filesDone++;
    this.linesDone += lines;
    this.tick();
  }

  private tick(): void {
    const now = performance.now();
    if (now - this.start < this.options.delayMs || now - this.lastDrawn < INTERVAL) return;
    this.lastDrawn = now;
    let lines = this.linesDone;
    for (const n of this.current.values()) lines += n;
    let text = `claimcheck: ${this.filesDone}/${this.total} ${this.total === 1 ? 'file' : 'files'}, ${lines.toLocaleString('en-US')} lines…`;
    const width = this.options.columns;
    if (width !== undefined && width > 1 && text.length > width - 1) text = text.slice(0, width - 1);
    this.write(`\r${text}${' '.repeat(Math.max(0, this.shown - text.length))}`);
    this.shown = text.length;
  }

  /** Takes the line off the screen (it comes back at the next redraw). */
  clear(): void {
    if (this.shown === 0) return;
    this.write(`\r${' '.repeat(this.shown)}\r`);
    this.shown = 0;
  }

  /** Clears the line for good. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }
}
