// Fixes are statements about money. The five ways fix-all once changed what was billed
// (issue 7), kept as named regression tests, and the safety gate every preferred fix passes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ClaimDocument, checkText } from '../../server/src/engine/check';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { confirmedFixes, fixAll } from '../../server/src/engine/fixes/fixAll';
import { lineOrigins } from '../../server/src/engine/fixes/safety';
import { loadTables } from '../../server/src/engine/tables';
import { DEFAULT_OPTIONS, type ClaimDiagnostic } from '../../server/src/engine/types';

const tables = loadTables();
const header = (dos = '2025-01-15', dx = 'C90.00') => `claim C1 payer=medicare dos=${dos} dx=${dx}\n`;

function preferredTitles(text: string, id: string): string[] {
  return checkText(text, tables)
    .filter((d) => d.id === id)
    .flatMap((d) => d.fixes.filter((f) => f.preferred).map((f) => f.title));
}

function blocking(diagnostics: ClaimDiagnostic[]): string[] {
  return diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.id}@${d.range.start.line}`);
}

test('1. fix-all never bills waste of the drug a code change replaced (belinostat under J9037)', () => {
  const text = header('2025-01-16', 'C84.40') + '  J9037-JZ units=180 dose=1800mg vial=4x500mg drug=belinostat\n';
  // The code is in doubt (drug= names belinostat), so nothing computed from J9037 is preferred.
  assert.deepEqual(preferredTitles(text, 'jz-with-waste'), []);
  assert.deepEqual(preferredTitles(text, 'units-mismatch'), []);
  assert.deepEqual(preferredTitles(text, 'drug-code-mismatch'), ['Change code to J9032 (Injection, belinostat, 10mg)']);
  const fixed = fixAll(text, tables).text;
  assert.equal(fixed, header('2025-01-16', 'C84.40') + '  J9032 units=180 dose=1800mg vial=4x500mg drug=belinostat\n  J9032-JW units=20\n');
  assert.doesNotMatch(fixed, /J9037/);
});

test('1b. a code change is not preferred when the billed units were computed for the old code', () => {
  // 360 units is 180 mg of J9037 (0.5 mg); under J9032 (10 mg) the same units would bill 3,600 mg.
  const text = header() + '  J9037 units=360 dose=180mg drug=belinostat\n';
  const mismatch = checkText(text, tables).find((d) => d.id === 'drug-code-mismatch')!;
  assert.ok(mismatch.fixes.length > 0);
  assert.ok(mismatch.fixes.every((f) => !f.preferred));
  assert.equal(fixAll(text, tables).applied, 0);
});

test('2. computed units are bounded: no fix writes 1e+23, Infinity or 0 units', () => {
  const hugeText = header() + '  J9037 units=1 dose=99999999999999999999999mcg\n';
  const huge = checkText(hugeText, tables);
  const units = huge.find((d) => d.id === 'units-mismatch')!;
  assert.match(units.message, /more than 999999 units/);
  assert.deepEqual(units.fixes, []);

  const infinite = header() + `  J9037 units=1 dose=${'9'.repeat(400)}mg vial=1x100mg\n`;
  const invalid = checkText(infinite, tables).filter((d) => d.id === 'invalid-value');
  assert.deepEqual(invalid.map((d) => d.message), [`dose '${'9'.repeat(39)}…' is not a finite amount`]);
  assert.doesNotMatch(fixAll(infinite, tables).text, /Infinity|NaN/);

  // A tiny dose is still a dose: it rounds up to one unit, never down to zero.
  const tiny = header() + '  J9037-JZ units=1 dose=0.0000000000001mg\n';
  assert.deepEqual(checkText(tiny, tables).filter((d) => d.id === 'units-mismatch'), []);
  for (const sample of [hugeText, infinite, tiny]) {
    assert.doesNotMatch(fixAll(sample, tables).text, /units=(0|Infinity|NaN|[0-9.]+e\+?[0-9]+)\b/);
  }
});

test('3. an inserted JW line carries its line’s own date, diagnosis pointers and NDC', () => {
  const text =
    header('2025-01-15', 'C90.00,C84.40') + '  J9037 units=360 dose=180mg vial=2x100mg dx=2 dos=2025-01-16 ndc=00173-0896-01\n';
  const fixed = fixAll(text, tables).text;
  assert.match(fixed, /\n  J9037-JW units=40 dos=2025-01-16 dx=2 ndc=00173-0896-01\n$/);
  // Under the header's own date and first diagnosis, the JW line stays short.
  const plain = fixAll(header() + '  J9037 units=360 dose=180mg vial=2x100mg dos=2025-01-15 dx=1\n', tables).text;
  assert.match(plain, /\n  J9037-JW units=40\n$/);
});

test('4. code suggestions respect the date of service', () => {
  // J9037 took effect 2021-04-01: on 2016-12-01 it is neither suggested nor applied.
  const early = header('2016-12-01') + '  J9999 units=360 dose=180mg drug=belantamab-mafodotin\n';
  const mismatch = checkText(early, tables).find((d) => d.id === 'drug-code-mismatch')!;
  assert.deepEqual(mismatch.fixes, []);
  assert.match(mismatch.message, /not valid on 2016-12-01: J9037 .*valid from 2021-04-01/);
  assert.equal(fixAll(early, tables).text, early);

  // A typo J9037 → J9038 (axatilimab, 0.1 mg, from 2025-04-01): no fix rewrites units or adds waste.
  const typo = header() + '  J9038 units=360 dose=180mg vial=2x100mg\n';
  const units = checkText(typo, tables).find((d) => d.id === 'units-mismatch')!;
  assert.match(units.message, /360 units is exactly the dose under J9037/);
  assert.equal(fixAll(typo, tables).text, typo);
  // The same typo on a date when J9038 is valid (and J9037, terminated 2025-03-31, is not): the
  // units still fit J9037, so nothing is preferred.
  const later = header('2025-06-02') + '  J9038 units=360 dose=180mg vial=2x100mg\n';
  assert.equal(fixAll(later, tables).text, later);
});

test('5. fix-all reaches its fixed point in one run, and Remove JZ removes every JZ', () => {
  const twelve = header() + `  J9045${'-JZ'.repeat(12)} units=8 dose=400mg\n`;
  const once = fixAll(twelve, tables);
  assert.equal(once.text, header() + '  J9045 units=8 dose=400mg\n');
  assert.equal(fixAll(once.text, tables).applied, 0);

  const duplicated = header() + '  J9039-JZ-JW-JZ units=28 dose=28mcg vial=1x35mcg\n';
  const conflict = checkText(duplicated, tables).find((d) => d.id === 'jw-jz-conflict')!;
  const removeJz = conflict.fixes.find((f) => f.title === 'Remove JZ')!;
  const after = applyEdits(duplicated, removeJz.edits);
  assert.match(after, /J9039-JW units=28/);
  assert.equal(checkText(after, tables).filter((d) => d.id === 'jw-jz-conflict').length, 0);
  // The administered line with waste loses both and gets its JW line.
  assert.equal(fixAll(duplicated, tables).text, header() + '  J9039 units=28 dose=28mcg vial=1x35mcg\n  J9039-JW units=7\n');
});

test('fix-all on the mistakes example adds no error or warning and changes no untouched line’s billing', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'examples', 'mistakes.claim'), 'utf8');
  const before = checkText(text, tables);
  const result = fixAll(text, tables);
  assert.ok(result.applied > 0);
  const beforeKinds = new Set(blocking(before).map((k) => k.split('@')[0]));
  for (const d of blocking(result.remaining)) assert.ok(beforeKinds.has(d.split('@')[0]), `new finding ${d}`);
  assert.ok(blocking(result.remaining).length < blocking(before).length);
});

test('the gate demotes a preferred fix that would add a finding on another line', () => {
  // Changing the code of the administered line would orphan its JW line (jw-without-administered-line).
  const text = header('2025-01-16', 'C84.40') + '  J9037 units=180 dose=1800mg vial=4x500mg drug=belinostat\n  J9037-JW units=400\n';
  const document = new ClaimDocument(text);
  const mismatch = document.check(tables, DEFAULT_OPTIONS).find((d) => d.id === 'drug-code-mismatch')!;
  assert.ok(mismatch.fixes[0].preferred, 'the rule prefers it on its own line');
  assert.equal(confirmedFixes(document, mismatch, tables, DEFAULT_OPTIONS)[0].preferred, false);
  assert.equal(fixAll(text, tables).text, text);
});

test('lineOrigins maps edited, untouched and inserted lines', () => {
  const insertBelow = { range: { start: { line: 1, character: 5 }, end: { line: 1, character: 5 } }, newText: '\nJW' };
  assert.deepEqual(lineOrigins(3, [insertBelow]), [0, 1, 'inserted', 2]);
  const inLine = { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, newText: 'x' };
  assert.deepEqual(lineOrigins(2, [inLine, insertBelow]), [0, 1, 'inserted']);
});
