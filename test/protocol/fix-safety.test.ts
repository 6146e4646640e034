// Fix safety as the editor sees it: isPreferred on a quick fix means the safety gate passed,
// and source.fixAll.claims bills nothing new (the belinostat regression of issue 7).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeAction, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { LspTestClient } from '../helpers/lspClient';

test('a quick fix the gate rejects is offered but not preferred; fix-all over LSP bills no replaced drug', async () => {
  const client = new LspTestClient();
  try {
    await client.initialize();
    const uri = `file:///tmp/fix-safety-${process.pid}.claim`;
    const gated = 'claim C1 payer=medicare dos=2025-01-16 dx=C84.40\n  J9037 units=180 dose=1800mg vial=4x500mg drug=belinostat\n  J9037-JW units=400\n';
    client.open(uri, gated);
    const diagnostics = await client.diagnosticsFor(uri);
    const mismatch = diagnostics.find((d) => d.code === 'drug-code-mismatch')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: mismatch.range, context: { diagnostics: [mismatch] } });
    const change = actions.find((a) => a.title.startsWith('Change code to J9032'))!;
    assert.equal(change.isPreferred, false);

    const belinostat = 'claim C1 payer=medicare dos=2025-01-16 dx=C84.40\n  J9037-JZ units=180 dose=1800mg vial=4x500mg drug=belinostat\n';
    const version = client.change(uri, [{ text: belinostat }]);
    await client.diagnosticsFor(uri, version);
    const [fixAll] = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.claims'] },
    });
    const edits = fixAll.edit!.documentChanges![0] as { edits: TextEdit[] };
    assert.equal(
      applyEdits(belinostat, edits.edits),
      'claim C1 payer=medicare dos=2025-01-16 dx=C84.40\n  J9032 units=180 dose=1800mg vial=4x500mg drug=belinostat\n  J9032-JW units=20\n',
    );
  } finally {
    await client.shutdown();
  }
});
