// The CLI's logic, separate from process handling so tests can also call it in-process.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ClaimDocument, fixAll } from '../engine/check';
import { loadTables } from '../engine/tables';
import type { CheckOptions, ClaimDiagnostic, CodeTables } from '../engine/types';
import { plural } from '../engine/values';
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
Exit status: 1 when an error was found, 0 otherwise, 2 on bad usage or unreadable input.

  --format text|json|sarif  output format (default text; sarif is SARIF 2.1.0)
  --fix                     apply every preferred quick fix and rewrite the files
                            (skipped for files with syntax errors)
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

async function collectFiles(target: string, out: string[]): Promise<void> {
  const stat = await fs.stat(target);
  if (!stat.isDirectory()) {
    out.push(target);
    return;
  }
  const entries = (await fs.readdir(target, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) await collectFiles(full, out);
    } else if (entry.name.endsWith('.claim')) {
      out.push(full);
    }
  }
}

const BOM = '\uFEFF';

/** Reads a claim file as UTF-8 text; refuses binary or non-UTF-8 content with a clear reason. */
async function readClaimFile(file: string): Promise<{ text: string; bom: boolean }> {
  const bytes = await fs.readFile(file);
  if (bytes.includes(0)) throw new Error('not a text file (it contains NUL bytes)');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('not valid UTF-8 text');
  }
  // TextDecoder drops a leading BOM by default; remember it so --fix can write it back.
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { text, bom };
}

/** Writes via a temporary file in the same folder and a rename, so a crash never leaves half a file. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const mode = (await fs.stat(file)).mode;
  try {
    await fs.writeFile(temp, content, { mode });
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

export interface FileResult {
  file: string;
  diagnostics: ClaimDiagnostic[];
  fixed?: number;
  error?: string;
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

function summary(results: FileResult[]): string {
  const count = (severity: string) => results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === severity).length, 0);
  const fixed = results.reduce((n, r) => n + (r.fixed ?? 0), 0);
  const fixedText = results.some((r) => r.fixed !== undefined) ? `, ${fixed} fixes applied` : '';
  return `${plural(results.length, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('information'), 'info')}${fixedText}\n`;
}

async function checkFile(file: string, tables: CodeTables, args: Args): Promise<FileResult> {
  const { text, bom } = await readClaimFile(file);
  const diagnostics = new ClaimDocument(text).check(tables, args.options);
  if (!args.fix) return { file, diagnostics };
  if (diagnostics.some((d) => d.id === 'syntax')) {
    return { file, diagnostics, fixed: 0, error: 'not fixed: the file has syntax errors; fix those first' };
  }
  const result = fixAll(text, tables, args.options);
  if (result.text !== text) await writeAtomically(file, (bom ? BOM : '') + result.text);
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
  const files: string[] = [];
  let unreadable = false;
  for (const target of args.paths) {
    try {
      await collectFiles(path.resolve(io.cwd, target), files);
    } catch (error) {
      io.stderr(`claimcheck: cannot read ${target}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}\n`);
      unreadable = true;
    }
  }
  const tables = loadTables();
  const results: FileResult[] = [];
  for (const absolute of files) {
    const file = path.relative(io.cwd, absolute) || absolute;
    try {
      const result = await checkFile(absolute, tables, args);
      results.push({ ...result, file });
      if (result.error) io.stderr(`claimcheck: ${file}: ${result.error}\n`);
    } catch (error) {
      io.stderr(`claimcheck: cannot read ${file}: ${(error as Error).message}\n`);
      unreadable = true;
    }
  }
  if (files.length === 0 && !unreadable) io.stderr('claimcheck: no .claim files found\n');
  if (args.format === 'text') {
    io.stdout(formatText(results));
    io.stderr(summary(results));
  } else if (args.format === 'json') {
    io.stdout(formatJson(results));
  } else {
    io.stdout(JSON.stringify(formatSarif(results, tables, VERSION), null, 2) + '\n');
  }
  if (unreadable) return 2;
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

declare const CLAIMCHECK_VERSION: string | undefined;
const VERSION = typeof CLAIMCHECK_VERSION === 'string' ? CLAIMCHECK_VERSION : '0.1.0';
