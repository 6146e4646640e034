import * as assert from 'assert';
import * as vscode from 'vscode';
import { openClaim, revert } from './helpers';

async function formatEdits(uri: vscode.Uri): Promise<vscode.TextEdit[]> {
  return (await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri,
    { tabSize: 2, insertSpaces: true } satisfies vscode.FormattingOptions)) ?? [];
}

const isService = (line: string): boolean => /^\s*[A-Za-z]\d{4}\b/.test(line);
const tokens = (line: string): string[] => line.trim().split(/\s+/).filter(Boolean);

suite('format document', () => {
  test('indents service lines by two spaces, aligns the fields, keeps every token, and is stable', async () => {
    const { uri, doc } = await openClaim('format.claim');
    const before = doc.getText().split(/\r?\n/);
    const edits = await formatEdits(uri);
    assert.ok(edits.length > 0, 'the messy file gets edits');
    try {
      const edit = new vscode.WorkspaceEdit();
      edit.set(uri, edits);
      assert.ok(await vscode.workspace.applyEdit(edit));
      const after = doc.getText().split(/\r?\n/);
      const meaningful = (ls: string[]) => ls.filter((l) => l.trim() !== '');
      assert.deepStrictEqual(meaningful(after).map(tokens), meaningful(before).map(tokens), 'tokens and their order are kept');
      for (const line of after) {
        if (line.startsWith('claim') || line.trim() === '') continue;
        if (isService(line)) assert.match(line, /^ {2}\S/, `service line indented by two spaces: "${line}"`);
      }
      const headers = after.filter((l) => /^\s*claim\b/.test(l));
      assert.ok(headers.every((l) => l.startsWith('claim')), 'headers start at column 0');
      // Within a claim, the key=value fields line up in columns (as in the spec's example).
      const claim1 = after.slice(0, after.findIndex((l, i) => i > 0 && /^claim\b/.test(l))).filter(isService);
      assert.strictEqual(claim1.length, 2);
      const col = (l: string) => l.indexOf('units=');
      assert.strictEqual(col(claim1[0]), col(claim1[1]), `units= aligned:\n${claim1.join('\n')}`);
      assert.deepStrictEqual(await formatEdits(uri).then((es) => es.filter((e) => doc.getText(e.range) !== e.newText)), [],
        'formatting a formatted file changes nothing');
    } finally {
      await revert(doc);
    }
  });
});
