// NDCs and money as a biller meets them, on real rows of the January 2026 CMS files bundled in
// server/data/asp.json: Blincyto 55513-0160-01 under J9039 (1 mcg) with 35 billable units a vial,
// payment limit $163.683 a unit; Rituxan 50242-0051-21 (10 units, 100 mg) and 50242-0053-06
// (50 units, 500 mg) under J9312 (10 mg), $74.765 a unit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClaimDocument, checkText } from '../../server/src/engine/check';
import { allowanceLenses } from '../../server/src/engine/features/codeLens';
import { completeAt } from '../../server/src/engine/features/completion';
import { hoverAt } from '../../server/src/engine/features/hover';
import { applyConfig, parseConfig } from '../../server/src/engine/config';
import { inlayHints } from '../../server/src/engine/features/inlayHints';
import { confirmedFixes, fixAll } from '../../server/src/engine/fixes/fixAll';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { loadTables } from '../../server/src/engine/tables';
import { DEFAULT_OPTIONS, type CheckOptions } from '../../server/src/engine/types';

const tables = loadTables();
const options = (partial: Partial<CheckOptions> = {}): CheckOptions => ({ ...DEFAULT_OPTIONS, ...partial });
const ids = (text: string, partial?: Partial<CheckOptions>) => checkText(text, tables, partial).map((d) => d.id).filter((id) => id !== 'dx-not-indicated');
const find = (text: string, id: string, partial?: Partial<CheckOptions>) => checkText(text, tables, partial).filter((d) => d.id === id);
const header = (payer: string, dos = '2026-02-10') => `claim C-1 payer=${payer} dos=${dos} dx=C91.00`;

/** The position of the `occurrence`th `needle` in `text` (plus `offset` characters). */
function at(text: string, needle: string, offset = 1, occurrence = 1) {
  let index = -1;
  for (let i = 0; i < occurrence; i++) index = text.indexOf(needle, index + 1);
  assert.ok(index >= 0, `${needle} in the text`);
  const before = text.slice(0, index);
  const line = before.split('\n').length - 1;
  return { line, character: index - before.lastIndexOf('\n') - 1 + offset };
}

describe('the table rows these tests stand on', () => {
  test('Blincyto 55513-0160-01 under J9039, 35 units a vial; J9039 and J9312 payment limits', () => {
    const [blincyto] = tables.ndc.get('55513016001')!;
    assert.deepEqual([blincyto.code, blincyto.drug, blincyto.unitsPerItem], ['J9039', 'Blincyto', 35]);
    assert.equal(tables.payment.get('J9039')!.limit, 163.683);
    assert.equal(tables.payment.get('J9312')!.limit, 74.765);
    assert.deepEqual(tables.aspQuarter && [tables.aspQuarter.from, tables.aspQuarter.to], ['2026-01-01', '2026-03-31']);
  });
});

describe('ndc= forms', () => {
  test('5-4-2 and 11 digits are the same NDC; a 10-digit NDC is told its 11-digit form', () => {
    for (const ndc of ['55513-0160-01', '55513016001']) assert.deepEqual(ids(`${header('medicaid')}\n  J9039-JZ units=28 dose=28mcg ndc=${ndc}\n`), [], ndc);
    const [padded] = find(`${header('medicaid')}\n  J9039-JZ units=28 dose=28mcg ndc=55513-160-01\n`, 'invalid-value');
    assert.match(padded.message, /10-digit NDC.*55513-0160-01/);
    const [other] = find(`${header('medicaid')}\n  J9039-JZ units=28 dose=28mcg ndc=5551301600\n`, 'invalid-value');
    assert.match(other.message, /5-4-2 form \(55513-0160-01\) or as 11 digits without hyphens/);
  });
});

describe('11-digit NDCs wherever an NDC decides', () => {
  test('granisetron (J1626) has single- and multi-dose products: the NDC in either form decides JW/JZ', () => {
    for (const [multi, single] of [['00143-9745-05', '00143-9744-10'], ['00143974505', '00143974410']]) {
      const jz = find(`${header('medicare')}\n  J1626-JZ units=10 dose=1mg ndc=${multi}\n`, 'jw-jz-not-applicable');
      assert.equal(jz.length, 1, `${multi}: multi-dose, so JZ does not apply`);
      const missing = find(`${header('medicare')}\n  J1626 units=10 dose=1mg ndc=${single}\n`, 'missing-jw-jz');
      assert.deepEqual(missing.map((d) => d.severity), ['error'], `${single}: single-dose, so JW/JZ are required`);
    }
  });
});

