// The pure editor features (server/src/engine/features) on their own: properties the language
// server relies on, checked over many generated documents.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ClaimDocument } from '../../server/src/engine/check';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { claimLenses } from '../../server/src/engine/features/codeLens';
import { completeAt, MAX_COMPLETION_ITEMS } from '../../server/src/engine/features/completion';
import { foldingRanges } from '../../server/src/engine/features/folding';
import { formatEdits, formatText } from '../../server/src/engine/features/format';
import { hoverAt } from '../../server/src/engine/features/hover';
import { inlayHints } from '../../server/src/engine/features/inlayHints';
import { serviceLineAt } from '../../server/src/engine/features/lookup';
import { documentSymbols } from '../../server/src/engine/features/symbols';
import { loadTables } from '../../server/src/engine/tables';
import { DEFAULT_OPTIONS } from '../../server/src/engine/types';

const tables = loadTables();
const example = (name: string) => readFileSync(join(__dirname, '..', '..', 'examples', name), 'utf8');
const nonBlank = (text: string) => text.replace(/[\s\uFEFF]+/g, '');

/** A deterministic generator of claim-ish documents, valid and broken. */
function generated(seed: number, lines: number): string {
  let state = seed;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const pick = <T>(xs: T[]) => xs[random(xs.length)];
  const space = () => pick([' ', '  ', '\t', '   ', ' \t ']);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const kind = random(10);
    const comment = random(3) === 0 ? `${space()}# ${pick(['note', 'a  b', '#x', 'claim X', ''])}` : '';
    if (kind === 0) out.push(`claim${space()}C-${i}${space()}payer=${pick(['medicare', 'commercial', 'acme'])}${space()}dos=2025-01-15 dx=C90.00${comment}`);
    else if (kind < 7) {
      const code = pick(['J9037', 'J9039', 'j9173', '96413', 'J9999', 'X12', 'J9039-JW', 'J9037-JZ-59', 'J9039-']);
      const fields = [`units=${random(400)}`, `dose=${random(300)}${pick(['mg', 'mcg', 'g', 'ml', 'xx', ''])}`, `vial=${random(3) + 1}x100mg`, pick(['drug=blinatumomab', 'dx=2', 'units=', '=5', 'waste=1mg', 'ndc=1'])];
      const chosen = fields.filter(() => random(3) > 0).join(space());
      out.push(`${pick(['', '  ', '\t', '    '])}${code}${chosen ? space() + chosen : ''}${comment}${pick(['', ' ', '\t'])}`);
    } else if (kind === 7) out.push(pick(['', '   ', '\t']));
    else if (kind === 8) out.push(`${pick(['', '  '])}# comment ${i}${pick(['', '   '])}`);
    else out.push(pick(['garbage line here', '=== ', 'claim', 'claim C-x payer', '  J9037 units=1 # x # y', '\u00a0J9039\u00a0units=1']));
  }
  const eol = pick(['\n', '\r\n']);
  return (random(4) === 0 ? '\uFEFF' : '') + out.join(eol) + (random(2) ? eol : '');
}

describe('formatting (pure)', () => {
  test('on 300 generated documents: only white space changes, line count and comments kept, idempotent, and the minimal edits reproduce it', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = generated(seed, 25);
      const document = new ClaimDocument(text);
      const formatted = formatText(document);
      assert.equal(nonBlank(formatted), nonBlank(text), `seed ${seed}: a token changed`);
      assert.equal(formatted.startsWith('\uFEFF'), text.startsWith('\uFEFF'), `seed ${seed}: the BOM changed`);
      assert.deepEqual(formatted.match(/\r\n|\r|\n/g), text.match(/\r\n|\r|\n/g), `seed ${seed}: line endings changed`);
      assert.equal(formatted.split(/\r\n|\r|\n/).length, text.split(/\r\n|\r|\n/).length, `seed ${seed}: lines added or removed`);
      const comments = (t: string) => t.split(/\r\n|\r|\n/).map((l) => /(?:^|[\s\uFEFF])(#.*?)[\s]*$/.exec(l)?.[1] ?? '');
      assert.deepEqual(comments(formatted), comments(text), `seed ${seed}: a comment changed`);
      assert.equal(formatText(new ClaimDocument(formatted)), formatted, `seed ${seed}: not idempotent`);
      assert.equal(applyEdits(text, formatEdits(document)), formatted, `seed ${seed}: edits do not reproduce the formatted text`);
    }
  });

  test('aligns the columns of a claim’s service lines, each claim on its own', () => {
    const text = 'claim A payer=medicare dos=2025-01-15 dx=C90.00\n J9037 units=360 dose=180mg\n   J9037-JW units=40\nclaim B payer=medicare dos=2025-01-15 dx=C90.00\nJ9039 units=28 dose=28mcg\n';
    assert.equal(
      formatText(new ClaimDocument(text)),
      'claim A payer=medicare dos=2025-01-15 dx=C90.00\n  J9037     units=360  dose=180mg\n  J9037-JW  units=40\nclaim B payer=medicare dos=2025-01-15 dx=C90.00\n  J9039  units=28  dose=28mcg\n',
    );
  });
});

