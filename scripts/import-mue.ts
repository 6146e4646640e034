// Imports a CMS MUE table a user downloaded (practitioner, outpatient hospital or DME supplier
// services, CSV) into server/data/mue-cms.json, which the engine reads beside the curated
// server/data/mue.json; the CMS values win code by code.
//   npx tsx scripts/import-mue.ts <MCR_MUE_*.csv> [release]
// A file with any malformed row is refused as a whole: nothing from it is written.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseMueCsv } from '../server/src/engine/data/mueImport';
import { MUE_IMPORT_FILE } from '../server/src/engine/tables';

export function importMue(file: string, release: string | undefined, dataDir: string): { written: string; limits: number } {
  const parsed = parseMueCsv(readFileSync(file, 'latin1'), basename(file), release);
  if (parsed.problems.length > 0) {
    const shown = parsed.problems.slice(0, 5).map((p) => `${basename(file)} ${p}`);
    throw new Error(shown.join('\n') + (parsed.problems.length > 5 ? `\nand ${parsed.problems.length - 5} more problems` : '') + '\nnothing was imported');
  }
  const table = {
    description: `CMS ${parsed.table} MUE table imported by scripts/import-mue.ts from ${basename(file)}. Do not edit by hand.`,
    sources: [{ id: 'mue-cms', title: `CMS ${parsed.table} MUE table`, file: basename(file), release }],
    limits: parsed.limits,
  };
  const written = join(dataDir, MUE_IMPORT_FILE);
  writeFileSync(written, `${JSON.stringify({ ...table, limits: undefined }, null, 2).replace(/\n}$/, '')},\n  "limits": [\n${parsed.limits.map((l) => `    ${JSON.stringify(l)}`).join(',\n')}\n  ]\n}\n`);
  return { written, limits: parsed.limits.length };
}

if (require.main === module) {
  const [file, release] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx scripts/import-mue.ts <MUE table .csv> [release, e.g. 2026-01]');
    process.exit(2);
  }
  try {
    const { written, limits } = importMue(file, release, join(__dirname, '..', 'server', 'data'));
    console.log(`wrote ${written}: ${limits} MUE limits`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