describe('vial=N sized by the NDC', () => {
  const text = `${header('medicare')}\n  J9039 units=28 dose=28mcg vial=2 ndc=55513-0160-01\n`;

  test('two Blincyto vials hold 70 mcg: 42 units discarded, and the JW line the fix writes bills them with the NDC', () => {
    const [missing] = find(text, 'missing-jw-jz');
    assert.match(missing.message, /42 units were discarded/);
    const jw = missing.fixes.find((f) => f.title === 'Add JW line for 42 discarded units')!;
    assert.ok(jw.preferred);
    const fixed = applyEdits(text, jw.edits);
    assert.match(fixed, /\n  J9039-JW units=42 ndc=55513-0160-01\n/);
    assert.deepEqual(ids(fixed), []);
    assert.equal(fixAll(text, tables).text, fixed);
  });

  test('the count means items of the NDC, not packages; the 11-digit form sizes them the same', () => {
    const eleven = find(`${header('medicare')}\n  J9039 units=28 dose=28mcg vial=1 ndc=55513016001\n`, 'missing-jw-jz')[0];
    assert.match(eleven.message, /7 units were discarded/);
  });

  test('a JW line with the wrong units is told the units from the NDC-sized vials', () => {
    const [mismatch] = find(`${text}  J9039-JW units=7\n`, 'jw-units-mismatch');
    assert.match(mismatch.message, /leaves 42 units discarded, not 7/);
    assert.equal(mismatch.fixes[0].title, 'Set JW units to 42');
  });

  test('the hover on vial= shows where the size came from', () => {
    const document = new ClaimDocument(text);
    const hover = hoverAt(document, tables, DEFAULT_OPTIONS, at(text, 'vial=2', 5))!;
    assert.match(hover.contents, /vial 2 × 35 mcg \(NDC 55513-0160-01, Blincyto: 35 billable units of J9039 a vial\) = 70 mcg ÷ 1 mcg = 70 units available/);
    assert.match(hover.contents, /70 available − 28 administered = 42 units discarded/);
    const hints = inlayHints(document.claims(), tables, { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } });
    // Short label (issue 10: VS Code cuts long hints off), the NDC-sized arithmetic in its tooltip.
    assert.ok(hints.some((h) => h.label === 'JW 42' && /NDC 55513-0160-01/.test(h.tooltip)), JSON.stringify(hints));
  });

  test('without an NDC that sizes it, vial=2 is invalid-value saying what is needed; no waste is computed', () => {
    const cases: Array<[string, RegExp]> = [
      ['vial=2', /give the size of each \(vial=2x100mg\) or the ndc= of the vials opened/],
      ['vial=2 ndc=55513-160-01', /the ndc= is not a valid NDC/],
      ['vial=2 ndc=12345-6789-01', /NDC 12345-6789-01 is not in the bundled crosswalk/],
    ];
    for (const [fields, message] of cases) {
      const found = checkText(`${header('medicare')}\n  J9039 units=28 dose=28mcg ${fields}\n`, tables);
      const invalid = found.filter((d) => d.id === 'invalid-value' && d.message.startsWith('vial=2'));
      assert.equal(invalid.length, 1, fields);
      assert.match(invalid[0].message, message);
      const missing = found.find((d) => d.id === 'missing-jw-jz')!;
      assert.ok(!missing.fixes.some((f) => f.title.startsWith('Add JW line')), `${fields}: no JW units without a size`);
    }
  });

  test('a counted vial too small for the dose, and JZ on counted vials that leave waste', () => {
    const short = find(`${header('medicare')}\n  J9039 units=40 dose=40mcg vial=1 ndc=55513-0160-01\n`, 'invalid-value');
    assert.deepEqual(short.map((d) => d.message), ['vial=1 holds less than the dose; check the dose and the vials opened']);
    const [jz] = find(`${header('medicare')}\n  J9039-JZ units=28 dose=28mcg vial=2 ndc=55513-0160-01\n`, 'jz-with-waste');
    assert.match(jz.message, /the vials opened show 42 units discarded/);
    assert.equal(jz.fixes[0].title, 'Replace JZ with a JW line for 42 units');
  });

  test('every existing vial form still works beside a bare count', () => {
    for (const [vial, discarded] of [['1x35mcg', 7], ['35mcg', 7], ['2x35mcg', 42], ['1x35mcg+1x10mcg', 17]] as const) {
      const [missing] = find(`${header('medicare')}\n  J9039 units=28 dose=28mcg vial=${vial} ndc=55513-0160-01\n`, 'missing-jw-jz');
      assert.match(missing.message, new RegExp(`${discarded} units were discarded`), vial);
    }
  });
});

