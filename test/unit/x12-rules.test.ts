// Each rule on 837 input (checkX12): the same ids as on a .claim file, on the segment element that
// carries the value, with only X12-safe quick fixes (`:JZ` after the last modifier, removing a
// modifier with its separator, replacing a code, modifier, diagnosis or quantity).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { X12FixConfirmer, checkX12, checkX12Model } from '../../server/src/engine/sources/x12/check';
import { LineIndex } from '../../server/src/engine/sources/x12/reader';
import { loadTables } from '../../server/src/engine/tables';
import type { CheckOptions, ClaimDiagnostic, CodeTables, Range } from '../../server/src/engine/types';
import { tablesWithFacts } from '../helpers/fixtures';
import { ONE_LINE, STANDARD, UNUSUAL, write837, type X12Claim, type X12Delims, type X12Line } from '../helpers/x12';

const tables = loadTables();
const DATE = '20250115';

function covered(text: string, range: Range): string {
  const index = new LineIndex(text);
  return text.slice(index.offset(range.start.line, range.start.character), index.offset(range.end.line, range.end.character));
}

/** The segment id of the segment a range starts in. */
function segmentOf(text: string, range: Range, terminator = '~'): string {
  const index = new LineIndex(text);
  const offset = index.offset(range.start.line, range.start.character);
  const start = text.lastIndexOf(terminator, offset - 1) + 1;
  return text.slice(start).trimStart().split(/[*|]/)[0];
}

function claim(lines: X12Line[], extra: Partial<X12Claim> = {}): X12Claim {
  return { id: 'C1', filing: 'MB', dx: ['C9100'], ...extra, lines: lines.map((l) => ({ date: DATE, ...l })) };
}

function check(claims: X12Claim[], options: Partial<CheckOptions> = {}, t: CodeTables = tables, delims: X12Delims = STANDARD) {
  const text = write837(claims, { delims });
  const found = checkX12(text, t, options).filter((d) => d.id !== 'dx-not-indicated');
  return { text, found };
}

function only(found: ClaimDiagnostic[], id: string): ClaimDiagnostic {
  const matching = found.filter((d) => d.id === id);
  assert.equal(matching.length, 1, `one ${id} in ${found.map((d) => d.id).join(', ')}`);
  return matching[0];
}

/** Every fix's edits are X12: letters and digits, optionally after the component separator; never a claim-language line or field. */
function assertX12Fixes(found: ClaimDiagnostic[], component = ':') {
  for (const d of found) {
    for (const fix of d.fixes) {
      for (const edit of fix.edits) assert.match(edit.newText, new RegExp(`^\\${component}?[A-Za-z0-9]*$`), `${d.id}: ${fix.title} ${JSON.stringify(edit)}`);
    }
  }
}

