import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, describe, hasCode, openClaim, waitFor, waitForDiagnostics, workspaceUri } from './helpers';

// The workspace config (.claimcheck.json) in the real editor: VS Code validates it against the
// schema the extension contributes, and its payer profiles change the findings of the claim files
// below it.
suite('workspace config', () => {
  test('a payer profile of .claimcheck.json applies to the claim files below it: prior-auth-missing for bcbs-nc', async () => {
    const { uri, doc } = await openClaim('payers/bcbs.claim');
    const diags = await waitForDiagnostics(uri, 'prior-auth-missing', hasCode('prior-auth-missing'));
    const auth = diags.find((d) => codeOf(d) === 'prior-auth-missing')!;
    assert.match(auth.message, /payer bcbs-nc requires prior authorisation for J9299/);
    assert.strictEqual(doc.getText(auth.range).startsWith('J9299'), true);
    assert.ok(!diags.some((d) => codeOf(d) === 'invalid-value'), `bcbs-nc is a known payer here:\n  ${describe(diags)}`);
  });

  test('VS Code validates .claimcheck.json against the contributed schema; the server shows its own reading there too', async () => {
    const configUri = workspaceUri('payers/broken/.claimcheck.json');
    const doc = await vscode.workspace.openTextDocument(configUri);
    await vscode.window.showTextDocument(doc, { preview: false });
    assert.strictEqual(doc.languageId, 'jsonc', 'the extension makes .claimcheck.json JSON with comments');
    const schemaProblems = await waitFor('schema diagnostics on the config', () => {
      const found = vscode.languages.getDiagnostics(configUri).filter((d) => d.source !== 'claims');
      return found.length >= 2 ? found : undefined;
    }, 45_000);
    const lineOf = (text: string) => doc.getText().split('\n').findIndex((l) => l.includes(text));
    const at = (line: number) => schemaProblems.filter((d) => d.range.start.line === line);
    assert.ok(at(lineOf('"covered340B"')).some((d) => /boolean/i.test(d.message)), `covered340B must be a boolean:\n  ${describe(schemaProblems)}`);
    assert.ok(at(lineOf('"colour"')).some((d) => /colour/.test(d.message) || /not allowed/i.test(d.message)), `colour is not a payer setting:\n  ${describe(schemaProblems)}`);
    // Opening a claim file below it makes the server read the config: its problems appear in the
    // config file, and the claim is still checked with the defaults.
    const { uri } = await openClaim('payers/broken/b.claim');
    await waitForDiagnostics(uri, 'a check of b.claim', () => true);
    const ours = await waitFor('the server\'s config diagnostics', () => {
      const found = vscode.languages.getDiagnostics(configUri).filter((d) => d.source === 'claims');
      return found.length > 0 ? found : undefined;
    });
    assert.ok(ours.some((d) => /covered340B must be true or false \(the default is used instead\)/.test(d.message)), describe(ours));
  });
});
