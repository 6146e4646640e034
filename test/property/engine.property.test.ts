// Properties of the engine over generated documents (see arbitraries.ts). `npm test` runs a few
// hundred cases per property; `npm run fuzz` runs the same properties for a long time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ClaimDocument } from '../../server/src/engine/check';
import { claimLenses } from '../../server/src/engine/features/codeLens';
import { completeAt } from '../../server/src/engine/features/completion';
import { foldingRanges } from '../../server/src/engine/features/folding';
import { formatEdits, formatText } from '../../server/src/engine/features/format';
import { hoverAt } from '../../server/src/engine/features/hover';
import { inlayHints } from '../../server/src/engine/features/inlayHints';
import { documentSymbols } from '../../server/src/engine/features/symbols';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { confirmedFixes, fixAll, fixAllEdits } from '../../server/src/engine/fixes/fixAll';
import { splitLines } from '../../server/src/engine/parser';
import { checkInBlocks } from '../../server/src/engine/stream';
import { loadTables } from '../../server/src/engine/tables';
import { DEFAULT_OPTIONS, type ClaimDiagnostic, type Range } from '../../server/src/engine/types';
import { applyAsEditorLibrary, arbitraryChange, arbitraryClaims, arbitraryDocument, arbitraryPosition, runs } from './arbitraries';

const tables = loadTables();
const options = DEFAULT_OPTIONS;

function check(text: string): ClaimDiagnostic[] {
  return new ClaimDocument(text).check(tables, options);
}

function inDocument(range: Range, lines: { text: string }[]): boolean {
  const ok = (p: { line: number; character: number }) =>
    Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].text.length;
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  return ok(range.start) && ok(range.end) && ordered;
}

const isBlocking = (d: ClaimDiagnostic) => d.severity === 'error' || d.severity === 'warning';

function countsById(diagnostics: ClaimDiagnostic[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of diagnostics.filter(isBlocking)) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
  return counts;
}

function atLine(diagnostics: ClaimDiagnostic[], id: string, line: number): number {
  return diagnostics.filter((d) => d.id === id && d.range.start.line === line).length;
}

const withEol = (text: string) => splitLines(text).map((l) => l.text + l.eol);

test('nothing throws, and every range the engine reports lies in the document', () => {
  fc.assert(
    fc.property(arbitraryDocument, fc.array(arbitraryPosition, { maxLength: 4 }), (text, positions) => {
      const document = new ClaimDocument(text);
      const lines = splitLines(text);
      const diagnostics = document.check(tables, options);
      for (const d of diagnostics) {
        assert.ok(inDocument(d.range, lines), `${d.id} ${JSON.stringify(d.range)}`);
        for (const fix of d.fixes) for (const edit of fix.edits) assert.ok(inDocument(edit.range, lines), `${fix.title} ${JSON.stringify(edit.range)}`);
      }
      const file = document.claims();
      for (const s of documentSymbols(file)) assert.ok(inDocument(s.range, lines));
      foldingRanges(file);
      claimLenses(file, diagnostics).forEach((l) => assert.ok(inDocument(l.range, lines)));
      inlayHints(file, tables).forEach((h) => assert.ok(inDocument({ start: h.position, end: h.position }, lines)));
      for (const position of positions) {
        const hover = hoverAt(document, tables, options, position);
        if (hover?.range) assert.ok(inDocument(hover.range, lines));
        for (const item of completeAt(document, tables, options, position).items) assert.ok(inDocument(item.range, lines));
      }
    }),
    { numRuns: runs(300) },
  );
});

