// Issue 10, part 4, as the editor sees it: the built server over stdio. Quick fixes (their order
// and isPreferred), Fix All (source.fixAll.claims), the new unknown-drug and the claim lens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CodeAction, CodeLens, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { LspTestClient } from '../helpers/lspClient';

const client = new LspTestClient();
before(() => client.initialize());
after(() => client.shutdown());

let count = 0;
const freshUri = () => `file:///tmp/new-user-${process.pid}-${count++}.claim`;

async function actionsFor(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
}

async function fixAll(uri: string, text: string): Promise<string> {
  const [action] = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll.claims'] },
  });
  if (!action?.edit) return text;
  return applyEdits(text, (action.edit.documentChanges![0] as { edits: TextEdit[] }).edits);
}

const HEADER = 'claim C-1 payer=medicare dos=2025-01-15 dx=C43.9';

test('quick fixes a new user needs: J9299 first and preferred for nivolumab, Rename to units, JZ for ZJ; Fix All applies them', async () => {
  const uri = freshUri();
  const text = `${HEADER}\n  J9271-JZ units=240 dose=240mg drug=nivolumab\n  J9271-JZ uints=42 dose=42mg dos=2025-01-16\n  J9271-ZJ units=42 dose=42mg dos=2025-01-17\n`;
  client.open(uri, text);
  const diagnostics = await client.diagnosticsFor(uri);
  const byCode = (code: string) => diagnostics.find((d) => d.code === code)!;

  const change = await actionsFor(uri, byCode('drug-code-mismatch'));
  assert.deepEqual(change.map((a) => [a.title, a.isPreferred === true]), [
    ['Change code to J9299 (Injection, nivolumab)', true],
    ['Change code to J9298 (Inj nivol relatlimab 3mg/1mg)', false],
  ]);
  const rename = await actionsFor(uri, byCode('unknown-field'));
  assert.deepEqual(rename.map((a) => [a.title, a.isPreferred === true]), [['Rename to units', true]]);
  const missing = await actionsFor(uri, byCode('missing-units'));
  assert.ok(missing.every((a) => a.isPreferred !== true), 'Add units=42 beside uints=42 is not preferred');
  // The range's other findings (missing-jw-jz on the code token) bring their own actions: look for ours.
  const modifier = (await actionsFor(uri, byCode('unknown-modifier'))).filter((a) => a.title.startsWith('Change modifier to'));
  assert.equal(modifier[0].title, 'Change modifier to JZ');
  assert.equal(modifier[0].isPreferred, true);
  assert.ok(modifier.slice(1).every((a) => a.isPreferred !== true));

  assert.equal(
    await fixAll(uri, text),
    `${HEADER}\n  J9299-JZ units=240 dose=240mg drug=nivolumab\n  J9271-JZ units=42 dose=42mg dos=2025-01-16\n  J9271-JZ units=42 dose=42mg dos=2025-01-17\n`,
  );
  client.close(uri);
});

test('unknown-drug is a warning with did-you-mean; a terminated code names its replacement; J9045-JW alone gets both JW findings', async () => {
  const uri = freshUri();
  const text = `${HEADER}\n  J9299-JZ units=42 dose=42mg drug=nivolumb\n  J9310 units=50 dose=500mg\n  J9045-JW units=2\n`;
  client.open(uri, text);
  const diagnostics = await client.diagnosticsFor(uri);
  const unknown = diagnostics.find((d) => d.code === 'unknown-drug')!;
  assert.equal(unknown.severity, 2, 'warning');
  assert.equal(unknown.source, 'claims');
  assert.match(String(unknown.message), /did you mean nivolumab/);
  assert.deepEqual((await actionsFor(uri, unknown)).map((a) => [a.title, a.isPreferred === true])[0], ['Change drug to nivolumab', true]);
  // 500 mg is 5 units of J9310 (100 mg), so the 50 units billed are a units-mismatch under it: they
  // are the 10 mg units of J9312. No missing-jw-jz about the terminated code's container type.
  const terminated = diagnostics.filter((d) => d.range.start.line === 2);
  assert.deepEqual(terminated.map((d) => d.code).sort(), ['code-not-effective', 'units-mismatch']);
  const notEffective = terminated.find((d) => d.code === 'code-not-effective')!;
  assert.match(String(notEffective.message), /rituximab is billed with J9312/);
  const change = (await actionsFor(uri, notEffective)).filter((a) => a.title.startsWith('Change code'));
  // Medicare requires JW/JZ on J9312 (single-dose), so the change alone would add missing-jw-jz:
  // the safety gate offers it without preferring it.
  assert.deepEqual(change.map((a) => [a.title, a.isPreferred === true]), [['Change code to J9312 (Inj., rituximab, 10 mg)', false]]);
  assert.deepEqual(diagnostics.filter((d) => d.range.start.line === 3).map((d) => d.code).sort(), ['jw-jz-not-applicable', 'jw-without-administered-line']);
  client.close(uri);
});

test('the claim lens gives units per code', async () => {
  const uri = freshUri();
  client.open(uri, `${HEADER}\n  J9271-JZ units=240 dose=240mg\n  J9299-JZ units=9 dose=9mg\n`);
  await client.diagnosticsFor(uri);
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.match(lenses[0].command!.title, /^2 service lines · J9271 240 units, J9299 9 units · /);
  assert.doesNotMatch(lenses[0].command!.title, /249/);
  client.close(uri);
});
