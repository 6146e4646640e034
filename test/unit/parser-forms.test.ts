// Parser edges the other tests do not reach (survivors of the parser mutation run): the exported
// code forms are anchored, the disable directive needs no space after '#', and only white space
// separates tokens: Unicode spaces do, control characters and letters beyond ASCII do not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CPT_FORM, HCPCS_FORM, parseLine } from '../../server/src/engine/parser';

test('HCPCS and CPT forms match the whole code only', () => {
  for (const ok of ['J9039', 'j9039', 'A9603']) assert.equal(HCPCS_FORM.test(ok), true, ok);
  for (const bad of ['J90399', 'xJ9039', 'J903', '9J039']) assert.equal(HCPCS_FORM.test(bad), false, bad);
  for (const ok of ['96413', '9920F', '0001u']) assert.equal(CPT_FORM.test(ok), true, ok);
  for (const bad of ['964131', 'x96413', '9641', '9920X']) assert.equal(CPT_FORM.test(bad), false, bad);
});

test('the disable directive needs no space after #', () => {
  assert.deepEqual(parseLine('#claims-disable-next-line units-mismatch', 0).disableNextLine, ['units-mismatch']);
  assert.deepEqual(parseLine('#   claims-disable-next-line', 0).disableNextLine, ['*']);
  assert.equal(parseLine('# claims-disable-next-lines units-mismatch', 0).disableNextLine, undefined);
});

test('tokens: Unicode spaces separate them; control characters and non-ASCII letters do not', () => {
  const fieldsOf = (text: string) => parseLine(text, 0).fields.map((f) => f.token.text);
  assert.deepEqual(fieldsOf('  J9039 units=28\u00a0dose=28mcg\u2003vial=1x35mcg'), ['units=28', 'dose=28mcg', 'vial=1x35mcg']);
  assert.deepEqual(fieldsOf('claim C-1 payer=medicare patient=Zoë\u00e9 dx=C91.00'), ['payer=medicare', 'patient=Zoëé', 'dx=C91.00']);
  for (const control of ['\u0000', '\u0001', '\u0008']) {
    const line = parseLine(`  J9039${control}units=28`, 0);
    // One token, which is no code: the line does not parse.
    assert.deepEqual(line.fields.map((f) => f.token.text), [`J9039${control}units=28`], `U+${control.charCodeAt(0).toString(16).padStart(4, '0')} joins the tokens`);
    assert.equal(line.kind, 'invalid');
  }
});
