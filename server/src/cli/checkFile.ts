// One file's check, the same in the main thread and in a worker: read, check, (with --fix) write
// back, and hand on what to print. The text format streams: each claim block is checked and its
// lines are written (in chunks) before the next block is parsed, and only counts are kept. JSON
// and SARIF are one document, so their findings are collected, as plain records (the parse model
// goes with the check).
import { ClaimDocument, resolveOptions } from '../engine/check';
import { confirmedFixes, fixAll } from '../engine/fixes/fixAll';
import { type FilePiece, checkInBlocks } from '../engine/stream';
import { parseText } from '../engine/parser';
import { X12FixConfirmer, checkX12Model, isX12Path } from '../engine/sources/x12/check';
import type { CheckOptions, ClaimDiagnostic, CodeTables } from '../engine/types';
import { NotFixed, NotRegularFile, describeError, readClaimFile, writeFixedFile } from './files';
import { type Counts, type Finding, findingOf, noCounts, textLine } from './report';

export type Format = 'text' | 'json' | 'sarif';

/** What a check needs to know of the command line (plain data, so a worker can be given it). */
export interface CheckArgs {
  format: Format;
  fix: boolean;
  options: Partial<CheckOptions>;
}

/** How a file's check ended; plain data (it crosses from a worker thread). */
export type FileOutcome =
  | {
      kind: 'checked';
      counts: Counts;
      /** JSON and SARIF only. */
      findings?: Finding[];
      fixed?: number;
      error?: string;
      writeFailed?: boolean;
      /** Lines read, for the progress line. */
      lines: number;
    }
  | { kind: 'skipped'; reason: string }
  | { kind: 'unreadable'; reason: string };

export interface FileSink {
  /** Output text, in order; called with chunks of many lines. */
  write(text: string): void;
  /** Called as blocks are checked: the number of lines checked so far (roughly). */
  progress?(lines: number): void;
}

const BOM = '\uFEFF';
/** Output is handed on in chunks of about this many characters. */
const CHUNK = 64 * 1024;

/** The number of lines of `text`, counted by line feeds (for the progress line only). */
function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

/** Writes text through `sink` in chunks of about CHUNK characters. */
class ChunkedWriter {
  private pending = '';
  constructor(private readonly sink: FileSink) {}
  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= CHUNK) this.flush();
  }
  flush(): void {
    if (this.pending.length === 0) return;
    this.sink.write(this.pending);
    this.pending = '';
  }
}

