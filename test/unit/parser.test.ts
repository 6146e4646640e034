// The parser: exact token ranges, error recovery, and no throw on any input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument, parseLine, splitLines } from '../../server/src/engine/parser';

test('a service line splits into code, modifiers and fields with exact ranges', () => {
  const line = parseLine('  J9037-JW units=40  # the 20 mg discarded', 3);
  assert.equal(line.kind, 'service');
  assert.equal(line.code?.text, 'J9037');
  assert.deepEqual(line.code?.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 7 } });
  assert.deepEqual(line.modifiers.map((m) => [m.text, m.range.start.character, m.range.end.character]), [['JW', 8, 10]]);
  assert.equal(line.fields[0].key.text, 'units');
  assert.equal(line.fields[0].value?.text, '40');
  assert.deepEqual([line.fields[0].value?.range.start.character, line.fields[0].value?.range.end.character], [17, 19]);
  assert.equal(line.comment?.text, '# the 20 mg discarded');
  assert.equal(line.comment?.range.start.character, 21);
});

test('a header line has keyword, id and fields', () => {
  const line = parseLine('claim CLM-1001 payer=medicare dos=2025-01-15 dx=C91.00,Z51.12', 0);
  assert.equal(line.kind, 'header');
  assert.equal(line.claimId?.text, 'CLM-1001');
  assert.deepEqual(line.fields.map((f) => f.key.text), ['payer', 'dos', 'dx']);
  assert.equal(line.syntaxProblems.length, 0);
});

test('a header without an id says what was expected', () => {
  const line = parseLine('claim payer=medicare', 0);
  assert.match(line.syntaxProblems[0].message, /expected a claim id/);
  assert.equal(line.fields.length, 1);
});

test('# inside a token is not a comment; # after white space is', () => {
  const line = parseLine('claim CLM#1 patient=P#2 # note', 0);
  assert.equal(line.claimId?.text, 'CLM#1');
  assert.equal(line.fields[0].value?.text, 'P#2');
  assert.equal(line.comment?.text, '# note');
});

test('ranges count UTF-16 code units, as LSP does', () => {
  const line = parseLine('claim 𝒞LM-1 payer=medicare', 0);
  // 𝒞 is one code point but two UTF-16 units.
  assert.equal(line.claimId?.range.end.character, 6 + 6);
  assert.equal(line.fields[0].token.range.start.character, 13);
});

test('tabs separate tokens and CRLF, LF and lone CR all end lines', () => {
  const lines = parseDocument('claim A\tpayer=medicare\r\n\tJ9039 units=1\rJ9039 units=2\n');
  assert.equal(lines.length, 4);
  assert.deepEqual(lines.map((l) => l.eol), ['\r\n', '\r', '\n', '']);
  assert.equal(lines[0].fields[0].key.text, 'payer');
  assert.equal(lines[1].code?.range.start.character, 1);
});

test('a BOM counts as indentation and keeps its column', () => {
  const [line] = parseDocument('\uFEFFclaim CLM-1 payer=medicare');
  assert.equal(line.kind, 'header');
  assert.equal(line.keyword?.range.start.character, 1);
});

test('malformed codes and modifiers are syntax problems, and the line still parses', () => {
  const line = parseLine('  J90-J-ZZZ units=1 stray', 0);
  assert.equal(line.kind, 'service');
  assert.deepEqual(
    line.syntaxProblems.map((p) => p.range.start.character),
    [2, 6, 8, 20],
  );
  assert.equal(line.fields.length, 1);
});

test('a trailing dash asks for a modifier', () => {
  const line = parseLine('J9039- units=1', 0);
  assert.match(line.syntaxProblems[0].message, /modifier after '-'/);
});

test('a claim-disable directive names ids, or all of them', () => {
  assert.deepEqual(parseLine('# claims-disable-next-line missing-jw-jz, units-mismatch', 0).disableNextLine, ['missing-jw-jz', 'units-mismatch']);
  assert.deepEqual(parseLine('  # claims-disable-next-line', 0).disableNextLine, ['*']);
  assert.equal(parseLine('# an ordinary comment', 0).disableNextLine, undefined);
});

test('never throws: binary, a 1 MB line, unicode, control characters', () => {
  const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
  const inputs = [binary, 'J'.repeat(1 << 20), 'x='.repeat(300_000), '\u0000\u0001\u202e claim', '🙂'.repeat(1000), '', '\r\n\r\n', '====', '-'.repeat(50)];
  for (const input of inputs) {
    const lines = parseDocument(input);
    assert.equal(lines.length, splitLines(input).length);
    for (const line of lines) {
      for (const f of line.fields) assert.equal(line.text.slice(f.token.range.start.character, f.token.range.end.character), f.token.text);
    }
  }
});
