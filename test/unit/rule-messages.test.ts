// The diagnostics of the rule fixtures beyond range, id and severity (rules.test.ts checks those):
// every one has a message that says something, every fix has a title and an edit, and each fix
// the spec names is offered somewhere in the fixtures with the spec's title.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkText } from '../../server/src/engine/check';
import { isEffectiveOn } from '../../server/src/engine/drugs';
import { suggestCodes } from '../../server/src/engine/rules/codes';
import { loadTables } from '../../server/src/engine/tables';
import { SPEC_FIX_TITLES, readFixture } from '../helpers/fixtures';

const FIXTURES = join(__dirname, '..', 'fixtures', 'rules');


const found = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.claim'))
  .sort()
  .flatMap((file) => {
    const fixture = readFixture(join(FIXTURES, file));
    return checkText(fixture.text, fixture.tables, fixture.options).map((d) => ({ file, d, line: fixture.text.split('\n')[d.range.start.line] }));
  });

test('every diagnostic of the fixtures has a message of some words, and every fix a title and an edit', () => {
  assert.ok(found.length > 50, `${found.length} diagnostics`);
  for (const { file, d, line } of found) {
    const where = `${file}:${d.range.start.line + 1} ${d.id}`;
    assert.ok(d.message.trim().split(/\s+/).length >= 4, `${where}: message "${d.message}"`);
    assert.doesNotMatch(d.message, /undefined|NaN|\[object/, `${where}: ${d.message}`);
    for (const fix of d.fixes) {
      assert.ok(fix.title.trim().length > 3, `${where}: fix title "${fix.title}"`);
      assert.ok(fix.edits.length > 0, `${where}: "${fix.title}" has no edit`);
    }
  }
});

test('each fix the spec names is offered in the fixtures, with the spec’s title', () => {
  const offered = found.flatMap(({ d }) => d.fixes.map((f) => `${d.id}: ${f.title}`));
  for (const [id, title] of SPEC_FIX_TITLES) {
    assert.ok(offered.some((s) => s.startsWith(`${id}: `) && title.test(s.slice(id.length + 2))), `no ${id} fix titled ${title}; offered:\n  ${[...new Set(offered)].join('\n  ')}`);
  }
});

test('messages name what they are about: the code for code and drug rules, the value for value rules', () => {
  for (const { file, d, line } of found) {
    const token = line.slice(d.range.start.character, d.range.end.character);
    const where = `${file}:${d.range.start.line + 1} ${d.id}`;
    if (['units-mismatch', 'missing-jw-jz', 'jw-units-mismatch', 'jw-without-administered-line', 'code-not-effective', 'drug-code-mismatch', 'dx-not-indicated', 'duplicate-line'].includes(d.id)) {
      const code = /[A-Za-z][0-9]{4}/.exec(line.trim())?.[0]?.toUpperCase();
      assert.ok(code && d.message.toUpperCase().includes(code), `${where}: "${d.message}" names ${code}`);
    }
    if (d.id === 'invalid-icd10' || d.id === 'unknown-field') assert.ok(d.message.includes(token.replace(/=.*/, '')), `${where}: "${d.message}" names ${token}`);
  }
});

test('code suggestions: at most three, the drug named on the line first, only codes valid on the date', () => {
  const tables = loadTables();
  const byDrug = suggestCodes('J9403', 'blinatumomab', '2025-01-15', tables);
  assert.equal(byDrug[0], 'J9039');
  assert.equal(byDrug.length, 3, byDrug.join(', '));
  for (const [code, dos] of [['J9399', '2024-03-15'], ['J9311', '2015-01-01'], ['J9311', undefined]] as const) {
    const suggestions = suggestCodes(code, undefined, dos, tables);
    assert.ok(suggestions.length > 0 && suggestions.length <= 3, `${code}: ${suggestions}`);
    assert.equal(new Set(suggestions).size, suggestions.length);
    for (const s of suggestions) {
      const entry = tables.hcpcs.get(s)!;
      assert.ok(dos ? isEffectiveOn(entry, dos) : !entry.terminated, `${s} valid for ${dos ?? 'no date'}`);
    }
  }
  // J9310 (terminated 2018-12-31) is one digit from J9311: never offered without a date.
  assert.ok(!suggestCodes('J9311', undefined, undefined, tables).includes('J9310'));
});
