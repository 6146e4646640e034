// The TextMate grammar (syntaxes/claim.tmLanguage.json) tokenized by the same engine VS Code
// uses (vscode-textmate + the oniguruma WASM build): every token class gets its own scope.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type StateStack } from 'vscode-textmate';

const ROOT = join(__dirname, '..', '..');
const GRAMMAR_PATH = join(ROOT, 'syntaxes', 'claim.tmLanguage.json');

interface Tok {
  text: string;
  scopes: string[];
}

let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.claim' ? parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
  });
  const loaded = await registry.loadGrammar('source.claim');
  assert.ok(loaded, 'the grammar loads');
  grammar = loaded;
});

/** Tokenizes lines in sequence (state carried over, as the editor does). */
function tokenize(...lines: string[]): Tok[][] {
  let state: StateStack = INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

function line(text: string): Tok[] {
  return tokenize(text)[0];
}

function describeTokens(tokens: Tok[]): string {
  return tokens.map((t) => `  ${JSON.stringify(t.text)} ${t.scopes.join(' ')}`).join('\n');
}

/** The `occurrence`-th token whose text is exactly `text`. */
function tokenOf(tokens: Tok[], text: string, occurrence = 1): Tok {
  const found = tokens.filter((t) => t.text === text);
  assert.ok(found.length >= occurrence, `no token ${JSON.stringify(text)} (#${occurrence}) in:\n${describeTokens(tokens)}`);
  return found[occurrence - 1];
}

function assertScope(tokens: Tok[], text: string, scope: string, occurrence = 1): void {
  const tok = tokenOf(tokens, text, occurrence);
  assert.ok(
    tok.scopes.includes(scope),
    `${JSON.stringify(text)} should have scope ${scope}; tokens:\n${describeTokens(tokens)}`,
  );
}

function assertNoScope(tokens: Tok[], text: string, prefix: string): void {
  for (const tok of tokens.filter((t) => t.text.includes(text))) {
    assert.ok(
      !tok.scopes.some((s) => s.startsWith(prefix)),
      `${JSON.stringify(tok.text)} should have no ${prefix}* scope; tokens:\n${describeTokens(tokens)}`,
    );
  }
}

describe('claim grammar', () => {
  test('the grammar file is JSON with scopeName source.claim', () => {
    const raw = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8')) as { scopeName: string };
    assert.equal(raw.scopeName, 'source.claim');
    for (const tok of line('claim CLM-1 payer=medicare')) assert.equal(tok.scopes[0], 'source.claim');
  });

  test('comments: whole line and trailing, with the # punctuation', () => {
    const whole = line('# November infusions');
    assertScope(whole, '#', 'comment.line.number-sign.claim');
    assertScope(whole, '#', 'punctuation.definition.comment.claim');
    assertScope(whole, ' November infusions', 'comment.line.number-sign.claim');

    const trailing = line('  J9039-JZ  units=28   dose=28mcg    # blinatumomab, 1 mcg per unit');
    assertScope(trailing, ' blinatumomab, 1 mcg per unit', 'comment.line.number-sign.claim');
    assertNoScope(trailing, 'J9039', 'comment.');
    assertNoScope(trailing, 'units', 'comment.');
  });

  test('a # inside a token is not a comment (P#2 is a value)', () => {
    const tokens = line('claim CLM-7 payer=medicare patient=P#2 dos=2025-01-15');
    assertScope(tokens, 'P#2', 'string.unquoted.claim');
    assertNoScope(tokens, 'P#2', 'comment.');
    assertScope(tokens, '2025-01-15', 'constant.other.date.claim');
  });

  test('the claims-disable-next-line directive and its ids inside a comment', () => {
    const tokens = line('# claims-disable-next-line units-mismatch, missing-jw-jz');
    assertScope(tokens, 'claims-disable-next-line', 'keyword.control.directive.claim');
    assertScope(tokens, 'claims-disable-next-line', 'comment.line.number-sign.claim');
    assertScope(tokens, 'units-mismatch', 'constant.other.rule-id.claim');
    assertScope(tokens, 'missing-jw-jz', 'constant.other.rule-id.claim');
    // An ordinary comment mentioning the words is not a directive.
    assertNoScope(line('# see claims-disable-next-line'), 'claims-disable-next-line', 'keyword.');
  });

  test('claim header: keyword, id, keys, operator, payer, date, dx codes', () => {
    const tokens = line('claim CLM-1001 payer=medicare dos=2025-01-15 dx=C91.00,Z51.12 patient=P-4471 pos=11 auth=PA-88231');
    assertScope(tokens, 'claim', 'keyword.other.claim');
    assertScope(tokens, 'CLM-1001', 'entity.name.type.claim');
    for (const key of ['payer', 'dos', 'dx', 'patient', 'pos', 'auth']) assertScope(tokens, key, 'variable.parameter.key.claim');
    assertScope(tokens, '=', 'keyword.operator.assignment.claim');
    assertScope(tokens, '=', 'keyword.operator.assignment.claim', 6);
    assertScope(tokens, 'medicare', 'constant.language.payer.claim');
    assertScope(tokens, '2025-01-15', 'constant.other.date.claim');
    assertScope(tokens, 'C91.00', 'constant.other.icd10.claim');
    assertScope(tokens, 'Z51.12', 'constant.other.icd10.claim');
    assertScope(tokens, ',', 'punctuation.separator.comma.claim');
    assertScope(tokens, '11', 'constant.numeric.claim');
    assertScope(tokens, 'P-4471', 'string.unquoted.claim');
    assertScope(tokens, 'PA-88231', 'string.unquoted.claim');
    // Dx without the dot, and a payer profile id.
    const other = line('CLAIM X payer=acme-health dx=C9100');
    assertScope(other, 'CLAIM', 'keyword.other.claim');
    assertScope(other, 'X', 'entity.name.type.claim');
    assertScope(other, 'acme-health', 'constant.language.payer.claim');
    assertScope(other, 'C9100', 'constant.other.icd10.claim');
  });

  test('a header without an id: the first key is not taken for the id', () => {
    const tokens = line('claim payer=medicare');
    assertScope(tokens, 'payer', 'variable.parameter.key.claim');
    assertNoScope(tokens, 'payer', 'entity.name');
  });

  test('service line: HCPCS code, modifiers, numbers with units', () => {
    const tokens = line('  J9039-JZ  units=28   dose=28mcg');
    assertScope(tokens, 'J9039', 'support.function.hcpcs.claim');
    assertScope(tokens, '-', 'punctuation.separator.modifier.claim');
    assertScope(tokens, 'JZ', 'entity.other.attribute-name.modifier.claim');
    assertScope(tokens, 'units', 'variable.parameter.key.claim');
    assertScope(tokens, '28', 'constant.numeric.claim');
    assertScope(tokens, '28', 'constant.numeric.claim', 2);
    assertScope(tokens, 'mcg', 'keyword.other.unit.claim');
    assertNoScope(tokens, 'J9039', 'entity.other.attribute-name');
    assertNoScope(tokens, 'JZ', 'support.function');
  });

  test('modifier chains and lower-case codes', () => {
    const chain = line('J9037-JW-KX units=40');
    assertScope(chain, 'J9037', 'support.function.hcpcs.claim');
    assertScope(chain, 'JW', 'entity.other.attribute-name.modifier.claim');
    assertScope(chain, 'KX', 'entity.other.attribute-name.modifier.claim');
    const lower = line('  j9039-jz units=28');
    assertScope(lower, 'j9039', 'support.function.hcpcs.claim');
    assertScope(lower, 'jz', 'entity.other.attribute-name.modifier.claim');
  });

  test('vial: count, x, amount and unit', () => {
    const tokens = line('  J9037     units=360  dose=180mg  vial=2x100mg');
    assertScope(tokens, 'vial', 'variable.parameter.key.claim');
    assertScope(tokens, '2', 'constant.numeric.claim');
    assertScope(tokens, 'x', 'keyword.operator.arithmetic.claim');
    assertScope(tokens, '100', 'constant.numeric.claim');
    assertScope(tokens, 'mg', 'keyword.other.unit.claim', 2);
    const single = line('J9039 units=28 dose=1.5mg vial=50mg waste=0.5mg');
    assertScope(single, '1.5', 'constant.numeric.claim');
    assertScope(single, '50', 'constant.numeric.claim');
    assertScope(single, '0.5', 'constant.numeric.claim');
    assertScope(single, 'mg', 'keyword.other.unit.claim', 3);
  });

  test('vial: mixed sizes joined by +, and a bare count of the ndc= item', () => {
    const mixed = line('J9312 units=80 dose=800mg vial=1x500mg+3x100mg');
    assertScope(mixed, '+', 'keyword.operator.arithmetic.claim');
    assertScope(mixed, 'x', 'keyword.operator.arithmetic.claim', 2);
    assertScope(mixed, '500', 'constant.numeric.claim');
    assertScope(mixed, '3', 'constant.numeric.claim');
    assertScope(mixed, 'mg', 'keyword.other.unit.claim', 3);
    const counted = line('J9039 units=28 dose=28mcg vial=2 ndc=55513016001');
    assertScope(counted, '2', 'constant.numeric.claim');
    assertScope(counted, '55513016001', 'constant.other.ndc.claim');
    // A trailing + is no vial amount: a plain string, like any value of the wrong form.
    assertScope(line('J9312 units=80 vial=1x500mg+'), '1x500mg+', 'string.unquoted.claim');
    assertScope(line('J9039 units=28 ndc=5551301600'), '5551301600', 'string.unquoted.claim');
  });

  test('CPT codes and the other service-line keys', () => {
    const tokens = line('  96413-59 units=1 charge=1250.00 ndc=55513-0160-01 drug=belantamab-mafodotin dx=1,2 dos=2025-01-16');
    assertScope(tokens, '96413', 'support.function.cpt.claim');
    assertScope(tokens, '59', 'entity.other.attribute-name.modifier.claim');
    assertScope(tokens, '1250.00', 'constant.numeric.claim');
    assertScope(tokens, '55513-0160-01', 'constant.other.ndc.claim');
    assertScope(tokens, 'belantamab-mafodotin', 'string.unquoted.claim');
    assertScope(tokens, '1', 'constant.numeric.claim', 2);
    assertScope(tokens, '2', 'constant.numeric.claim');
    assertScope(tokens, '2025-01-16', 'constant.other.date.claim');
    assertScope(line('0001F units=1'), '0001F', 'support.function.cpt.claim');
  });

  test('values of the wrong form stay plain strings; unknown keys are still keys', () => {
    const tokens = line('J9039 units=abc dose=28 dos=2025-1-5 color=blue');
    assertScope(tokens, 'abc', 'string.unquoted.claim');
    assertScope(tokens, '28', 'string.unquoted.claim');
    assertScope(tokens, '2025-1-5', 'string.unquoted.claim');
    assertScope(tokens, 'color', 'variable.parameter.key.claim');
    assertScope(tokens, 'blue', 'string.unquoted.claim');
    assertNoScope(tokens, 'abc', 'constant.');
  });

  test('a code that is not a HCPCS or CPT form gets no code scope', () => {
    const tokens = line('J903 units=1');
    assertNoScope(tokens, 'J903', 'support.function');
    assertScope(tokens, 'units', 'variable.parameter.key.claim');
  });

  test('state does not leak from one line into the next', () => {
    const [comment, header, service] = tokenize('# claims-disable-next-line units-mismatch', 'claim C1 payer=medicare', '  J9039-JZ units=28');
    assertScope(comment, 'units-mismatch', 'constant.other.rule-id.claim');
    assertScope(header, 'claim', 'keyword.other.claim');
    assertNoScope(header, 'claim', 'comment.');
    assertScope(service, 'J9039', 'support.function.hcpcs.claim');
    assertNoScope(service, 'J9039', 'meta.claim-header');
  });
});
