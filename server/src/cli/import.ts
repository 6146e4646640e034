// `claimcheck import <file>…`: makes one code-table file from the CMS files a billing office
// downloads each quarter (recognised by their content), for the workspace config to list under
// "tables"; and `claimcheck --tables`: what the checks read, with releases and counts.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { IMPORT_KIND_NAMES, formatTablePack, importTables } from '../engine/data/importTables';
import { tableInfo } from '../engine/tables';
import type { CodeTables } from '../engine/types';
import type { CliIo } from './run';

const IMPORT_USAGE = `usage: claimcheck import <files> [--out tables.json] [--lenient]

Recognises each file by its content: a CMS HCPCS quarterly file (fixed width), the ASP
NDC-HCPCS crosswalk, the ASP payment-limit file, an ICD-10-CM codes (or order) file, a CMS MUE
table (CSV). Writes one code-table file (default claimcheck-tables.json); list it under
"tables" in .claimcheck.json and it is read over the bundled tables, code by code.
A file with any record that cannot be read is refused, naming the line and field, and nothing
is written; --lenient leaves such records out instead and lists each.
`;

export async function runImport(argv: string[], io: CliIo): Promise<number> {
  let out = 'claimcheck-tables.json';
  let lenient = false;
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      io.stdout(IMPORT_USAGE);
      return 0;
    }
    if (arg === '--lenient') lenient = true;
    else if (arg === '--out' || arg.startsWith('--out=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value) {
        io.stderr(`claimcheck import: --out needs a file\n${IMPORT_USAGE}`);
        return 2;
      }
      out = value;
    } else if (arg.startsWith('-')) {
      io.stderr(`claimcheck import: unknown option '${arg}'\n${IMPORT_USAGE}`);
      return 2;
    } else inputs.push(arg);
  }
  if (inputs.length === 0) {
    io.stderr(`claimcheck import: no files given\n${IMPORT_USAGE}`);
    return 2;
  }
  const files: Array<{ name: string; text: string }> = [];
  for (const input of inputs) {
    try {
      // The CMS files are Latin-1 (the fixed-width HCPCS file) or ASCII.
      files.push({ name: path.basename(input), text: await fs.readFile(path.resolve(io.cwd, input), 'latin1') });
    } catch (error) {
      io.stderr(`claimcheck import: cannot read ${input}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}\n`);
      return 2;
    }
  }
  const result = importTables(files, { lenient });
  if (!result.ok) {
    for (const problem of result.problems.slice(0, 20)) io.stderr(`claimcheck import: ${problem}\n`);
    if (result.problems.length > 20) io.stderr(`claimcheck import: and ${result.problems.length - 20} more problems\n`);
    io.stderr(`claimcheck import: nothing was written${lenient ? '' : ' (--lenient leaves unreadable records out)'}\n`);
    return 2;
  }
  for (const skipped of result.skipped) io.stderr(`claimcheck import: left out: ${skipped}\n`);
  const target = path.resolve(io.cwd, out);
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, formatTablePack(result.pack));
  } catch (error) {
    io.stderr(`claimcheck import: cannot write ${out}: ${(error as Error).message}\n`);
    return 2;
  }
  for (const file of result.files) io.stdout(`${file.file}: ${IMPORT_KIND_NAMES[file.kind]}, release ${file.release}, ${file.records} records\n`);
  io.stdout(`wrote ${out}; list it under "tables" in .claimcheck.json\n`);
  return 0;
}

/** What `claimcheck --tables` prints: the tables the checks read, their releases and counts. */
export function describeTables(tables: CodeTables, configFile: string | undefined): string {
  const info = tableInfo(tables);
  const lines = [
    `release: ${info.release}`,
    configFile ? `config: ${configFile}` : 'config: none (no .claimcheck.json at or above this folder)',
    `HCPCS codes: ${info.codes} (${info.drugCodes} drug codes, ${(info.unitParsedShare * 100).toFixed(1)}% with a billing unit)`,
    `modifiers: ${info.modifiers}`,
    `ICD-10-CM codes and headers: ${info.icd10Codes}`,
    `drugs with curated facts: ${info.drugFacts}`,
    `NDCs: ${info.ndcs}${tables.aspQuarter ? ` (ASP ${tables.aspQuarter.from} to ${tables.aspQuarter.to})` : ''}`,
    `payment limits: ${info.paymentLimits}`,
    `MUE limits: ${info.mueLimits}`,
    'sources:',
    ...info.sources.map((s) => `  ${s.id}: ${s.title}${s.release ? ` (${s.release})` : ''}${s.file ? ` [${s.file}]` : ''}`),
    ...info.problems.map((p) => `problem: ${p}`),
  ];
  return `${lines.join('\n')}\n`;
}
