// language-configuration.json: the comment token, and the word pattern VS Code uses for
// double-click selection, word navigation, completion ranges and word highlights.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');

interface LanguageConfiguration {
  comments?: { lineComment?: string };
  wordPattern?: string | { pattern: string; flags?: string };
  onEnterRules?: { beforeText: string; afterText?: string; action: { indent: string; appendText?: string } }[];
}

const config = JSON.parse(readFileSync(join(ROOT, 'language-configuration.json'), 'utf8')) as LanguageConfiguration;

/** The word RegExp as VS Code builds it: the pattern with its flags, plus 'g'. */
function wordRegExp(): RegExp {
  const wp = config.wordPattern;
  assert.ok(wp, 'wordPattern is set');
  const [pattern, flags] = typeof wp === 'string' ? [wp, ''] : [wp.pattern, wp.flags ?? ''];
  return new RegExp(pattern, flags.includes('g') ? flags : `${flags}g`);
}

/** The word enclosing `pos` when the search starts at `from` (VS Code starts at several points before the cursor). */
function enclosingFrom(re: RegExp, text: string, pos: number, from: number): string | undefined {
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    if (m.index <= pos && m.index + m[0].length >= pos) return m[0];
    if (m.index > pos) return undefined;
  }
  return undefined;
}

/**
 * The word at `pos` as VS Code's getWordAtText finds it: searches start 15, 30, 45… characters
 * before the cursor and the first that finds an enclosing match wins. To stay correct whatever
 * the window, every start offset must agree on the word (or find none and leave it to a wider one).
 */
function wordAt(text: string, pos: number): string | undefined {
  const re = wordRegExp();
  let found: string | undefined;
  for (let i = 1; ; i++) {
    const from = Math.max(0, pos - 15 * i);
    found = enclosingFrom(re, text, pos, from) ?? found;
    if (found !== undefined || from === 0) break;
  }
  const whole = enclosingFrom(re, text, pos, 0);
  for (let from = 0; from <= pos; from++) {
    const w = enclosingFrom(re, text, pos, from);
    assert.ok(w === undefined || w === whole, `a search from ${from} finds ${JSON.stringify(w)} at ${pos}, from 0 finds ${JSON.stringify(whole)} in ${JSON.stringify(text)}`);
  }
  assert.equal(found, whole);
  return found;
}

/** The word under the cursor placed `delta` characters into the `occurrence`-th `needle`. */
function wordOn(text: string, needle: string, delta = 1, occurrence = 1): string | undefined {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${needle} in ${text}`);
  }
  return wordAt(text, at + delta);
}

function words(text: string): string[] {
  return [...text.matchAll(wordRegExp())].map((m) => m[0]);
}

describe('language configuration', () => {
  test('# is the line comment token', () => {
    assert.equal(config.comments?.lineComment, '#');
  });

  test('the word pattern compiles the way VS Code compiles it', () => {
    const re = wordRegExp();
    assert.ok(re.global);
    assert.ok(!re.test(''), 'it never matches the empty string');
  });

  test('codes, modifiers, dx codes, dates, amounts and vials are whole words', () => {
    const header = 'claim CLM-1001 payer=medicare dos=2025-01-15 dx=C91.00,Z51.12 patient=P-4471';
    assert.deepEqual(words(header), ['claim', 'CLM-1001', 'payer', 'medicare', 'dos', '2025-01-15', 'dx', 'C91.00', 'Z51.12', 'patient', 'P-4471']);
    const service = '  J9037     units=360  dose=180mg  vial=2x100mg  dose=1.5mg charge=1250.00';
    assert.deepEqual(words(service), ['J9037', 'units', '360', 'dose', '180mg', 'vial', '2x100mg', 'dose', '1.5mg', 'charge', '1250.00']);
    assert.equal(wordOn(header, 'C91.00', 4), 'C91.00');
    assert.equal(wordOn(header, '2025-01-15', 6), '2025-01-15');
    assert.equal(wordOn('  J9039-JZ units=28 dose=28mcg', '28mcg', 3), '28mcg');
    assert.equal(wordOn(service, '2x100mg', 0), '2x100mg');
    assert.equal(wordOn(service, '2x100mg', 7), '2x100mg');
  });

  test('a code and its modifiers are separate words', () => {
    const text = '  J9039-JZ  units=28   dose=28mcg';
    assert.deepEqual(words(text), ['J9039', 'JZ', 'units', '28', 'dose', '28mcg']);
    for (let delta = 0; delta <= 5; delta++) assert.equal(wordOn(text, 'J9039', delta), 'J9039', `cursor at J9039+${delta}`);
    for (let delta = 0; delta <= 2; delta++) assert.equal(wordOn(text, 'JZ', delta), 'JZ', `cursor at JZ+${delta}`);
    assert.deepEqual(words('J9037-JW-KX units=40'), ['J9037', 'JW', 'KX', 'units', '40']);
    assert.deepEqual(words('j9039-jz'), ['j9039', 'jz']);
    assert.deepEqual(words('96413-59 units=1'), ['96413', '59', 'units', '1']);
    assert.deepEqual(words('0001F-1P'), ['0001F', '1P']);
  });

  test('while a modifier is being typed, the word is the modifier', () => {
    assert.equal(wordAt('  J9039-J', 9), 'J');
    assert.equal(wordAt('  J9039-', 7), 'J9039');
    assert.equal(wordAt('  J9039-', 8), undefined, 'nothing typed after the dash yet');
    assert.equal(wordAt('  J9039-JZ-K units=1', 12), 'K');
  });

  test('other hyphenated tokens stay whole: ids, NDCs, drug names, diagnostic ids', () => {
    assert.deepEqual(words('ndc=55513-0160-01 drug=belantamab-mafodotin auth=PA-88231'), ['ndc', '55513-0160-01', 'drug', 'belantamab-mafodotin', 'auth', 'PA-88231']);
    assert.equal(wordOn('ndc=55513-0160-01', '0160', 2), '55513-0160-01');
    assert.equal(wordOn('ndc=55513-0160-01', '-01', 2), '55513-0160-01');
    assert.deepEqual(words('# claims-disable-next-line units-mismatch,missing-jw-jz'), ['claims-disable-next-line', 'units-mismatch', 'missing-jw-jz']);
  });

  test('=, comma, # and white space separate words; trailing dots are not part of them', () => {
    assert.deepEqual(words('dx=1,2 P#2 units=28. done'), ['dx', '1', '2', 'P', '2', 'units', '28', 'done']);
    assert.equal(wordAt('units=28', 5), 'units', 'the cursor right after a word still selects it');
    assert.equal(wordAt('a  b', 2), undefined);
  });

  test('words in comments may hold letters beyond ASCII', () => {
    assert.deepEqual(words('# Oncology centre — Zürich'), ['Oncology', 'centre', 'Zürich']);
  });

  test('Enter after a claim header indents the first service line by two spaces', () => {
    const rule = config.onEnterRules?.[0];
    assert.ok(rule);
    const before = new RegExp(rule.beforeText);
    assert.ok(before.test('claim CLM-1001 payer=medicare dos=2025-01-15 dx=C91.00'));
    assert.ok(!before.test('  J9039-JZ units=28'));
    assert.ok(!before.test('claims are fun'), 'only the claim keyword');
    assert.equal(rule.action.appendText, '  ');
  });
});