function countAll(diagnostics: ClaimDiagnostic[]): Counts {
  const counts = noCounts();
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** The text format without --fix: block by block, printed as it goes. */
function streamText(text: string, shown: string, tables: CodeTables, args: CheckArgs, sink: FileSink, piece?: FilePiece): Counts {
  const counts = noCounts();
  const out = new ChunkedWriter(sink);
  const progress = sink.progress;
  const firstLine = piece ? piece.firstLine : 0;
  checkInBlocks(
    text,
    tables,
    args.options,
    (block) => {
      for (const d of block) {
        counts[d.severity]++;
        out.add(textLine(shown, d));
      }
      if (progress && block.length > 0) progress(block[block.length - 1].range.start.line + 1 - firstLine);
    },
    piece,
  );
  out.flush();
  return counts;
}

/** The engine's findings for --fix and for JSON/SARIF (which list the fixes --fix would apply). */
function collect(text: string, tables: CodeTables, args: CheckArgs): ClaimDiagnostic[] {
  if (args.format === 'text') {
    const found: ClaimDiagnostic[] = [];
    checkInBlocks(text, tables, args.options, (block) => {
      for (const d of block) found.push(d);
    });
    return found;
  }
  const document = new ClaimDocument(text);
  const found = document.check(tables, args.options);
  // JSON and SARIF list the fixes: a preferred one is what --fix would apply, so it passes the same gate.
  const options = resolveOptions(args.options);
  return found.map((d) => ({ ...d, fixes: confirmedFixes(document, d, tables, options) }));
}

/**
 * Checks one file and, with --fix, writes the fixes back. When the fixes cannot be written, the
 * outcome holds the diagnostics of the file as it still is, and says why.
 */
async function checkReadable(file: string, shown: string, tables: CodeTables, args: CheckArgs, sink: FileSink): Promise<FileOutcome> {
  const { text, bom, stat } = await readClaimFile(file);
  const lines = lineCount(text);
  if (isX12Path(file)) return checkedX12(text, shown, tables, args, sink, lines);
  if (args.format === 'text' && !args.fix) return { kind: 'checked', counts: streamText(text, shown, tables, args, sink), lines };

  let diagnostics = collect(text, tables, args);
  let fixed: number | undefined;
  let error: string | undefined;
  let writeFailed: boolean | undefined;
  if (args.fix) {
    fixed = 0;
    if (diagnostics.some((d) => d.id === 'syntax')) error = 'not fixed: the file has syntax errors; fix those first';
    else {
      const result = fixAll(text, tables, args.options);
      if (result.text !== text) {
        try {
          await writeFixedFile(file, (bom ? BOM : '') + result.text, stat, shown);
          diagnostics = result.remaining;
          fixed = result.applied;
        } catch (failure) {
          error = (failure as Error).message;
          if (!(failure instanceof NotFixed)) writeFailed = true;
        }
      }
    }
  }
  const outcome = reported(diagnostics, lines, shown, args, sink);
  if (fixed !== undefined) outcome.fixed = fixed;
  if (error !== undefined) outcome.error = error;
  if (writeFailed) outcome.writeFailed = true;
  return outcome;
}

/** A piece of a large .claim file (run.ts splits it at claim block boundaries), with its text. */
export interface PieceJob extends FilePiece {
  text: string;
}

/**
 * One piece of a large .claim file (neither --fix nor an 837): what checking the whole file
 * reports on the piece's lines, at their places in the file. The pieces' outcomes, merged in
 * file order, are the file's.
 */
export function checkPiece(piece: PieceJob, shown: string, tables: CodeTables, args: CheckArgs, sink: FileSink): FileOutcome & { kind: 'checked' } {
  const { text, ...at } = piece;
  const lines = lineCount(text);
  if (args.format === 'text') return { kind: 'checked', counts: streamText(text, shown, tables, args, sink, at), lines };
  const parsed = parseText(text, at.firstLine);
  if (!at.last) parsed.pop(); // the empty rest after the piece's last line break: the next piece's first line
  const document = ClaimDocument.ofLines(parsed, at.eol, at.idsUsedBefore);
  const options = resolveOptions(args.options);
  const found = document.check(tables, args.options).map((d) => ({ ...d, fixes: confirmedFixes(document, d, tables, options) }));
  return reported(found, lines, shown, args, sink);
}

/** A checked file's outcome: its counts, and its findings printed (text) or kept (JSON, SARIF). */
function reported(diagnostics: ClaimDiagnostic[], lines: number, shown: string, args: CheckArgs, sink: FileSink): FileOutcome & { kind: 'checked' } {
  const outcome: FileOutcome & { kind: 'checked' } = { kind: 'checked', counts: countAll(diagnostics), lines };
  if (args.format === 'text') {
    const out = new ChunkedWriter(sink);
    for (const d of diagnostics) out.add(textLine(shown, d));
    out.flush();
  } else outcome.findings = diagnostics.map(findingOf);
  return outcome;
}

/** An 837 file: checked whole (checkX12); --fix does not rewrite it (its fixes are offered in the editor). */
function checkedX12(text: string, shown: string, tables: CodeTables, args: CheckArgs, sink: FileSink, lines: number): FileOutcome {
  const { model, diagnostics: found } = checkX12Model(text, tables, args.options);
  // JSON and SARIF list the fixes: a preferred one passes the same gate as in the editor.
  const confirmer = args.format === 'text' ? undefined : new X12FixConfirmer(model, tables, args.options);
  const diagnostics = confirmer ? found.map((d) => ({ ...d, fixes: confirmer.confirm(d) })) : found;
  const outcome = reported(diagnostics, lines, shown, args, sink);
  if (args.fix) {
    outcome.fixed = 0;
    outcome.error = 'not fixed: --fix does not rewrite 837 files; apply their quick fixes in the editor';
  }
  return outcome;
}

/** Checks one file; a file that cannot be read is an outcome too (skipped or unreadable), not a throw. */
export async function checkFile(file: string, shown: string, tables: CodeTables, args: CheckArgs, sink: FileSink): Promise<FileOutcome> {
  try {
    return await checkReadable(file, shown, tables, args, sink);
  } catch (error) {
    if (error instanceof NotRegularFile) return { kind: 'skipped', reason: error.message };
    return { kind: 'unreadable', reason: describeError(error) };
  }
}
