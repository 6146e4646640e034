// Generators for the property suite and the long fuzz run: arbitrary text, mutated valid claims
// (CRLF, lone CR, BOM, tabs, NUL, lone surrogates, huge and tiny numbers, long lines) and random
// edit sequences with the ranges a broken client could send.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';

const ROOT = join(__dirname, '..', '..');

/** Every line of the examples and the rule fixtures: real claims, right and wrong. */
export const CORPUS_LINES: string[] = [
  ...['examples/clean.claim', 'examples/mistakes.claim'].map((f) => join(ROOT, f)),
  ...readdirSync(join(ROOT, 'test', 'fixtures', 'rules')).map((f) => join(ROOT, 'test', 'fixtures', 'rules', f)),
]
  .flatMap((file) => readFileSync(file, 'utf8').split(/\r\n|\r|\n/))
  .filter((line) => !line.startsWith('# test-options') && !/^#\s*\^/.test(line));

/** Single characters that matter to the parser, plus any UTF-16 code unit. */
const char = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(' ', ' ', '\t', '\n', '\r', '\r\n', '#', '=', '-', ',', 'x', '.', '0', '9') },
  { weight: 2, arbitrary: fc.constantFrom('\u0000', '\uFEFF', '\uD800', '\uDC00', '\u00A0', '\u2028', 'é', '😀') },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
);

export const arbitraryText = fc.string({ unit: char, maxLength: 200 });

/** Numbers that break arithmetic: huge, tiny, many digits, zero. */
const nastyNumber = fc.oneof(
  fc.constantFrom('0', '00', '0.0', '1e3', '99999999999999999999999', '0.0000000000001', '.5', '1.', '999999', '1000000'),
  fc.integer({ min: 1, max: 400 }).map((n) => '9'.repeat(n)),
  fc.integer({ min: 1, max: 30 }).map((n) => `0.${'0'.repeat(n)}1`),
  fc.integer({ min: 0, max: 5000 }).map(String),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map((d) => String(d)),
);

type Mutation = (line: string) => string;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), char).map(([at, c]) => (line: string) => line.slice(0, at % (line.length + 1)) + c + line.slice(at % (line.length + 1))),
  fc.nat().map((at) => (line: string) => line.slice(0, at % (line.length + 1)) + line.slice((at % (line.length + 1)) + 1)),
  nastyNumber.map((n) => (line: string) => line.replace(/[0-9]+(\.[0-9]+)?/, n)),
  fc.constantFrom<Mutation>(
    (line) => line.toLowerCase(),
    (line) => line.replace('-JZ', '-JW-JZ'),
    (line) => line.replace(/ units=\S+/, ''),
    (line) => line.replace(/dos=\S+/, 'dos=2016-12-01'),
    (line) => line.replace(/J9037/, 'J9038'),
    (line) => line + ' drug=belinostat',
    (line) => line + ' vial=3x100mg',
    (line) => line + ' waste=1mg dx=2',
    (line) => '\t' + line.trim(),
    (line) => '\uFEFF' + line,
    (line) => line + '  # note',
  ),
);

const mutatedLine = fc
  .tuple(fc.constantFrom(...CORPUS_LINES), fc.array(mutation, { maxLength: 3 }))
  .map(([line, mutations]) => mutations.reduce((text, m) => m(text), line));

const lineEnding = fc.constantFrom('\n', '\n', '\r\n', '\r');

/** A claim document made of real lines, mutated, with mixed line endings. */
export const arbitraryClaims = fc
  .tuple(fc.array(fc.tuple(mutatedLine, lineEnding), { minLength: 1, maxLength: 14 }), fc.boolean(), fc.boolean())
  .map(([lines, bom, trailing]) => {
    const text = lines.map(([line, eol]) => line + eol).join('');
    return (bom ? '\uFEFF' : '') + (trailing ? text : text.replace(/(\r\n|\r|\n)$/, ''));
  });

/** Either kind of document; claims more often, since they reach the rules. */
export const arbitraryDocument = fc.oneof({ weight: 1, arbitrary: arbitraryText }, { weight: 4, arbitrary: arbitraryClaims });

export interface WirePosition {
  line: number;
  character: number;
}

/** Positions a client could send: inside, past the end, negative, fractional. */
export const arbitraryPosition: fc.Arbitrary<WirePosition> = fc.record({
  line: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 16 }) }, { weight: 1, arbitrary: fc.integer({ min: -3, max: 40 }) }),
  character: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 60 }) },
    { weight: 1, arbitrary: fc.integer({ min: -5, max: 500 }) },
    { weight: 1, arbitrary: fc.double({ min: 0, max: 60, noNaN: true }) },
  ),
});

export interface WireChange {
  range: { start: WirePosition; end: WirePosition };
  text: string;
}

const insertion = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: char, maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom('\n', '\r', '\r\n', '\n  J9039-JZ units=28 dose=28mcg', 'claim C9 payer=medicare dos=2025-01-15 dx=C91.00\n', '') },
  { weight: 2, arbitrary: mutatedLine.map((l) => l + '\n') },
);

export const arbitraryChange: fc.Arbitrary<WireChange> = fc.record({
  range: fc.record({ start: arbitraryPosition, end: arbitraryPosition }),
  text: insertion,
});

/** Runs per property: small in `npm test`, large under `npm run fuzz` (FUZZ_RUNS). */
export function runs(inTestSuite: number): number {
  const fromEnv = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : inTestSuite;
}

/**
 * `text` after `change`, as vscode-languageserver-textdocument applies it: the oracle for
 * incremental updates. The library clamps each range as its offsetAt does; its own incremental
 * line table goes wrong after a range past the end, so each change goes to a document made from
 * the text; and a fractional character is given to it rounded down, since its EOL back-off
 * misreads fractional offsets (character 1e-14 on line 1 lands before line 0's line break).
 */
export function applyAsEditorLibrary(text: string, change: WireChange): string {
  const floor = (p: WirePosition) => ({ line: p.line, character: Math.floor(p.character) });
  const mirror = TextDocument.create('file:///oracle.claim', 'claim', 1, text);
  TextDocument.update(mirror, [{ text: change.text, range: { start: floor(change.range.start), end: floor(change.range.end) } }], 2);
  return mirror.getText();
}
