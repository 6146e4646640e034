// The CLI's logic, separate from process handling so tests can also call it in-process.
import * as path from 'node:path';
import { ClaimDocument, resolveOptions } from '../engine/check';
import { confirmedFixes, fixAll } from '../engine/fixes/fixAll';
import { checkInBlocks } from '../engine/stream';
import { loadTables } from '../engine/tables';
import type { CheckOptions, ClaimDiagnostic, CodeTables } from '../engine/types';
import { plural } from '../engine/values';
import { NotFixed, NotRegularFile, collectFiles, describeError, readClaimFile, writeFixedFile } from './files';
import { formatSarif } from './sarif';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

type Format = 'text' | 'json' | 'sarif';

const USAGE = `usage: claimcheck [--format text|json|sarif] [--fix] [--jw-jz-payers p1,p2] <files or folders>

Checks claim files (*.claim; folders are searched recursively) and prints
  path:line:col severity id message
Exit status: 1 when an error was found, 0 otherwise, 2 on bad usage, unreadable input,
a file --fix could not write, or code tables that could not be read.

  --format text|json|sarif  output format (default text; sarif is SARIF 2.1.0)
  --fix                     apply every preferred quick fix and rewrite the files
                            (skipped for files with syntax errors and read-only files)
  --jw-jz-payers LIST       payers that require JW/JZ (default: medicare)
  --help, --version
`;

interface Args {
  format: Format;
  fix: boolean;
  options: Partial<CheckOptions>;
  paths: string[];
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { format: 'text', fix: false, options: {}, paths: [] };
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
      else if (arg === '--format' || arg.startsWith('--format=')) {
        const format = valueOf('--format');
        if (format !== 'text' && format !== 'json' && format !== 'sarif') return `unknown format '${format}'; expected text, json or sarif`;
        args.format = format;
      } else if (arg === '--jw-jz-payers' || arg.startsWith('--jw-jz-payers=')) {
        args.options.jwJzPayers = valueOf('--jw-jz-payers').split(',').map((p) => p.trim()).filter((p) => p.length > 0);
      } else if (arg === '--') {
        args.paths.push(...argv.slice(i + 1));
        break;
      } else if (arg.startsWith('-') && arg !== '-') return `unknown option '${arg}'`;
      else args.paths.push(arg);
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (args.paths.length === 0) return 'no files or folders given';
  return args;
}

const BOM = '\uFEFF';

export interface FileResult {
  file: string;
  diagnostics: ClaimDiagnostic[];
  fixed?: number;
  error?: string;
  /** --fix tried to write the file and failed (exit status 2). */
  writeFailed?: boolean;
}

export function severityLabel(d: ClaimDiagnostic): string {
  return d.severity === 'information' ? 'info' : d.severity;
}

function formatText(results: FileResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const d of result.diagnostics) {
      lines.push(`${result.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severityLabel(d)} ${d.id} ${d.message}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function formatJson(results: FileResult[]): string {
  const files = results.map((r) => ({
    file: r.file,
    ...(r.error ? { error: r.error } : {}),
    ...(r.fixed !== undefined ? { fixed: r.fixed } : {}),
    diagnostics: r.diagnostics.map((d) => ({
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: severityLabel(d),
      id: d.id,
      message: d.message,
      fixes: d.fixes.map((f) => ({ title: f.title, preferred: f.preferred })),
    })),
  }));
  return JSON.stringify({ files }, null, 2) + '\n';
}

function summary(results: FileResult[], skipped: number): string {
  const count = (severity: string) => results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === severity).length, 0);
  const fixed = results.reduce((n, r) => n + (r.fixed ?? 0), 0);
  const fixedText = results.some((r) => r.fixed !== undefined) ? `, ${fixed} fixes applied` : '';
  return `${plural(results.length, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('information'), 'info')}${fixedText}${skipped > 0 ? `, ${plural(skipped, 'file')} skipped` : ''}\n`;
}

/** The engine's findings, minus those resting on an optional table that could not be loaded. */
function checkText(text: string, tables: CodeTables, args: Args): ClaimDiagnostic[] {
  if (args.format === 'text') {
    // Block by block: a month of claims is checked without holding its whole model.
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
 * result holds the diagnostics of the file as it still is, and says why.
 */
async function checkFile(file: string, shown: string, tables: CodeTables, args: Args): Promise<FileResult> {
  const { text, bom, stat } = await readClaimFile(file);
  const diagnostics = checkText(text, tables, args);
  if (!args.fix) return { file, diagnostics };
  if (diagnostics.some((d) => d.id === 'syntax')) {
    return { file, diagnostics, fixed: 0, error: 'not fixed: the file has syntax errors; fix those first' };
  }
  const result = fixAll(text, tables, args.options);
  if (result.text === text) return { file, diagnostics, fixed: 0 };
  try {
    await writeFixedFile(file, (bom ? BOM : '') + result.text, stat, shown);
  } catch (error) {
    if (error instanceof NotFixed) return { file, diagnostics, fixed: 0, error: error.message };
    return { file, diagnostics, fixed: 0, error: (error as Error).message, writeFailed: true };
  }
  return { file, diagnostics: result.remaining, fixed: result.applied };
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
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
  const files: string[] = [];
  let unreadable = false;
  let skipped = 0;
  const report = {
    unreadable(shown: string, reason: string) {
      io.stderr(`claimcheck: cannot read ${shown}: ${reason}\n`);
      unreadable = true;
    },
    skipped(shown: string, reason: string) {
      io.stderr(`claimcheck: skipped ${shown}: ${reason}\n`);
      skipped++;
    },
  };
  for (const target of args.paths) await collectFiles(path.resolve(io.cwd, target), target, files, report, display);
  const results: FileResult[] = [];
  let writeFailed = false;
  for (const absolute of files) {
    const file = display(absolute);
    try {
      const result = await checkFile(absolute, file, tables, args);
      results.push({ ...result, file });
      if (result.writeFailed) {
        io.stderr(`claimcheck: ${result.error}\n`);
        writeFailed = true;
      } else if (result.error) io.stderr(`claimcheck: ${file}: ${result.error}\n`);
    } catch (error) {
      if (error instanceof NotRegularFile) report.skipped(file, error.message);
      else report.unreadable(file, describeError(error));
    }
  }
  if (files.length === 0 && !unreadable && skipped === 0) io.stderr('claimcheck: no .claim files found\n');
  if (args.format === 'text') {
    io.stdout(formatText(results));
    io.stderr(summary(results, skipped));
  } else if (args.format === 'json') {
    io.stdout(formatJson(results));
  } else {
    io.stdout(JSON.stringify(formatSarif(results, tables, VERSION), null, 2) + '\n');
  }
  if (unreadable || writeFailed) return 2;
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

declare const CLAIMCHECK_VERSION: string | undefined;
const VERSION = typeof CLAIMCHECK_VERSION === 'string' ? CLAIMCHECK_VERSION : '0.1.0';