describe('mixed vial sizes', () => {
  test('rituximab 750 mg from one 500 mg and three 100 mg vials: 800 mg opened, 5 units on the JW line', () => {
    const text = `${header('medicare')}\n  J9312 units=75 dose=750mg vial=1x500mg+3x100mg\n`;
    const [missing] = find(text, 'missing-jw-jz');
    assert.match(missing.message, /5 units were discarded/);
    assert.ok(missing.fixes.some((f) => f.title === 'Add JW line for 5 discarded units' && f.preferred));
    const hover = hoverAt(new ClaimDocument(text), tables, DEFAULT_OPTIONS, at(text, 'vial=', 6))!;
    assert.match(hover.contents, /vial 1 × 500 mg \+ 3 × 100 mg = 800 mg ÷ 10 mg = 80 units available/);
    assert.deepEqual(ids(`${header('medicare')}\n  J9312-JZ units=80 dose=800mg vial=1x500mg+3x100mg\n`), []);
    assert.deepEqual(ids(`${header('medicare')}\n  J9312-JZ units=80 dose=800mg vial=1x0.5g+3x100mg\n`), [], 'g and mg mix');
  });

  test('sizes that do not convert, or a dangling +, are invalid-value', () => {
    assert.match(find(`${header('medicare')}\n  J9312-JZ units=80 dose=800mg vial=1x500mg+3x10ml\n`, 'invalid-value')[0].message, /do not convert/);
    assert.match(find(`${header('medicare')}\n  J9312-JZ units=80 dose=800mg vial=1x500mg+\n`, 'invalid-value')[0].message, /sizes joined by \+/);
  });
});

describe('ndc-code-mismatch and ndc-unknown', () => {
  test('Blincyto billed under rituximab names the product and its code; the change-code fix is preferred only when the units fit', () => {
    const fits = `${header('commercial')}\n  J9312 units=28 dose=28mcg ndc=55513-0160-01\n`;
    const [mismatch] = find(fits, 'ndc-code-mismatch');
    assert.equal(mismatch.severity, 'warning');
    assert.match(mismatch.message, /NDC 55513-0160-01 is Blincyto \(Amgen Inc\), billed under J9039 \(Injection, blinatumomab\), not J9312/);
    assert.deepEqual(mismatch.fixes.map((f) => [f.title, f.preferred]), [['Change code to J9039 (Injection, blinatumomab)', true]]);
    const document = new ClaimDocument(fits);
    assert.equal(confirmedFixes(document, mismatch, tables, options())[0].preferred, true, 'the safety gate accepts it');
    assert.match(fixAll(fits, tables).text, /\n  J9039 units=28 dose=28mcg ndc=55513-0160-01\n/);
    // The arithmetic fix assumes the code; the NDC doubts it, so "Set units" is not preferred.
    assert.equal(find(fits, 'units-mismatch')[0].fixes[0].preferred, false);

    const [notFitting] = find(`${header('commercial')}\n  J9312 units=10 dose=100mg ndc=55513-0160-01\n`, 'ndc-code-mismatch');
    assert.equal(notFitting.fixes[0].preferred, false);
  });

  test('a JW line after a code change: the gate keeps the administered line’s fix from orphaning it', () => {
    const text = `${header('commercial')}\n  J9312 units=28 dose=28mcg ndc=55513-0160-01\n  J9312-JW units=7\n`;
    const [mismatch] = find(text, 'ndc-code-mismatch');
    assert.equal(confirmedFixes(new ClaimDocument(text), mismatch, tables, options())[0].preferred, false);
  });

  test('a well-formed NDC not in the crosswalk is information naming the quarter; without the crosswalk nothing is said', () => {
    const text = `${header('commercial')}\n  J9039-JZ units=28 dose=28mcg ndc=12345-6789-01\n`;
    const [unknown] = find(text, 'ndc-unknown');
    assert.equal(unknown.severity, 'information');
    assert.match(unknown.message, /not in the CMS ASP NDC–HCPCS crosswalk for 2026-01-01 to 2026-03-31 \(release 2026-01\)/);
    const bare = { ...tables, ndc: new Map(), ndcByCode: new Map(), aspQuarter: undefined };
    assert.deepEqual(checkText(text, bare).filter((d) => d.id.startsWith('ndc')), []);
  });
});

