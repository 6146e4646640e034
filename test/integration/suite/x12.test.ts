import * as assert from 'assert';
import * as vscode from 'vscode';
import { ONE_LINE, write837 } from '../../helpers/x12';
import { SOURCE, activeExtension, codeOf, describe, hasCode, waitFor, waitForDiagnostics, workspaceUri } from './helpers';

// 837 files in the real editor: the test writes them into the (private copy of the) fixture
// workspace from the public segment layout, then opens them as a biller would.
const CLAIMS = [{ id: 'CLM-837', filing: 'MB', dx: ['C9100'], lines: [{ code: 'J9039', units: '28', date: '20250115' }] }];

async function open837(name: string, text: string): Promise<{ uri: vscode.Uri; doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const uri = workspaceUri(name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await activeExtension();
  return { uri, doc, editor };
}

suite('837 files', () => {
  test('an .837 file is language x12 and gets missing-jw-jz on its SV1 segment', async () => {
    const { uri, doc } = await open837('x12-batch.837', write837(CLAIMS));
    assert.strictEqual(doc.languageId, 'x12');
    const diags = await waitForDiagnostics(uri, 'missing-jw-jz', hasCode('missing-jw-jz'));
    const d = diags.find((x) => codeOf(x) === 'missing-jw-jz');
    assert.ok(d, describe(diags));
    assert.strictEqual(d.source, SOURCE);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(doc.lineAt(d.range.start.line).text, /^SV1\*/, 'on the SV1 segment');
    assert.strictEqual(doc.getText(d.range), 'HC:J9039', 'on the procedure composite');
  });

  test('Claims: Format 837 puts each segment of a one-line file on its own line, adding only line breaks', async () => {
    const text = write837(CLAIMS, { delims: ONE_LINE });
    const { uri, doc } = await open837('x12-oneline.837', text);
    await waitForDiagnostics(uri, 'missing-jw-jz', hasCode('missing-jw-jz'));
    assert.strictEqual(doc.lineCount, 1);
    await vscode.commands.executeCommand('claims.format837');
    await waitFor('the 837 to be formatted', () => (doc.lineCount > 1 ? true : undefined));
    assert.strictEqual(doc.getText().replace(/\r?\n/g, ''), text);
    assert.strictEqual(doc.lineCount, text.split('~').length - 1);
    const diags = await waitForDiagnostics(uri, 'missing-jw-jz on its own line now', (ds) => ds.some((x) => codeOf(x) === 'missing-jw-jz' && x.range.start.line > 0));
    const d = diags.find((x) => codeOf(x) === 'missing-jw-jz')!;
    assert.match(doc.lineAt(d.range.start.line).text, /^SV1\*HC:J9039\*/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
