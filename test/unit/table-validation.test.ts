// The code tables are read from the package's own folder only and checked row by row on load:
// a bad HCPCS row refuses the required table (naming the file and row); a broken optional table
// (drug facts, ICD-10-CM, CPT modifiers) is left out with a recorded problem and the rest loads.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkText, ClaimDocument } from '../../server/src/engine/check';
import { dataDirFor, defaultDataDir, loadTables, tableInfo } from '../../server/src/engine/tables';

const ROOT = join(__dirname, '..', '..');
const DATA = join(ROOT, 'server', 'data');
const HCPCS = JSON.parse(readFileSync(join(DATA, 'hcpcs.json'), 'utf8')) as { codes: Array<Record<string, unknown>>; modifiers: Array<Record<string, unknown>> };
const J9039_ROW = HCPCS.codes.findIndex((c) => c.code === 'J9039') + 1;

const scratchDirs: string[] = [];
after(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of server/data (as <tmp>/server/data) with some files replaced by `files` (raw text). */
function dataDir(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'claimcheck-tables-'));
  scratchDirs.push(root);
  const dir = join(root, 'server', 'data');
  cpSync(DATA, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** hcpcs.json with J9039's row changed by `edit`, as JSON text ('1e999' is how JSON spells Infinity). */
function hcpcsWithJ9039(edit: (row: Record<string, unknown>) => void): string {
  const copy = structuredClone(HCPCS);
  edit(copy.codes.find((c) => c.code === 'J9039')!);
  return JSON.stringify(copy);
}

test('the data folder follows the layout: server/src/engine → server/data, <package>/dist → <package>/server/data', () => {
  assert.equal(defaultDataDir(), DATA);
  assert.equal(dataDirFor('/opt/ext/server/src/engine'), '/opt/ext/server/data');
  assert.equal(dataDirFor('/opt/ext/dist'), '/opt/ext/server/data');
  // Never a data/ folder outside the package, whatever exists there.
  assert.notEqual(dataDirFor('/opt/ext/dist'), '/opt/data');
});

test('the bundled tables pass every row check and record no problem', () => {
  const tables = loadTables();
  assert.deepEqual(tables.problems, []);
  assert.deepEqual(tableInfo(tables).problems, []);
});

test('a HCPCS row with a bad billing unit, code or date refuses the whole table, naming the file and row', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['amount 0', hcpcsWithJ9039((r) => ((r.unit as Record<string, unknown>).amount = 0)), new RegExp(`server/data/hcpcs\\.json row ${J9039_ROW} \\(J9039\\): billing unit amount 0 is not a positive number`)],
    ['negative amount', hcpcsWithJ9039((r) => ((r.unit as Record<string, unknown>).amount = -1)), /row \d+ \(J9039\): billing unit amount -1 is not a positive number/],
    ['missing amount', hcpcsWithJ9039((r) => delete (r.unit as Record<string, unknown>).amount), /row \d+ \(J9039\): billing unit amount missing is not a positive number/],
    ['amount as text', hcpcsWithJ9039((r) => ((r.unit as Record<string, unknown>).amount = '1')), /row \d+ \(J9039\): billing unit amount "1" is not a positive number/],
    // JSON has no Infinity, but 1e999 parses to it.
    ['infinite amount', hcpcsWithJ9039((r) => ((r.unit as Record<string, unknown>).amount = 12345)).replace('"amount":12345', '"amount":1e999'), /row \d+ \(J9039\): billing unit amount Infinity is not a positive number/],
    ['unknown unit', hcpcsWithJ9039((r) => ((r.unit as Record<string, unknown>).unit = 'kg')), /row \d+ \(J9039\): billing unit "kg" is not one of mcg, mg, g, ml, units/],
    ['malformed code', hcpcsWithJ9039((r) => (r.code = 'J903')), /row \d+ \(J903\): malformed code "J903"/],
    ['impossible date', hcpcsWithJ9039((r) => (r.added = '2025-02-30')), /row \d+ \(J9039\): added date "2025-02-30" is not a date/],
    ['duplicate code', JSON.stringify({ ...HCPCS, codes: [...HCPCS.codes, HCPCS.codes[J9039_ROW - 1]] }), /row \d+ \(J9039\): code J9039 is listed twice/],
    ['bad modifier', JSON.stringify({ ...HCPCS, modifiers: [...HCPCS.modifiers, { code: 'JWX', long: 'x', short: 'x' }] }), /modifier row \d+ \(JWX\): malformed modifier/],
    ['not JSON', '{"codes": [', /server\/data\/hcpcs\.json: not valid JSON/],
    ['no rows', JSON.stringify({ ...HCPCS, codes: [] }), /codes is not a non-empty list/],
  ];
  for (const [name, text, expected] of cases) {
    const dir = dataDir({ 'hcpcs.json': text });
    assert.throws(() => loadTables(dir), expected, name);
  }
});

