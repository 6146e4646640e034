// The engine's document: incremental edits give what a full check of the same text gives, and
// every quick fix removes its diagnostic without losing any other character of the text.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ClaimDocument, checkText } from '../../server/src/engine/check';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { fixAll } from '../../server/src/engine/fixes/fixAll';
import { loadTables } from '../../server/src/engine/tables';
import type { ClaimDiagnostic, Position } from '../../server/src/engine/types';

const tables = loadTables();
const ROOT = join(__dirname, '..', '..');
const mistakes = readFileSync(join(ROOT, 'examples', 'mistakes.claim'), 'utf8');

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split(/\r\n|\r|\n/).length - 1;
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line, character: offset - lastBreak - 1 };
}

const key = (d: ClaimDiagnostic) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.id} ${d.message}`;

for (const [name, eol] of [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
] as const) {
  test(`300 random edits (${name}): incremental text and diagnostics equal a full check`, () => {
    const next = random(eol.length);
    let text = mistakes.replace(/\n/g, eol);
    const document = new ClaimDocument(text);
    document.check(tables);
    const pieces = ['J9039', '-JW', '-JZ', ' units=40', ' dose=180mg', eol, `${eol}  J9037 units=360 dose=180mg vial=2x100mg`, 'claim X-1 payer=medicare dos=2025-01-15 dx=C90.00', '# note', '', 'é', '\t'];
    for (let i = 0; i < 300; i++) {
      let start = Math.floor(next() * (text.length + 1));
      let end = Math.min(text.length, start + Math.floor(next() * 12));
      // Never split a CRLF pair: editors do not place a position between \r and \n.
      if (text[start - 1] === '\r' && text[start] === '\n') start--;
      if (text[end - 1] === '\r' && text[end] === '\n') end++;
      const inserted = pieces[Math.floor(next() * pieces.length)];
      const range = { start: positionAt(text, start), end: positionAt(text, end) };
      document.update({ range, text: inserted });
      text = text.slice(0, start) + inserted + text.slice(end);
      assert.equal(document.text, text, `edit ${i}`);
      if (i % 10 === 0 || i === 299) {
        assert.deepEqual(document.check(tables).map(key), checkText(text, tables).map(key), `edit ${i}`);
      }
    }
  });
}

test('duplicate claim ids after each edit: kept while nothing they depend on changes, made again when it does', () => {
  const claim = (id: string) => `claim ${id} payer=medicare dos=2025-01-15 dx=C90.00\n  J9039-JZ units=28 dose=28mcg\n`;
  let text = ['Z', 'A', 'B', 'A', 'C', 'B', 'A'].map(claim).join('\n');
  const document = new ClaimDocument(text);
  const at = (line: number, character = 0): Position => ({ line, character });
  const edits: Array<{ range: { start: Position; end: Position }; text: string }> = [
    { range: { start: at(1, 2), end: at(1, 2) }, text: ' ' }, // inside claim Z: nothing moves
    { range: { start: at(1), end: at(1) }, text: '\n' }, // Enter in claim Z: the repeats below move, and the lines they name
    { range: { start: at(10, 6), end: at(10, 7) }, text: 'C' }, // the second A becomes a C
    { range: { start: at(7, 6), end: at(7, 7) }, text: 'D' }, // the first B becomes a D: B is no longer repeated
    { range: { start: at(13), end: at(13) }, text: '# claims-disable-next-line duplicate-claim-id\n' }, // the repeated C is silenced
  ];
  const duplicates = (d: ClaimDocument) => d.check(tables).filter((x) => x.id === 'duplicate-claim-id').map(key);
  const found: string[][] = [];
  for (const edit of edits) {
    document.update(edit);
    text = document.text;
    const expected = checkText(text, tables).filter((x) => x.id === 'duplicate-claim-id').map(key);
    assert.deepEqual(duplicates(document), expected, JSON.stringify(edit));
    found.push(expected);
  }
  // What is found changes with every edit but the first: a cache that kept it would fail above.
  assert.deepEqual(found.slice(1).map((f, i) => JSON.stringify(f) !== JSON.stringify(found[i])), [true, true, true, true]);
  assert.deepEqual(found.map((f) => f.length), [3, 3, 3, 2, 1]);
});

function fixtureTexts(): Array<[string, string]> {
  const dir = join(ROOT, 'test', 'fixtures', 'rules');
  return [
    ['examples/mistakes.claim', mistakes],
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.claim'))
      .map((f): [string, string] => [f, readFileSync(join(dir, f), 'utf8')]),
  ];
}

test('every quick fix removes its diagnostic and keeps every other character', () => {
  let checked = 0;
  for (const [name, text] of fixtureTexts()) {
    for (const diagnostic of checkText(text, tables)) {
      for (const fix of diagnostic.fixes) {
        const fixed = applyEdits(text, fix.edits);
        const after = checkText(fixed, tables);
        const { line, character } = diagnostic.range.start;
        // Fixes edit the flagged token or insert below it, so the token keeps its position.
        const still = after.filter((d) => d.id === diagnostic.id && d.range.start.line === line && d.range.start.character === character);
        assert.equal(still.length, 0, `${name}:${line + 1} "${fix.title}" left ${diagnostic.id}: ${still.map((d) => d.message).join('; ')}`);
        // Lossless: undoing the edits' replacement text gives back the original length, and
        // every comment of the original survives.
        const delta = fix.edits.reduce((n, e) => n + e.newText.length, 0);
        assert.ok(fixed.length <= text.length + delta, `${name}: "${fix.title}" grew more than it inserted`);
        for (const comment of text.match(/#[^\n]*/g) ?? []) assert.ok(fixed.includes(comment.trimEnd()), `${name}: "${fix.title}" lost "${comment}"`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 20, `only ${checked} fixes exercised`);
});

test('fix all on the mistakes example applies the preferred fixes and leaves none on offer', () => {
  const result = fixAll(mistakes, tables);
  assert.ok(result.applied >= 5, `applied ${result.applied}`);
  assert.equal(result.remaining.filter((d) => d.fixes.some((f) => f.preferred)).length, 0);
  assert.equal(fixAll(result.text, tables).applied, 0, 'a second run finds nothing to fix');
  for (const comment of mistakes.match(/#[^\n]*/g) ?? []) assert.ok(result.text.includes(comment.trimEnd()), `lost "${comment}"`);
});
