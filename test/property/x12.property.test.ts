// Properties of the 837 front end over generated and mangled 837 text: checkX12 never throws,
// every finding's range lies inside the text, every fix it offers is an X12 edit (letters and
// digits, after the component separator at most: never a claim-language line or field), and
// Format 837 only adds line breaks, after which the file checks the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { checkX12 } from '../../server/src/engine/sources/x12/check';
import { format837 } from '../../server/src/engine/sources/x12/features';
import { mapX12 } from '../../server/src/engine/sources/x12/mapper';
import { splitLines } from '../../server/src/engine/parser';
import { loadTables } from '../../server/src/engine/tables';
import { ONE_LINE, STANDARD, UNUSUAL, write837, type X12Claim } from '../helpers/x12';
import { runs } from './arbitraries';

const tables = loadTables();
const CODES = ['J9039', 'J9312', 'J0135', 'j9039', '96413', 'J0000', 'J9173'];
const MODS = ['JW', 'JZ', 'KX', 'TB', 'Z9', '59'];

const arbitraryClaim: fc.Arbitrary<X12Claim> = fc.record({
  id: fc.constantFrom('C1', 'C2', 'C3'),
  filing: fc.constantFrom('MB', 'MA', 'MC', 'CI', ''),
  dx: fc.array(fc.constantFrom('C9100', 'C91', 'Z5112', '123'), { maxLength: 3 }),
  lines: fc.array(
    fc.record({
      code: fc.constantFrom(...CODES),
      mods: fc.array(fc.constantFrom(...MODS), { maxLength: 4 }),
      units: fc.constantFrom('1', '28', '0', 'x'),
      date: fc.constantFrom('20250115', '20231301', '20220101'),
      pointers: fc.option(fc.array(fc.constantFrom('1', '2', '5', 'A'), { minLength: 1, maxLength: 4 }), { nil: undefined }),
      ndc: fc.option(fc.constantFrom('55513016001', '12345678901', '555130160'), { nil: undefined }),
      ndcUnit: fc.constantFrom('UN', 'ML', 'KG'),
    }),
    { maxLength: 4 },
  ),
});

/** An 837 with some characters deleted, replaced or inserted (delimiters among them). */
const arbitraryText = fc
  .tuple(fc.array(arbitraryClaim, { minLength: 1, maxLength: 3 }), fc.constantFrom(STANDARD, ONE_LINE, UNUSUAL), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom('', '*', ':', '~', '|', '^', '!', '\n', 'SV1*', 'LX*1~', 'CLM*', 'HC:J9039', ' '))))
  .map(([claims, delims, edits]) => {
    let text = write837(claims, { delims });
    for (const [at, length, insert] of edits) {
      const start = at % (text.length + 1);
      text = text.slice(0, start) + insert + text.slice(start + length);
    }
    return text;
  });

test('checkX12 never throws; ranges lie in the text; every fix is an X12 edit', () => {
  fc.assert(
    fc.property(arbitraryText, (text) => {
      const lines = splitLines(text);
      const component = mapX12(text).document.delimiters.component.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&');
      for (const d of checkX12(text, tables, { covered340B: true })) {
        for (const p of [d.range.start, d.range.end]) {
          assert.ok(p.line >= 0 && p.line < lines.length, `${d.id} line ${p.line}`);
          assert.ok(p.character >= 0 && p.character <= lines[p.line].text.length, `${d.id} character ${p.character}`);
        }
        for (const fix of d.fixes) for (const e of fix.edits) assert.match(e.newText, new RegExp(`^(${component})?[A-Za-z0-9]*$`), `${d.id}: ${JSON.stringify(e)}`);
      }
    }),
    { numRuns: runs(150) },
  );
});

test('Format 837 only adds line breaks, and the formatted file checks the same', () => {
  fc.assert(
    fc.property(fc.array(arbitraryClaim, { minLength: 1, maxLength: 3 }), fc.constantFrom(ONE_LINE, UNUSUAL, STANDARD), (claims, delims) => {
      const text = write837(claims, { delims });
      const edits = format837(mapX12(text));
      for (const e of edits) assert.match(e.newText, /^(\r\n|\n)$/);
      const formatted = applyEdits(text, edits);
      assert.equal(formatted.replace(/\r?\n/g, ''), text.replace(/\r?\n/g, ''));
      const ids = (t: string) => checkX12(t, tables).map((d) => d.id).sort();
      assert.deepEqual(ids(formatted), ids(text));
      assert.deepEqual(format837(mapX12(formatted)), [], 'formatting twice changes nothing');
    }),
    { numRuns: runs(60) },
  );
});
