import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, hasCode, lacksCode, openClaim, waitForDiagnostics } from './helpers';

suite('settings', () => {
  test('claims.jwJzPayers = [] turns missing-jw-jz off; resetting it turns it back on', async () => {
    const { uri } = await openClaim('missing-jz.claim');
    await waitForDiagnostics(uri, 'missing-jw-jz', hasCode('missing-jw-jz'));
    const config = vscode.workspace.getConfiguration('claims');
    try {
      await config.update('jwJzPayers', [], vscode.ConfigurationTarget.Workspace);
      assert.deepStrictEqual(vscode.workspace.getConfiguration('claims').get('jwJzPayers'), []);
      const diags = await waitForDiagnostics(uri, 'missing-jw-jz to go away', lacksCode('missing-jw-jz'));
      assert.ok(!diags.some((d) => codeOf(d) === 'missing-jw-jz'));
    } finally {
      await config.update('jwJzPayers', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(uri, 'missing-jw-jz to come back', hasCode('missing-jw-jz'));
  });

  test('claims.jwJzPayers = ["commercial"] makes a commercial claim need JW/JZ', async () => {
    const { uri } = await openClaim('clean.claim');
    const config = vscode.workspace.getConfiguration('claims');
    // CLM-1003 is commercial and has JZ: still fine. Drop it from the text to see the rule fire.
    try {
      await config.update('jwJzPayers', ['medicare', 'commercial'], vscode.ConfigurationTarget.Workspace);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor);
      const line = editor.document.lineAt(6);
      const at = line.text.indexOf('J9173-JZ');
      assert.ok(at >= 0, line.text);
      assert.ok(await editor.edit((e) => e.delete(new vscode.Range(6, at + 5, 6, at + 8))));
      await waitForDiagnostics(uri, 'missing-jw-jz on the commercial line',
        (ds) => ds.some((d) => codeOf(d) === 'missing-jw-jz' && d.range.start.line === 6));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await config.update('jwJzPayers', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