describe('symbols, folding, lenses, hints (pure)', () => {
  test('one symbol, fold and lens per claim of the clean example; hints on drug lines', () => {
    const document = new ClaimDocument(example('clean.claim'));
    const file = document.claims();
    const symbols = documentSymbols(file);
    assert.equal(symbols.length, 6);
    assert.deepEqual(foldingRanges(file).map((f) => f.startLine), symbols.map((s) => s.range.start.line));
    const lenses = claimLenses(file, document.check(tables));
    assert.deepEqual(lenses.map((l) => l.title), [
      '3 service lines · 96413 1 unit, J9039 35 units (7 JW) · no problems',
      '2 service lines · J9037 400 units (40 JW) · no problems',
      '1 service line · J9173 150 units · no problems',
      '2 service lines · J9032 200 units (20 JW) · no problems',
      '2 service lines · J9309 170 units (26 JW) · no problems',
      '1 service line · J9393 20 units · no problems',
    ]);
    const hints = inlayHints(file, tables);
    assert.ok(hints.some((h) => h.label === '1 mcg/u' && /^blinatumomab: Injection, blinatumomab, 1 microgram/.test(h.tooltip)), hints.map((h) => h.label).join(' | '));
    assert.ok(hints.some((h) => h.label === '28 u' && /28 mcg ÷ 1 mcg = 28 units/.test(h.tooltip)), hints.map((h) => `${h.label}: ${h.tooltip}`).join(' | '));
    assert.ok(hints.some((h) => h.label === 'JW 7' && /7 units discarded/.test(h.tooltip)));
    assert.ok(hints.every((h) => h.label.length <= 14), 'labels stay short: VS Code cuts long inlay hints off');
    // The CPT line gets no hint: its descriptor is not bundled.
    assert.ok(!hints.some((h) => h.position.line === symbols[0].children[0].range.start.line));
  });

  test('the claim lens sums units per code, never across drugs (issue 10: "249 units" of three drugs)', () => {
    const text = [
      'claim C-1 payer=medicare dos=2025-01-15 dx=C90.00',
      '  J9039-JZ units=28 dose=28mcg',
      '  J9037 units=200 dose=100mg vial=1x100mg',
      '  J9037-JW units=0',
      '  J9173-JZ units=21 dose=210mg',
      '  J9037 units=10 dos=2025-01-16 dose=5mg',
      'claim C-2 payer=medicare dos=2025-01-15 dx=C90.00',
      '  J9039 units=1', '  J9037 units=2', '  J9173 units=3', '  J9032 units=4', '  J9309 units=5',
      'claim C-3 payer=medicare dos=2025-01-15 dx=C90.00',
      '  J9039',
    ].join('\n');
    const document = new ClaimDocument(text);
    const titles = claimLenses(document.claims(), document.check(tables)).map((l) => l.title.replace(/ · [^·]*$/, ''));
    assert.deepEqual(titles, [
      '5 service lines · J9039 28 units, J9037 210 units, J9173 21 units',
      '5 service lines · J9039 1 unit, J9037 2 units, J9173 3 units, +2 more codes',
      '1 service line',
    ]);
    assert.ok(!titles.some((t) => /\b259 units\b|\b15 units\b/.test(t)), 'no total across codes');
  });

  test('a claim without lines folds to nothing; a broken file still has symbols for its claims', () => {
    const document = new ClaimDocument('claim A payer=medicare\n\nclaim B\n  J9037 units=1\n  ??? !!!\n');
    const file = document.claims();
    assert.deepEqual(documentSymbols(file).map((s) => s.name), ['claim A', 'claim B']);
    assert.deepEqual(foldingRanges(file), [{ startLine: 2, endLine: 4 }]);
  });
});

describe('hover and completion (pure)', () => {
  test('the claim model around a line (what hover and completion read) is the whole file model’s, on every line of the examples and generated documents', () => {
    const texts = [example('clean.claim'), example('mistakes.claim'), ...Array.from({ length: 30 }, (_, i) => generated(700 + i, 40))];
    const seen = (found: ReturnType<typeof serviceLineAt>) => found && { code: found.line.code, dos: found.line.dos, line: found.line.parsed.line, header: found.claim?.header.parsed.line, claimDos: found.claim?.header.dos, dx: found.claim?.header.dx.map((d) => d.text) };
    let serviceLines = 0;
    for (const text of texts) {
      const whole = new ClaimDocument(text).claims(['acme']);
      const document = new ClaimDocument(text);
      for (let line = 0; line < document.lines.length; line++) {
        const expected = seen(serviceLineAt(whole, line));
        assert.deepEqual(seen(serviceLineAt(document.claimsAt(line, ['acme']), line)), expected, `line ${line}`);
        if (expected) serviceLines++;
      }
    }
    assert.ok(serviceLines > 100, `${serviceLines} service lines looked up`);
  });

  test('never throw at any position of generated documents, and completion stays capped', () => {
    let hovers = 0;
    let completions = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const document = new ClaimDocument(generated(seed, 12));
      document.lines.forEach((line, index) => {
        for (let character = 0; character <= line.text.length + 1; character++) {
          const position = { line: index, character };
          const hover = hoverAt(document, tables, DEFAULT_OPTIONS, position);
          if (hover) {
            hovers++;
            assert.equal(hover.range.start.line, index);
            assert.ok(hover.range.start.character <= character && character <= hover.range.end.character, `seed ${seed}: hover range misses the position`);
          }
          const completion = completeAt(document, tables, DEFAULT_OPTIONS, position);
          assert.ok(completion.items.length <= 100, `seed ${seed}: ${completion.items.length} items`);
          if (completion.items.length > 0) completions++;
          for (const item of completion.items) {
            assert.equal(item.range.end.character, character > line.text.length ? item.range.end.character : character);
            assert.ok(item.range.start.character <= item.range.end.character);
          }
        }
      });
    }
    assert.equal(MAX_COMPLETION_ITEMS, 50);
    // Not vacuous: codes, modifiers and values in these documents do have hovers and completions.
    assert.ok(hovers > 500, `${hovers} hovers`);
    assert.ok(completions > 500, `${completions} positions with completions`);
  });
});
