// Hover on codes as billers type them: lower or mixed case finds the same table entry as upper
// case (the checker flags the case with lowercase-code, but the hover still explains the code).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClaimDocument } from '../../server/src/engine/check';
import { hoverAt } from '../../server/src/engine/features/hover';
import { loadTables } from '../../server/src/engine/tables';
import { DEFAULT_OPTIONS } from '../../server/src/engine/types';

const tables = loadTables();
const HEADER = 'claim C-1 payer=medicare dos=2025-01-15 dx=C91.00';

function hoverOnCode(serviceLine: string, character = 3) {
  const document = new ClaimDocument(`${HEADER}\n${serviceLine}\n`);
  return hoverAt(document, tables, DEFAULT_OPTIONS, { line: 1, character });
}

describe('hover on codes in any case', () => {
  test('j9039 and J9039 hover the same entry: descriptor, billing unit, drug, container and the line’s arithmetic', () => {
    const upper = hoverOnCode('  J9039 units=28 dose=28mcg vial=1x35mcg')!;
    assert.match(upper.contents, /^\*\*J9039\*\* — Injection, blinatumomab, 1 microgram/);
    for (const code of ['j9039', 'J9039']) {
      const hover = hoverOnCode(`  ${code} units=28 dose=28mcg vial=1x35mcg`)!;
      assert.equal(hover.contents, upper.contents, code);
      assert.deepEqual(hover.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 7 } });
    }
    const lower = hoverOnCode('  j9039 units=28 dose=28mcg vial=1x35mcg')!.contents;
    assert.match(lower, /1 unit = 1 mcg/);
    assert.match(lower, /blinatumomab \(Blincyto\)/);
    assert.match(lower, /single-dose/);
    assert.match(lower, /35 available − 28 administered = 7 units discarded/);
    assert.doesNotMatch(lower, /not in the bundled code tables/);
  });

  test('a lower-case code with modifiers, and a lower-case code without a unit in its descriptor', () => {
    const withModifiers = hoverOnCode('  j9037-jz units=360 dose=180mg')!;
    assert.match(withModifiers.contents, /^\*\*J9037\*\* — Injection, belantamab mafodotin-blmf, 0\.5 mg/);
    assert.match(withModifiers.contents, /180 mg ÷ 0\.5 mg = 360 units/);
    // The modifier in lower case hovers its upper-case entry too.
    const modifier = hoverAt(new ClaimDocument(`${HEADER}\n  j9037-jz units=360 dose=180mg\n`), tables, DEFAULT_OPTIONS, { line: 1, character: 9 })!;
    assert.match(modifier.contents, /^\*\*JZ\*\* — Zero drug amount discarded/);
    // J9999 (not otherwise classified) has no billing unit; lower case still finds it.
    const noc = tables.hcpcs.get('J9999')!;
    assert.match(hoverOnCode('  j9999 units=1')!.contents, new RegExp(`^\\*\\*J9999\\*\\* — ${noc.long.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  test('a code not in the tables says so in any case; a lower-case CPT code is a CPT code', () => {
    assert.match(hoverOnCode('  j9399 units=1')!.contents, /^\*\*j9399\*\* is not in the bundled code tables/);
    assert.match(hoverOnCode('  J9399 units=1')!.contents, /^\*\*J9399\*\* is not in the bundled code tables/);
    assert.match(hoverOnCode('  9920f units=1')!.contents, /^\*\*9920F\*\* — CPT code/);
  });
});