test('every offered fix removes its diagnostic and leaves every other line byte-identical', () => {
  fc.assert(
    fc.property(arbitraryClaims, (text) => {
      const before = withEol(text);
      const parsed = new ClaimDocument(text).lines;
      for (const d of check(text)) {
        for (const fix of d.fixes) {
          const fixed = applyEdits(text, fix.edits);
          const after = withEol(fixed);
          const line = d.range.start.line;
          assert.ok(atLine(check(fixed), d.id, line) < atLine(check(text), d.id, line), `${fix.title} left ${d.id}`);
          // Lines above stay; lines below stay, after any lines the fix inserted.
          assert.deepEqual(after.slice(0, line), before.slice(0, line));
          const below = before.length - line - 1;
          assert.deepEqual(after.slice(after.length - below), before.slice(line + 1));
          // Nothing of the fixed line is lost but what the fix replaces: its comment survives.
          const comment = parsed[line].comment?.text;
          if (comment) assert.ok(fixed.includes(comment), `${fix.title} lost the comment`);
        }
      }
    }),
    { numRuns: runs(200) },
  );
});

test('a preferred fix, as the editor offers it, and fix-all add no error or warning; fix-all reaches a fixed point', () => {
  fc.assert(
    fc.property(arbitraryClaims, (text) => {
      const document = new ClaimDocument(text);
      const diagnostics = document.check(tables, options);
      const counts = countsById(diagnostics);
      for (const d of diagnostics) {
        for (const fix of confirmedFixes(document, d, tables, options).filter((f) => f.preferred)) {
          const after = countsById(check(applyEdits(text, fix.edits)));
          for (const [id, n] of after) assert.ok(n <= (counts.get(id) ?? 0), `${fix.title} added ${id}`);
        }
      }
      const once = fixAll(text, tables, options);
      for (const [id, n] of countsById(once.remaining)) assert.ok(n <= (counts.get(id) ?? 0), `fix-all added ${id}`);
      // Every units= that fix-all wrote is a whole number of billing units in the billable range.
      const written = new Set(text.match(/units=\S*/g) ?? []);
      for (const units of once.text.match(/units=\S*/g) ?? []) {
        if (!written.has(units)) assert.match(units, /^units=[1-9][0-9]{0,5}$/);
      }
      // The editor gets fix-all as edits: they produce the same text.
      assert.equal(applyEdits(text, fixAllEdits(text, tables, options).edits), once.text);
      const twice = fixAll(once.text, tables, options);
      assert.equal(twice.applied, 0, 'a second fix-all found more to fix');
      assert.equal(twice.text, once.text);
    }),
    { numRuns: runs(200) },
  );
});

test('formatting is idempotent and keeps every non-space character in order', () => {
  fc.assert(
    fc.property(arbitraryDocument, (text) => {
      const formatted = formatText(new ClaimDocument(text));
      assert.equal(applyEdits(text, formatEdits(new ClaimDocument(text))), formatted);
      assert.equal(formatText(new ClaimDocument(formatted)), formatted);
      const visible = (s: string) => s.replace(/[ \t]/g, '');
      assert.equal(visible(formatted), visible(text));
    }),
    { numRuns: runs(300) },
  );
});

test('incremental updates equal vscode-languageserver-textdocument and a from-scratch check', () => {
  fc.assert(
    fc.property(arbitraryClaims, fc.array(arbitraryChange, { minLength: 1, maxLength: 8 }), (text, changes) => {
      const document = new ClaimDocument(text);
      let expected = text;
      document.check(tables, options);
      changes.forEach((change, i) => {
        expected = applyAsEditorLibrary(expected, change);
        document.update(change);
        assert.equal(document.text, expected);
        if (i % 2 === 1) assert.deepEqual(document.check(tables, options), check(expected));
      });
      assert.deepEqual(document.check(tables, options), check(expected));
    }),
    { numRuns: runs(300) },
  );
});

test('checking block by block (the CLI) finds exactly what checking the whole document finds', () => {
  fc.assert(
    fc.property(fc.oneof(arbitraryDocument, fc.array(arbitraryClaims, { maxLength: 4 }).map((parts) => parts.join('\n'))), (text) => {
      const streamed: ClaimDiagnostic[] = [];
      checkInBlocks(text, tables, options, (found) => streamed.push(...found));
      assert.deepEqual(streamed, check(text));
    }),
    { numRuns: runs(300) },
  );
});