describe('missing-ndc', () => {
  const administered = '  J9039 units=28 dose=28mcg vial=1x35mcg';

  test('medicaid by default, on the JW line too; not on CPT lines; commercial and medicare not by default', () => {
    const text = `${header('medicaid')}\n${administered}\n  J9039-JW units=7\n  96413 units=1\n`;
    const missing = find(text, 'missing-ndc');
    assert.deepEqual(missing.map((d) => [d.range.start.line, d.severity]), [[1, 'error'], [2, 'error']]);
    assert.match(missing[0].message, /medicaid requires an NDC on every drug line and J9039 has no ndc=.*55513-0160-01 \(Blincyto, 35 units a vial\)/);
    for (const payer of ['commercial', 'medicare']) assert.deepEqual(find(text.replace('medicaid', payer), 'missing-ndc'), [], payer);
  });

  test('the JW line is offered its administered line’s NDC (preferred); otherwise the only NDC of the code, not preferred', () => {
    const text = `${header('medicaid')}\n  J9039 units=28 dose=28mcg vial=1 ndc=55513016001\n  J9039-JW units=7\n`;
    const [jw] = find(text, 'missing-ndc');
    assert.equal(jw.range.start.line, 2);
    assert.deepEqual(jw.fixes.map((f) => [f.title, f.preferred]), [['Add ndc=55513016001 (the NDC of the administered line)', true]]);
    assert.equal(fixAll(text, tables).text, `${header('medicaid')}\n  J9039 units=28 dose=28mcg vial=1 ndc=55513016001\n  J9039-JW units=7 ndc=55513016001\n`);
    const [alone] = find(`${header('medicaid')}\n${administered}\n`, 'missing-ndc');
    assert.deepEqual(alone.fixes.map((f) => f.preferred), [false]);
  });

  test('a payer that wants both JW/JZ and NDCs: the JW line is written only once the administered line has its NDC', () => {
    const both = { jwJzPayers: ['medicare', 'medicaid'] };
    const without = `${header('medicaid')}\n${administered}\n`;
    // The JW line would be a new drug line without an NDC (a new missing-ndc error): offered, not applied.
    const [jw] = find(without, 'missing-jw-jz', both);
    assert.ok(jw.fixes.some((f) => f.title === 'Add JW line for 7 discarded units'));
    assert.equal(fixAll(without, tables, both).text, without);
    const withNdc = `${header('medicaid')}\n${administered} ndc=55513-0160-01\n`;
    assert.equal(fixAll(withNdc, tables, both).text, `${withNdc}  J9039-JW units=7 ndc=55513-0160-01\n`);
  });

  test('the workspace config (.claimcheck.json) sets them too: ndcPayers and a payer’s requiresNdc', () => {
    const { config, problems } = parseConfig('{ "ndcPayers": [], "payers": [{ "id": "ny-medicaid", "requiresNdc": true }] }', '/practice/.claimcheck.json');
    assert.deepEqual(problems, []);
    const configured = applyConfig(options(), config);
    assert.deepEqual(find(`${header('medicaid')}\n${administered}\n`, 'missing-ndc', configured), [], 'ndcPayers: [] turns medicaid off');
    const [ny] = find(`${header('ny-medicaid')}\n${administered}\n`, 'missing-ndc', configured);
    assert.match(ny.message, /ny-medicaid requires an NDC on every drug line/);
  });

  test('ndcPayers and a payer profile’s requiresNdc decide which payers', () => {
    const medicaid = `${header('medicaid')}\n${administered}\n`;
    assert.deepEqual(find(medicaid, 'missing-ndc', { ndcPayers: [] }), []);
    assert.equal(find(medicaid.replace('medicaid', 'commercial'), 'missing-ndc', { ndcPayers: ['medicaid', 'commercial'] }).length, 1);
    const profiles = [{ id: 'acme', requiresNdc: true }, { id: 'medicaid', requiresNdc: false }];
    assert.equal(find(medicaid.replace('medicaid', 'acme'), 'missing-ndc', { payerProfiles: profiles }).length, 1);
    assert.deepEqual(find(medicaid, 'missing-ndc', { payerProfiles: profiles }), []);
  });
});