const CASES: Array<{ name: string; claims: X12Claim[]; id: string; text: string; segment: string; severity: string; options?: Partial<CheckOptions>; tables?: () => CodeTables }> = [
  { name: 'no JW/JZ on a Medicare single-dose drug', claims: [claim([{ code: 'J9039', units: '28' }])], id: 'missing-jw-jz', text: 'HC:J9039', segment: 'SV1', severity: 'error' },
  { name: 'JW and JZ on one line', claims: [claim([{ code: 'J9039', mods: ['JW', 'JZ'], units: '28' }])], id: 'jw-jz-conflict', text: 'JZ', segment: 'SV1', severity: 'error' },
  { name: 'a JW line without its administered line', claims: [claim([{ code: 'J9039', mods: ['JW'], units: '7' }])], id: 'jw-without-administered-line', text: 'JW', segment: 'SV1', severity: 'warning' },
  { name: 'JZ on a multi-dose drug', claims: [claim([{ code: 'J1100', mods: ['JZ'], units: '1' }], { dx: ['C9100'] })], id: 'jw-jz-not-applicable', text: 'JZ', segment: 'SV1', severity: 'warning', tables: () => tablesWithFacts({ J1100: { container: 'multi-dose' } }) },
  { name: 'a code terminated before the date', claims: [claim([{ code: 'J0135', units: '1' }])], id: 'code-not-effective', text: 'J0135', segment: 'SV1', severity: 'error' },
  { name: 'an unknown code', claims: [claim([{ code: 'J0000', units: '1' }])], id: 'unknown-code', text: 'J0000', segment: 'SV1', severity: 'error' },
  { name: 'an unknown modifier', claims: [claim([{ code: 'J9039', mods: ['JZ', 'Z9'], units: '28' }])], id: 'unknown-modifier', text: 'Z9', segment: 'SV1', severity: 'error' },
  { name: 'a lower-case code', claims: [claim([{ code: 'j9039', mods: ['JZ'], units: '28' }])], id: 'lowercase-code', text: 'j9039', segment: 'SV1', severity: 'information' },
  { name: 'the same code twice on a date', claims: [claim([{ code: 'J9039', mods: ['JZ'], units: '28' }, { code: 'J9039', mods: ['JZ'], units: '28' }])], id: 'duplicate-line', text: 'HC:J9039:JZ', segment: 'SV1', severity: 'warning' },
  { name: 'units above the MUE', claims: [claim([{ code: 'J9039', mods: ['JZ'], units: '28' }])], id: 'mue-exceeded', text: '28', segment: 'SV1', severity: 'warning', tables: () => tablesWithFacts({}, { J9039: { value: 10, mai: 1, source: 'test' } }) },
  { name: 'an NDC listed under another code', claims: [claim([{ code: 'J9312', units: '1', ndc: '55513016001' }], { filing: 'CI' })], id: 'ndc-code-mismatch', text: '55513016001', segment: 'LIN', severity: 'warning' },
  { name: 'an NDC not in the crosswalk', claims: [claim([{ code: 'J9039', units: '28', ndc: '12345678901' }], { filing: 'CI' })], id: 'ndc-unknown', text: '12345678901', segment: 'LIN', severity: 'information' },
  { name: 'a Medicaid drug line without LIN*N4', claims: [claim([{ code: 'J9039', units: '28' }], { filing: 'MC' })], id: 'missing-ndc', text: 'HC:J9039', segment: 'SV1', severity: 'error' },
  { name: 'an NDC unit of measure CTP05 does not know', claims: [claim([{ code: 'J9039', units: '28', ndc: '55513016001', ndcUnit: 'KG' }], { filing: 'MC' })], id: 'invalid-value', text: 'KG', segment: 'CTP', severity: 'error' },
  { name: 'a category diagnosis', claims: [claim([{ code: '96413', units: '1' }], { dx: ['C91'], filing: 'CI' })], id: 'dx-not-billable', text: 'C91', segment: 'HI', severity: 'error' },
  { name: 'not an ICD-10 code', claims: [claim([{ code: '96413', units: '1' }], { dx: ['123'], filing: 'CI' })], id: 'invalid-icd10', text: '123', segment: 'HI', severity: 'error' },
  { name: 'a pointer past the diagnoses', claims: [claim([{ code: '96413', units: '1', pointers: ['1', '3'] }], { filing: 'CI' })], id: 'dx-pointer-out-of-range', text: '3', segment: 'SV1', severity: 'error' },
  {
    name: 'prior authorisation a payer profile requires (NM1*PR id), without REF*G1',
    claims: [claim([{ code: 'J9173', mods: ['JZ'], units: '150' }], { filing: 'CI', payerId: 'ACME01', dx: ['C3490'] })],
    id: 'prior-auth-missing',
    text: 'HC:J9173:JZ',
    segment: 'SV1',
    severity: 'warning',
    options: { payerProfiles: [{ id: 'acme01', priorAuthCodes: ['J9173'] }] },
  },
  { name: 'a 340B entity’s Medicare drug line without JG/TB', claims: [claim([{ code: 'J9039', mods: ['JZ'], units: '28' }])], id: 'missing-340b-modifier', text: 'J9039', segment: 'SV1', severity: 'warning', options: { covered340B: true } },
  { name: 'no SBR09', claims: [claim([{ code: '96413', units: '1' }], { filing: '' })], id: 'missing-payer', text: 'CLM*C1', segment: 'CLM', severity: 'error' },
  { name: 'no HI', claims: [claim([{ code: '96413', units: '1' }], { dx: [] })], id: 'missing-dx', text: 'CLM*C1', segment: 'CLM', severity: 'error' },
  { name: 'no service line and no date', claims: [claim([], { filing: 'CI' })], id: 'empty-claim', text: 'CLM*C1', segment: 'CLM', severity: 'warning' },
  { name: 'no date at all', claims: [{ id: 'C1', filing: 'CI', dx: ['C9100'], lines: [{ code: '96413', units: '1' }] }], id: 'missing-dos', text: 'CLM*C1', segment: 'CLM', severity: 'error' },
  { name: 'a claim id used twice', claims: [claim([{ code: '96413', units: '1' }], { filing: 'CI' }), claim([{ code: '96413', units: '1' }], { filing: 'CI' })], id: 'duplicate-claim-id', text: 'C1', segment: 'CLM', severity: 'warning' },
];

for (const c of CASES) {
  test(`837: ${c.name} → ${c.id} on ${c.segment}`, () => {
    for (const delims of [STANDARD, ONE_LINE]) {
      const { text, found } = check(c.claims, c.options, c.tables?.() ?? tables, delims);
      const d = only(found, c.id);
      assert.equal(covered(text, d.range), c.text);
      assert.equal(segmentOf(text, d.range), c.segment);
      assert.equal(d.severity, c.severity);
      assertX12Fixes(found);
    }
  });
}

