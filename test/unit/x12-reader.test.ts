// The X12 reader and the 837 mapper: delimiters from ISA (usual, one long line, unusual ones with
// CRLF), segments with their offsets, loops (subscriber → claim → service line), and every element
// the mapper reads, landing on the range of the element or component that carries it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex, readX12 } from '../../server/src/engine/sources/x12/reader';
import { mapX12, payerOfFilingIndicator, x12Date } from '../../server/src/engine/sources/x12/mapper';
import type { Range } from '../../server/src/engine/types';
import { ONE_LINE, STANDARD, UNUSUAL, write837, type X12Claim } from '../helpers/x12';

/** The text a range covers. */
function at(text: string, range: Range): string {
  const index = new LineIndex(text);
  return text.slice(index.offset(range.start.line, range.start.character), index.offset(range.end.line, range.end.character));
}

const CLAIM: X12Claim = {
  id: 'CLM-1',
  filing: 'MB',
  dx: ['C9100', 'Z5112'],
  pos: '22',
  auth: 'PA-77',
  lines: [
    { code: 'J9039', mods: ['JZ', 'KX'], charge: '4583.12', units: '28', pointers: ['1', '2'], date: '20250115', ndc: '55513016001', ndcQuantity: '1', ndcUnit: 'UN' },
    { code: '96413', units: '1', date: '20250116' },
  ],
};

test('delimiters come from ISA: usual, one long line, and | ^ ! with CRLF line breaks', () => {
  for (const delims of [STANDARD, ONE_LINE, UNUSUAL]) {
    const text = write837([CLAIM], { delims });
    const doc = readX12(text);
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(doc.delimiters, { element: delims.element, component: delims.component, repetition: delims.repetition, segment: delims.segment });
    assert.deepEqual(doc.segments.map((s) => s.id).slice(0, 3), ['ISA', 'GS', 'ST']);
    assert.equal(doc.segments[doc.segments.length - 1].id, 'IEA');
    const sv1 = doc.segments.find((s) => s.id === 'SV1')!;
    assert.equal(text.slice(sv1.start, sv1.end), ['SV1', ['HC', 'J9039', 'JZ', 'KX'].join(delims.component), '4583.12', 'UN', '28', '', '', ['1', '2'].join(delims.component)].join(delims.element));
    assert.deepEqual(sv1.elements[1].components.map((c) => c.text), ['HC', 'J9039', 'JZ', 'KX']);
    assert.equal(text.slice(sv1.elements[1].components[1].start, sv1.elements[1].components[1].end), 'J9039');
  }
});

test('one long line: every position is on line 0, at its offset', () => {
  const text = write837([CLAIM], { delims: ONE_LINE });
  const model = mapX12(text);
  const line = model.file.claims[0].lines[0];
  assert.equal(line.parsed.code!.range.start.line, 0);
  assert.equal(line.parsed.code!.range.start.character, text.indexOf('HC:J9039') + 3);
  assert.equal(at(text, line.parsed.codeToken!.range), 'HC:J9039:JZ:KX');
});

test('a file without ISA, or with a cut-off ISA, is an x12-structure finding and is read with the usual delimiters', () => {
  const noIsa = mapX12('CLM*C1*100***11:B:1~HI*ABK:C9100~LX*1~SV1*HC:J9039*10*UN*28~DTP*472*D8*20250115~');
  assert.equal(noIsa.issues[0].id, 'x12-structure');
  assert.match(noIsa.issues[0].message, /does not start with an ISA segment/);
  assert.equal(noIsa.file.claims[0].lines[0].code, 'J9039');
  const short = readX12('ISA*00*  *00~');
  assert.match(short.problems[0].message, /the ISA segment ends after ISA0\d/);
});

test('line breaks and blanks between segments are skipped; a terminator that is a line break works too', () => {
  const text = write837([CLAIM]).replace(/~\n/g, '~\r\n  ');
  const model = mapX12(text);
  assert.deepEqual(model.issues, []);
  assert.equal(model.file.claims[0].lines.length, 2);
  const newlineTerminated = write837([CLAIM], { delims: { ...STANDARD, segment: '\n', newline: '' } });
  const other = mapX12(newlineTerminated);
  assert.equal(other.document.delimiters.segment, '\n');
  assert.equal(other.file.claims[0].lines[0].parsed.codeToken!.range.start.line, newlineTerminated.split('\n').findIndex((l) => l.startsWith('SV1')));
});

test('CLM, HI, SBR, REF*G1, CLM05-1, SV1, DTP*472 and LIN/CTP map to the claim model on their elements', () => {
  const text = write837([CLAIM]);
  const model = mapX12(text);
  assert.equal(model.variant, '837P');
  const [claim] = model.file.claims;
  const h = claim.header;
  assert.equal(h.id, 'CLM-1');
  assert.equal(at(text, h.parsed.claimId!.range), 'CLM-1');
  assert.equal(h.payer, 'medicare');
  assert.equal(at(text, h.parsed.fields.find((f) => f.key.text === 'payer')!.value!.range), 'MB');
  assert.equal(h.pos, '22');
  assert.equal(h.auth, 'PA-77');
  assert.equal(h.dos, '2025-01-15');
  assert.deepEqual(h.dx.map((d) => [d.text, d.normalized, d.valid, at(text, d.range)]), [
    ['C9100', 'C9100', true, 'C9100'],
    ['Z5112', 'Z5112', true, 'Z5112'],
  ]);
  const [first, second] = claim.lines;
  assert.equal(first.code, 'J9039');
  assert.deepEqual(first.modifiers, ['JZ', 'KX']);
  assert.deepEqual(first.parsed.modifiers.map((m) => at(text, m.range)), ['JZ', 'KX']);
  assert.equal(first.codeKind, 'hcpcs');
  assert.equal(first.units, 28);
  assert.equal(first.charge, 4583.12);
  assert.deepEqual(first.dxPointers.map((p) => p.value), [1, 2]);
  assert.equal(first.dos, '2025-01-15');
  assert.equal(first.ndc, '55513016001');
  assert.equal(first.dose, undefined);
  assert.equal(first.vial, undefined);
  assert.deepEqual(model.lineInfo.get(first)!.ndcQuantity, { value: '1', unit: 'UN' });
  assert.equal(model.lineInfo.get(first)!.unitBasis, 'UN');
  assert.equal(second.codeKind, 'cpt');
  assert.equal(second.dos, '2025-01-16');
  assert.deepEqual(second.dxPointers.map((p) => p.value), [1]);
  assert.deepEqual(model.issues, []);
  assert.deepEqual([...first.issues, ...second.issues, ...h.issues], []);
});