test('many bad rows are listed five at a time with a count of the rest', () => {
  const copy = structuredClone(HCPCS);
  copy.codes.filter((c) => c.unit).slice(0, 8).forEach((c) => ((c.unit as Record<string, unknown>).amount = 0));
  assert.throws(() => loadTables(dataDir({ 'hcpcs.json': JSON.stringify(copy) })), /; and 3 more problems$/);
});

test('an unreadable HCPCS table refuses to load with the file named', () => {
  const dir = dataDir();
  rmSync(join(dir, 'hcpcs.json'));
  assert.throws(() => loadTables(dir), /server\/data\/hcpcs\.json: the file is missing/);
});

test('a broken drug-facts table turns off container, indication and brand checks only', () => {
  const good = loadTables();
  const tables = loadTables(dataDir({ 'drug-facts.json': '{ "drugs": [ not json' }));
  assert.equal(tables.problems!.length, 1);
  assert.match(tables.problems![0], /^server\/data\/drug-facts\.json: not valid JSON .*The table is not used: container types \(JW\/JZ\), labelled indications and brand names are not checked\.$/);
  assert.equal(tables.drugFacts.size, 0);
  assert.equal(tables.hcpcs.size, good.hcpcs.size);
  assert.equal(tables.icd10.size, good.icd10.size);
  // The billing-unit arithmetic still runs.
  const text = 'claim C-1 payer=medicare dos=2025-01-15 dx=C91.00\n  J9039 units=280 dose=28mcg\n';
  assert.ok(checkText(text, tables).some((d) => d.id === 'units-mismatch'));
});

test('bad rows in an optional table are named and the table is left out', () => {
  const facts = JSON.parse(readFileSync(join(DATA, 'drug-facts.json'), 'utf8'));
  facts.drugs[0].container = 'single-use';
  const icd = JSON.parse(readFileSync(join(DATA, 'icd10cm.json'), 'utf8'));
  icd.codes['C91.00'] = 'dotted';
  const tables = loadTables(dataDir({ 'drug-facts.json': JSON.stringify(facts), 'icd10cm.json': JSON.stringify(icd) }));
  assert.equal(tables.problems!.length, 2, tables.problems!.join('\n'));
  assert.match(tables.problems![0], /^server\/data\/drug-facts\.json row 1 \(J9039\): container "single-use" is not single-dose, multi-dose or mixed\./);
  assert.match(tables.problems![1], /^server\/data\/icd10cm\.json code C91\.00: malformed ICD-10-CM code.*diagnoses are checked for their form only and shown without descriptions/);
  assert.equal(tables.drugFacts.size, 0);
  assert.equal(tables.icd10.size, 0);
  assert.ok(tables.hcpcs.has('J9039'));
});

test('without the CPT modifier table, CPT modifiers are not reported unknown; HCPCS modifiers still are', () => {
  const tables = loadTables(dataDir({ 'cpt-modifiers.json': '[]' }));
  assert.equal(tables.problems!.length, 1);
  assert.match(tables.problems![0], /^server\/data\/cpt-modifiers\.json: modifiers is not a list\. The table is not used: CPT modifiers \(such as 59\) are not checked\.$/);
  assert.ok(tables.modifiers.has('JW') && !tables.modifiers.has('59'));
  const text = 'claim C-1 payer=commercial dos=2025-01-15 dx=C34.90\n  96413-59 units=1\n  96413-ZZ units=1\n';
  const unknown = (t: typeof tables) => new ClaimDocument(text).check(t).filter((d) => d.id === 'unknown-modifier').map((d) => d.range.start.line);
  assert.deepEqual(unknown(tables), [2]);
  // With the table, 59 is known and ZZ still is not.
  assert.deepEqual(unknown(loadTables()), [2]);
  assert.ok(loadTables().modifiers.has('59'));
});

test('a missing optional table is recorded as a problem, not ignored', () => {
  const dir = dataDir();
  rmSync(join(dir, 'icd10cm.json'));
  const tables = loadTables(dir);
  assert.deepEqual(tables.problems!.map((p) => p.split(':')[0]), ['server/data/icd10cm.json']);
  assert.match(tables.problems![0], /the file is missing/);
});