test('missing-jw-jz: the Add JZ fix appends :JZ after the last modifier, and the fixed 837 has no finding left', () => {
  for (const [delims, separator] of [[STANDARD, ':'], [ONE_LINE, ':'], [UNUSUAL, '^']] as const) {
    const { text, found } = check([claim([{ code: 'J9039', mods: ['KX'], units: '28' }], { filing: 'MB' })], {}, tables, delims);
    const d = only(found, 'missing-jw-jz');
    assert.equal(d.fixes.length, 1, 'the JW line fix has no X12 form here (no discarded amount) and the JZ one is the only fix');
    assert.equal(d.fixes[0].edits[0].newText, `${separator}JZ`);
    const fixed = applyEdits(text, d.fixes[0].edits);
    assert.ok(fixed.includes(['HC', 'J9039', 'KX', 'JZ'].join(separator)), fixed);
    assert.deepEqual(checkX12(fixed, tables).filter((x) => x.id !== 'dx-not-indicated').map((x) => x.id), []);
  }
});

test('jw-jz-conflict: Remove JW / Remove JZ delete the modifier with its separator', () => {
  const { text, found } = check([claim([{ code: 'J9039', mods: ['JW', 'JZ'], units: '28' }])]);
  const d = only(found, 'jw-jz-conflict');
  const results = d.fixes.map((f) => applyEdits(text, f.edits).split('\n').find((l) => l.startsWith('SV1')));
  assert.deepEqual(results.sort(), ['SV1*HC:J9039:JW*100*UN*28**~', 'SV1*HC:J9039:JZ*100*UN*28**~']);
});

test('dx-not-billable: the offered codes replace the HI code without a dot', () => {
  const { text, found } = check([claim([{ code: '96413', units: '1' }], { dx: ['C91'], filing: 'CI' })]);
  const d = only(found, 'dx-not-billable');
  assert.ok(d.fixes.length > 0);
  assert.ok(applyEdits(text, d.fixes[0].edits).includes('HI*ABK:C9100~'));
});

test('a fix whose form is claim language (a JW line, an ndc= field) is never offered in an 837', () => {
  const { found } = check([claim([{ code: 'J9039', units: '28' }], { filing: 'MC' })]);
  const missing = only(found, 'missing-ndc');
  assert.deepEqual(missing.fixes, []);
  for (const d of found) for (const f of d.fixes) for (const e of f.edits) assert.ok(!/[=\n ]/.test(e.newText), JSON.stringify(e));
});

test('messages speak of the 837 where the rule named a claim-language field', () => {
  const { found } = check([claim([{ code: 'J9039', units: '28' }], { filing: 'MC' })]);
  assert.match(only(found, 'missing-ndc').message, /has no LIN\*N4 NDC/);
  const jw = check([claim([{ code: 'J9039', units: '28' }])]).found;
  assert.doesNotMatch(only(jw, 'missing-jw-jz').message, /vial=|waste=/);
});

test('the workspace severity applies to x12-structure too, and off drops it', () => {
  const text = 'LX*1~SV1*HC:J9039*1*UN*1~';
  assert.deepEqual(checkX12(text, tables).map((d) => [d.id, d.severity]), [
    ['x12-structure', 'error'],
    ['x12-structure', 'error'],
    ['x12-structure', 'error'],
  ]);
  assert.deepEqual(checkX12(text, tables, { severity: { 'x12-structure': 'off' } }), []);
});

test('a preferred fix stays preferred only when its claim gains no finding (checked on the claim alone, in the file’s delimiters)', () => {
  for (const delims of [STANDARD, UNUSUAL]) {
    const text = write837([claim([{ code: 'J9039', mods: ['JZ'], units: '28' }]), claim([{ code: 'j9039', mods: ['JZ'], units: '28' }], { id: 'C2' })], { delims });
    const { model, diagnostics } = checkX12Model(text, tables);
    const confirmer = new X12FixConfirmer(model, tables, {});
    const lower = only(diagnostics.filter((d) => d.id !== 'dx-not-indicated'), 'lowercase-code');
    assert.deepEqual(confirmer.confirm(lower).map((f) => [f.title, f.preferred]), [['Use upper case', true]]);
    // A fix that drops the first claim's JZ would bring missing-jw-jz back: not preferred.
    const jz = model.file.claims[0].lines[0].parsed.modifiers[0];
    const removal = { start: { line: jz.range.start.line, character: jz.range.start.character - 1 }, end: jz.range.end };
    const harmful = { ...lower, range: jz.range, fixes: [{ title: 'Remove JZ', edits: [{ range: removal, newText: '' }], preferred: true }] };
    assert.deepEqual(confirmer.confirm(harmful).map((f) => f.preferred), [false]);
  }
});