test('837I: SV2 revenue code, HC composite, charge, unit basis and quantity; DTP*434 RD8 claim dates; CLM05-1 is a facility code', () => {
  const text = write837([{ ...CLAIM, date: '20250110', lines: [{ code: 'J9039', units: '28', revenue: '0636' }] }], { variant: '837I' });
  const model = mapX12(text);
  assert.equal(model.variant, '837I');
  const [claim] = model.file.claims;
  assert.equal(claim.header.dos, '2025-01-10');
  assert.equal(claim.header.pos, undefined);
  assert.equal(model.claims.get(claim)!.facilityCode, '22');
  const [line] = claim.lines;
  assert.equal(line.code, 'J9039');
  assert.equal(line.units, 28);
  assert.equal(line.dos, '2025-01-10');
  assert.equal(model.lineInfo.get(line)!.revenueCode, '0636');
});

test('SBR09 claim filing indicators: MB/MA Medicare, MC Medicaid, others commercial; an NM1*PR id that names a payer profile wins', () => {
  assert.deepEqual(['MB', 'MA', 'MC', 'CI', 'BL', 'HM'].map(payerOfFilingIndicator), ['medicare', 'medicare', 'medicaid', 'commercial', 'commercial', 'commercial']);
  const text = write837([{ ...CLAIM, filing: 'CI', payerId: 'ACME01' }, { ...CLAIM, id: 'CLM-2', filing: 'CI', payerId: 'OTHER' }]);
  const model = mapX12(text, ['acme01']);
  assert.deepEqual(model.file.claims.map((c) => c.header.payer), ['acme01', 'commercial'], 'profile ids are lower case, NM109 as written');
  assert.equal(at(text, model.file.claims[0].header.parsed.fields.find((f) => f.key.text === 'payer')!.value!.range), 'ACME01');
  // Each subscriber loop (HL*22) brings its own SBR: no payer carries over.
  const none = mapX12(write837([{ ...CLAIM, filing: '' }]));
  assert.equal(none.file.claims[0].header.payer, undefined);
});

test('dates: D8 and RD8, real calendar dates only', () => {
  assert.equal(x12Date('D8', '20250115'), '2025-01-15');
  assert.equal(x12Date('RD8', '20250101-20250131'), '2025-01-01');
  assert.equal(x12Date('D8', '20250230'), undefined);
  assert.equal(x12Date('D8', '2025011'), undefined);
});

test('values the engine cannot read are invalid-value findings on their element; broken structure is x12-structure', () => {
  const text = write837([
    { ...CLAIM, lines: [{ code: 'J9039', units: 'x', date: '20251315', ndc: '5551301600', ndcUnit: 'KG', pointers: ['1', 'A'] }, { code: 'J9039', ndc: '55513016001', ndcQualifier: 'UP', date: '20250115' }, { code: 'J9039', ndc: '55513016001', ndcQuantity: '', date: '20250115' }] },
  ]);
  const model = mapX12(text);
  const issues = model.file.claims[0].lines.flatMap((l) => l.issues.map((i) => [i.id, at(text, i.range), i.message.split(' ')[0]]));
  assert.deepEqual(issues, [
    ['invalid-value', 'x', 'quantity'],
    ['invalid-value', 'A', 'diagnosis'],
    ['invalid-value', '20251315', 'DTP03'],
    ['invalid-value', '5551301600', 'LIN03'],
    ['invalid-value', 'KG', 'CTP05-1'],
    ['invalid-value', 'UP', 'LIN02'],
    ['invalid-value', 'LIN', 'LIN*N4'],
  ]);
  const orphan = mapX12('ISA*00*          *00*          *ZZ*A              *ZZ*B              *250101*1200*^*00501*000000001*0*T*:~LX*1~SV1*HC:J9039*1*UN*1~SV1*ZZ*1*UN*1~');
  assert.deepEqual(orphan.issues.map((i) => i.message.split(';')[0]), [
    'LX service line comes before any CLM segment, so it belongs to no claim',
    'SV1 service line comes before any CLM segment, so it belongs to no claim',
    "SV101 'ZZ' is not a procedure composite HC:code[:modifier…]",
  ]);
  assert.equal(orphan.file.claims.length, 0);
});

test('claims end at the next HL, CLM or SE; the outline range of a claim runs from CLM to its last segment', () => {
  const text = write837([CLAIM, { ...CLAIM, id: 'CLM-2' }]);
  const model = mapX12(text);
  assert.deepEqual(model.file.claims.map((c) => [c.header.id, c.lines.length]), [['CLM-1', 2], ['CLM-2', 2]]);
  const lines = text.split('\n');
  const [a] = model.file.claims;
  assert.ok(lines[a.startLine].startsWith('CLM*CLM-1'));
  assert.ok(lines[a.endLine].startsWith('DTP*472'), lines[a.endLine]);
});
