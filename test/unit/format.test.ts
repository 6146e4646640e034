// The formatter's layout, exactly: headers at column 0; service lines indented two spaces, with
// the code and each key=value column of a claim padded to its widest entry plus two spaces; a
// trailing comment kept at its column while the content ends before it; and lines with syntax
// problems left exactly as written (neither reflowed nor counted in the columns).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ClaimDocument } from '../../server/src/engine/check';
import { formatEdits, formatText } from '../../server/src/engine/features/format';

const example = (name: string) => readFileSync(join(__dirname, '..', '..', 'examples', name), 'utf8');
const format = (text: string) => formatText(new ClaimDocument(text));

describe('formatter layout', () => {
  test('examples/clean.claim: each claim’s columns aligned, and every trailing comment kept at its column', () => {
    const clean = example('clean.claim');
    const formatted = format(clean);
    const commentColumns = (text: string) => text.split('\n').map((l) => (/^ {2}\S/.test(l) ? l.indexOf('#') : -1));
    assert.deepEqual(commentColumns(formatted), commentColumns(clean));
    // The example's comments sit in one column (54), past the content of every line.
    assert.deepEqual([...new Set(commentColumns(clean).filter((c) => c >= 0))], [54]);
    // The example aligns its columns across the file; the formatter aligns each claim on its
    // own, so CLM-1002's fields close up to its widest units= value.
    assert.ok(formatted.includes('\n  J9037     units=360  dose=180mg  vial=2x100mg       # belantamab mafodotin, 1 unit = 0.5 mg\n'));
    assert.ok(formatted.includes('\n  J9039     units=28  dose=28mcg  vial=1x35mcg        # blinatumomab, 1 unit = 1 mcg\n'));
    assert.equal(format(formatted), formatted, 'idempotent');
    assert.deepEqual(formatEdits(new ClaimDocument(formatted)), []);
  });

  test('columns: the code and each key=value padded to the widest in the claim plus two; the last field is not padded', () => {
    const text = [
      'claim   A payer=medicare dos=2025-01-15   dx=C90.00',
      '      J9037 units=360 dose=180mg vial=2x100mg',
      'J9037-JW units=40',
      '\tJ9039-JZ-KX units=28 dose=28mcg',
      'claim B payer=medicare dos=2025-01-15 dx=C90.00',
      ' J9173 units=150 dose=1500mg',
      '',
    ].join('\n');
    assert.equal(
      format(text),
      [
        'claim A payer=medicare dos=2025-01-15 dx=C90.00',
        '  J9037        units=360  dose=180mg  vial=2x100mg',
        '  J9037-JW     units=40',
        '  J9039-JZ-KX  units=28   dose=28mcg',
        'claim B payer=medicare dos=2025-01-15 dx=C90.00',
        '  J9173  units=150  dose=1500mg',
        '',
      ].join('\n'),
    );
  });

  test('a trailing comment keeps its column while the content ends before it, else goes two spaces after the content', () => {
    const header = 'claim A payer=medicare dos=2025-01-15 dx=C90.00';
    // Column 41 is past the formatted content: kept there.
    const kept = `${header}\n J9037   units=360 dose=180mg            # note at 40\n`;
    const keptLine = format(kept).split('\n')[1];
    assert.equal(keptLine.indexOf('#'), kept.split('\n')[1].indexOf('#'));
    assert.equal(keptLine.replace(/ +#.*/, ''), '  J9037  units=360  dose=180mg');
    // A comment the aligned content would reach: two spaces after the content.
    const pushed = `${header}\n  J9037 units=360 dose=180mg # close\n  J9037-JW-KX units=40 # x\n`;
    assert.equal(format(pushed), `${header}\n  J9037        units=360  dose=180mg  # close\n  J9037-JW-KX  units=40  # x\n`);
    // On a header and on a comment-only line too.
    assert.equal(format('claim  A payer=medicare dos=2025-01-15 dx=C90.00        # h\n   # c   \n'), 'claim A payer=medicare dos=2025-01-15 dx=C90.00         # h\n   # c\n');
  });

  test('lines with syntax problems stay exactly as written and do not widen the columns of the others', () => {
    const header = 'claim A payer=medicare dos=2025-01-15 dx=C90.00';
    const broken = [
      '     J90-JZ     units=28        # a code that does not parse',
      '  J9039-J   units=28',
      ' J9039-JZ   units=28    dose=28mcg   =5   ',
      '    units=28   dose=28mcg',
      '  J9039-JWJZKX-JW-JW   units=1',
    ];
    const text = [header, ' J9037   units=360   dose=180mg', ...broken, '   J9037-JW units=40', ''].join('\n');
    const lines = format(text).split('\n');
    assert.deepEqual(lines.slice(2, 2 + broken.length), broken);
    // The well-formed lines align among themselves only (J9037-JW is the widest code).
    assert.equal(lines[1], '  J9037     units=360  dose=180mg');
    assert.equal(lines[7], '  J9037-JW  units=40');
  });

  test('a header with a syntax problem is left alone; blank lines lose their white space', () => {
    const text = 'claim   A payer=medicare   dos=2025-01-15 dx=C90.00 ???\n   \t \n  J9037 units=360 dose=180mg\n';
    const lines = format(text).split('\n');
    assert.equal(lines[0], 'claim   A payer=medicare   dos=2025-01-15 dx=C90.00 ???');
    assert.equal(lines[1], '');
  });
});
