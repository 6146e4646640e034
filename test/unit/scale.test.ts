// Editor features on a month of claims stay small and answer only what was asked, and the
// incremental engine gives what a fresh check gives after edits far apart in a large file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClaimDocument } from '../../server/src/engine/check';
import { claimLenses } from '../../server/src/engine/features/codeLens';
import { inlayHints } from '../../server/src/engine/features/inlayHints';
import { foldingRanges } from '../../server/src/engine/features/folding';
import { MAX_SYMBOLS, documentOutline, documentSymbols } from '../../server/src/engine/features/symbols';
import { loadTables } from '../../server/src/engine/tables';
import { month } from '../bench/claims';

const tables = loadTables();
const big = month(50_000).claimText;

test('the outline of a month of claims is capped; a small file lists its lines', () => {
  const file = new ClaimDocument(big).claims();
  assert.ok(file.claims.length > MAX_SYMBOLS);
  const symbols = documentSymbols(file);
  assert.equal(symbols.length, MAX_SYMBOLS);
  assert.ok(symbols.every((s) => s.children.length === 0));
  const small = new ClaimDocument(month(200).claimText).claims();
  const listed = documentSymbols(small);
  assert.equal(listed.length, small.claims.length);
  assert.equal(listed.reduce((n, s) => n + s.children.length, 0), small.claims.reduce((n, c) => n + c.lines.length, 0));
});

test('the outline and folding of a large file, read without its lines’ model, are the model’s, also after edits', () => {
  const document = new ClaimDocument(big);
  const fromModel = (d: ClaimDocument) => ({ symbols: documentSymbols(d.claims()), folds: foldingRanges(d.claims()) });
  const fromOutline = (d: ClaimDocument) => ({ symbols: documentOutline(d), folds: foldingRanges(d.outline()) });
  assert.deepEqual(fromOutline(document), fromModel(new ClaimDocument(big)));
  // Edits far apart: a header's id and payer change, a claim is split, lines come and go.
  const at = (line: number, character = 0) => ({ line, character });
  document.update({ range: { start: at(3), end: at(3) }, text: 'claim SPLIT-1 payer=medicaid dos=2025-01-20 dx=C91.00\n' });
  document.update({ range: { start: at(20_000), end: at(20_004) }, text: '' });
  document.update({ range: { start: at(30_000), end: at(30_000) }, text: '\n\n  J9039 units=1\n' });
  const text = document.text;
  assert.deepEqual(fromOutline(document), fromModel(new ClaimDocument(text)));
  assert.ok(document.outline().some((c) => c.header.id === 'SPLIT-1' && c.header.payer === 'medicaid'));
});

test('inlay hints are made for the requested lines only, and the same as for the whole file there', () => {
  const file = new ClaimDocument(big).claims();
  const range = { start: { line: 20_000, character: 0 }, end: { line: 20_060, character: 0 } };
  const some = inlayHints(file, tables, range);
  assert.ok(some.length > 10);
  assert.ok(some.every((h) => h.position.line >= 20_000 && h.position.line <= 20_060));
  const all = inlayHints(file, tables).filter((h) => h.position.line >= 20_000 && h.position.line <= 20_060);
  assert.deepEqual(some, all);
  // The server reads only the blocks of those lines (claimsIn), not the whole file's model.
  assert.deepEqual(inlayHints(new ClaimDocument(big).claimsIn(20_000, 20_060), tables, range), all);
});

test('code lenses count each claim’s findings (one pass) as a filter per claim would', () => {
  const document = new ClaimDocument(big);
  const diagnostics = document.check(tables);
  const file = document.claims();
  const lenses = claimLenses(file, diagnostics);
  assert.equal(lenses.length, file.claims.length);
  for (let i = 0; i < file.claims.length; i += 97) {
    const claim = file.claims[i];
    const errors = diagnostics.filter((d) => d.severity === 'error' && d.range.start.line >= claim.startLine && d.range.start.line <= claim.endLine).length;
    assert.equal(lenses[i].title.includes(`${errors} error`), errors > 0, `${lenses[i].title} (${errors} errors)`);
  }
});

test('edits far apart in a 50,000-line file leave the diagnostics a fresh check gives, and only the first N are rendered on request', () => {
  const document = new ClaimDocument(big);
  document.check(tables);
  const edits = [
    { range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: '\n\n' },
    { range: { start: { line: 39_000, character: 2 }, end: { line: 39_000, character: 3 } }, text: 'j' },
    { range: { start: { line: 20_001, character: 0 }, end: { line: 20_003, character: 0 } }, text: '' },
  ];
  for (const edit of edits) document.update(edit);
  const fresh = new ClaimDocument(document.text).check(tables);
  assert.deepEqual(document.check(tables), fresh);
  const first = document.checkFirst(tables, undefined, 100);
  assert.equal(first.total, fresh.length);
  assert.deepEqual(first.diagnostics, fresh.slice(0, 100));
  assert.deepEqual(document.checkLines(tables, undefined, 30_000, 30_100), fresh.filter((d) => d.range.start.line >= 30_000 && d.range.start.line <= 30_100));
});