describe('money', () => {
  const line = (charge: string, dos = '2026-02-10', payer = 'medicare') => `${header(payer, dos)}\n  J9039-JZ units=28 dose=28mcg charge=${charge}\n`;

  test('charge-below-allowance: under 28 × $163.683 = $4,583.12 on a Medicare claim in the quarter, to the cent', () => {
    const [below] = find(line('4583.11'), 'charge-below-allowance');
    assert.equal(below.severity, 'information');
    assert.match(below.message, /charge \$4,583.11 is below the Medicare Part B allowance for 28 units of J9039: 28 × \$163.683 = \$4,583.12 \(ASP payment limit, 2026-01-01 to 2026-03-31\)/);
    assert.deepEqual(find(line('4583.12'), 'charge-below-allowance'), []);
    assert.deepEqual(find(line('100', '2025-12-31'), 'charge-below-allowance'), [], 'before the quarter');
    assert.deepEqual(find(line('100', '2026-04-01'), 'charge-below-allowance'), [], 'after the quarter');
    assert.deepEqual(find(line('100', '2026-02-10', 'medicaid'), 'charge-below-allowance'), [], 'not Medicare');
  });

  test('hover on a code: the payment limit and what the line comes to, the JW line too; outside the quarter no price', () => {
    const text = `${header('medicare')}\n  J9039 units=28 dose=28mcg vial=1x35mcg\n  J9039-JW units=7\n`;
    const document = new ClaimDocument(text);
    const administeredHover = hoverAt(document, tables, DEFAULT_OPTIONS, { line: 1, character: 3 })!.contents;
    assert.match(administeredHover, /Medicare Part B payment limit \(2026-01-01 to 2026-03-31\): \*\*\$163.683\*\* per unit \(1 MCG\)/);
    assert.match(administeredHover, /This line: 28 units × \$163.683 = \*\*\$4,583.12\*\*/);
    const jwHover = hoverAt(document, tables, DEFAULT_OPTIONS, { line: 2, character: 3 })!.contents;
    assert.match(jwHover, /This line: 7 units × \$163.683 = \*\*\$1,145.78\*\* — discarded drug on a JW line is paid too/);
    const old = hoverAt(new ClaimDocument(text.replace('2026-02-10', '2025-01-15')), tables, DEFAULT_OPTIONS, { line: 1, character: 3 })!.contents;
    assert.match(old, /covers 2026-01-01 to 2026-03-31, and this line's date of service is outside it, so no price is quoted/);
    assert.doesNotMatch(old, /\$163/);
  });

  test('the allowance lens of a Medicare claim totals its lines, JW included; other payers and claims wholly outside the quarter get none; a line outside it is named', () => {
    const text = [
      header('medicare'),
      '  J9039 units=28 dose=28mcg vial=1x35mcg',
      '  J9039-JW units=7',
      '  96413 units=1',
      header('medicaid').replace('C-1', 'C-2'),
      '  J9039-JZ units=28 dose=28mcg',
      header('medicare', '2025-01-15').replace('C-1', 'C-3'),
      '  J9039-JZ units=28 dose=28mcg',
      header('medicare').replace('C-1', 'C-4'),
      '  J9039-JZ units=28 dose=28mcg',
      '  J9039-JZ units=1 dose=1mcg dos=2025-12-01',
      '',
    ].join('\n');
    const lenses = allowanceLenses(new ClaimDocument(text).claims(), tables);
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.title]),
      [
        [0, 'Expected Medicare allowance $5,728.90 (2 lines, ASP 2026-01)'],
        [8, 'Expected Medicare allowance $4,583.12 (1 line, ASP 2026-01) · J9039 not priced: dated outside 2026-01-01 to 2026-03-31'],
      ],
    );
  });
});

