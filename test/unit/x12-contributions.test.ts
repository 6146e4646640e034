// What the extension contributes for 837 files (package.json), checked without VS Code: the x12
// language for .837/.x12/.edi, its grammar (a file that parses, with patterns that compile and
// match a segment id), activation on the language, and the Format 837 command in the palette.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

test('package.json: language x12 for .837/.x12/.edi, its grammar, activation and the Format 837 command', () => {
  const language = pkg.contributes.languages.find((l: { id: string }) => l.id === 'x12');
  assert.deepEqual(language.extensions, ['.837', '.x12', '.edi']);
  assert.ok(pkg.activationEvents.includes('onLanguage:x12'));
  const grammar = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'x12');
  const tm = JSON.parse(readFileSync(join(ROOT, grammar.path), 'utf8'));
  assert.equal(tm.scopeName, grammar.scopeName);
  const segment = new RegExp(tm.repository['billing-segment'].match);
  assert.equal(segment.exec('SV1*HC:J9039*10*UN*28~')?.[1], 'SV1');
  assert.ok(pkg.contributes.commands.some((c: { command: string; title: string }) => c.command === 'claims.format837' && c.title === 'Format 837'));
  assert.ok(pkg.contributes.menus.commandPalette.some((m: { command: string; when: string }) => m.command === 'claims.format837' && m.when === 'editorLangId == x12'));
});
