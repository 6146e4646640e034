// Per-day limits and repeats in long claims: a claim of more than a few dozen lines keeps its
// lines by code and date instead of comparing each with every line above (rules/limits.ts). Both
// ways must find the same repeats and the same MUE totals.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkText } from '../../server/src/engine/check';
import { readFixture } from '../helpers/fixtures';

const fixture = readFixture(join(__dirname, '..', 'fixtures', 'rules', 'limits.claim'));
const LIMIT_IDS = ['duplicate-line', 'mue-exceeded'];

function limitFindings(text: string, lastLine: number): string[] {
  return checkText(text, fixture.tables, fixture.options)
    .filter((d) => LIMIT_IDS.includes(d.id) && d.range.start.line <= lastLine)
    .map((d) => `${d.range.start.line}:${d.range.start.character} ${d.id} ${d.message}`);
}

test('a claim padded past 32 lines finds the same repeats and MUE totals as the short claim', () => {
  const lines = fixture.text.split('\n');
  // Forty lines of other codes on other dates after each claim's own lines: nothing to repeat or add up.
  const padding = Array.from({ length: 40 }, (_, i) => `  J9045 units=1 dos=2025-${i < 28 ? '03' : '04'}-${String((i % 28) + 1).padStart(2, '0')}`);
  const padded: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && /^\s*claim /.test(lines[i])) padded.push(...padding);
    padded.push(lines[i]);
  }
  padded.push(...padding);
  const short = limitFindings(fixture.text, lines.length);
  assert.ok(short.length >= 4, short.join('\n'));
  // The same findings, on the padded file's line numbers.
  const moved = (line: number) => {
    let before = 0;
    for (let i = 1; i <= line; i++) if (/^\s*claim /.test(lines[i])) before++;
    return line + before * padding.length;
  };
  const expected = short.map((f) => f.replace(/^(\d+)/, (n) => String(moved(Number(n)))).replace(/line (\d+)/g, (_, n) => `line ${moved(Number(n) - 1) + 1}`));
  assert.deepEqual(limitFindings(padded.join('\n'), padded.length), expected);
});

test('in a long claim a repeat names the first line of its code, modifiers and date, however far above', () => {
  const text = [
    'claim CLM-1 payer=commercial dos=2025-01-15 dx=C91.00',
    '  J9039-JZ units=28 dose=28mcg',
    ...Array.from({ length: 40 }, (_, i) => `  J9045 units=1 dos=2025-02-${String((i % 28) + 1).padStart(2, '0')}`),
    '  J9039-JZ units=28 dose=28mcg',
    '  J9039-JZ units=28 dose=28mcg dos=2025-01-16',
  ].join('\n');
  const repeats = checkText(text, fixture.tables).filter((d) => d.id === 'duplicate-line');
  const atLine = (line: number) => repeats.filter((d) => d.range.start.line === line).map((d) => d.message);
  assert.deepEqual(atLine(42), ['J9039-JZ is already billed on line 2 for 2025-01-15; combine the units on one line']);
  assert.deepEqual(atLine(43), []);
  // The padding repeats itself on the 12 dates it uses twice (lines 30–41 repeat lines 2–13).
  assert.equal(repeats.length, 1 + 12);
});