describe('payers that require NDCs, as hover and completion tell them', () => {
  test('the payer hover and the payer completion say which payers require an NDC', () => {
    const text = 'claim C-1 payer=medicaid dos=2026-02-10 dx=C91.00\n  J9039-JZ units=28 dose=28mcg ndc=55513-0160-01\n';
    const hover = (o: CheckOptions) => hoverAt(new ClaimDocument(text), tables, o, at(text, 'medicaid', 2))!.contents;
    assert.match(hover(options()), /Requires an NDC \(ndc=\) on every drug line, the JW line too/);
    assert.doesNotMatch(hover(options({ ndcPayers: [] })), /Requires an NDC/);
    const typed = 'claim C-1 payer=\n';
    const payers = completeAt(new ClaimDocument(typed), tables, options(), { line: 0, character: 16 }).items;
    assert.deepEqual(payers.map((i) => [i.label, i.detail]), [['medicare', 'requires JW/JZ'], ['medicaid', 'requires NDC'], ['commercial', undefined]]);
  });
});

describe('hover and completion of ndc=', () => {
  test('hover: product, labeler, package, billable units, code and the crosswalk quarter', () => {
    for (const ndc of ['55513-0160-01', '55513016001']) {
      const text = `${header('medicaid')}\n  J9039-JZ units=28 dose=28mcg ndc=${ndc}\n`;
      const hover = hoverAt(new ClaimDocument(text), tables, DEFAULT_OPTIONS, at(text, ndc, 2))!;
      assert.match(hover.contents, /^\*\*55513-0160-01\*\* — Blincyto \(Amgen Inc\)/);
      assert.match(hover.contents, /Package: 1 item a package, each of size 1 \(the crosswalk's package size/);
      assert.match(hover.contents, /Billed under \*\*J9039\*\* \(Injection, blinatumomab\) — this line’s code: 35 billable units an item = 35 mcg a vial, 35 a package/);
      assert.match(hover.contents, /CMS ASP NDC–HCPCS crosswalk, 2026-01-01 to 2026-03-31 \(release 2026-01\)/);
      assert.deepEqual(hover.range.start, at(text, ndc, 0));
    }
    const wrongCode = `${header('medicaid')}\n  J9312 units=28 ndc=55513-0160-01\n`;
    assert.match(hoverAt(new ClaimDocument(wrongCode), tables, DEFAULT_OPTIONS, at(wrongCode, '55513', 2))!.contents, /This line bills \*\*J9312\*\*, not a code this NDC is listed under/);
    const unknown = `${header('medicaid')}\n  J9039 units=28 ndc=12345-6789-01\n`;
    assert.match(hoverAt(new ClaimDocument(unknown), tables, DEFAULT_OPTIONS, at(unknown, '12345', 2))!.contents, /is not in the CMS ASP NDC–HCPCS crosswalk/);
  });

  test('completion lists the NDCs of the line’s code with product and billable units, in the form being typed', () => {
    const text = `${header('medicaid')}\n  J9312 units=10 dose=100mg ndc=\n`;
    const all = completeAt(new ClaimDocument(text), tables, DEFAULT_OPTIONS, { line: 1, character: text.split('\n')[1].length });
    const listed = tables.ndcByCode.get('J9312')!.map((p) => p.ndc).sort();
    assert.deepEqual(all.items.map((i) => i.label).sort(), listed);
    const rituxan = all.items.find((i) => i.label === '50242-0053-06')!;
    assert.equal(rituxan.detail, 'Rituxan · 50 billable units a vial (500 mg)');
    assert.equal(rituxan.insertText, '50242-0053-06');
    const typed = `${header('medicaid')}\n  J9312 units=10 dose=100mg ndc=5024200\n`;
    const digits = completeAt(new ClaimDocument(typed), tables, DEFAULT_OPTIONS, { line: 1, character: typed.split('\n')[1].length });
    assert.ok(digits.items.length > 0 && digits.items.every((i) => /^5024200[0-9]{4}$/.test(i.insertText)), JSON.stringify(digits.items.map((i) => i.insertText)));
    const none = `${header('medicaid')}\n  96413 units=1 ndc=\n`;
    assert.deepEqual(completeAt(new ClaimDocument(none), tables, DEFAULT_OPTIONS, { line: 1, character: none.split('\n')[1].length }).items, []);
  });
});
