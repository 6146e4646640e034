import * as assert from 'assert';
import * as vscode from 'vscode';
import { completionLabel, completionText, openClaim, positionOf, waitFor } from './helpers';

async function completeAt(uri: vscode.Uri, pos: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos);
  return list?.items ?? [];
}

suite('completion', () => {
  test('a drug-name prefix ("blin") offers J9039', async () => {
    const { uri, doc } = await openClaim('completion.claim');
    const pos = positionOf(doc, 'blin', 4);
    let items: vscode.CompletionItem[] = [];
    try {
      await waitFor('J9039 among the completions', async () => {
        items = await completeAt(uri, pos);
        return items.some((i) => completionText(i).includes('J9039')) ? true : undefined;
      }, 10_000);
    } catch (e) {
      throw new Error(`${(e as Error).message}; got: ${items.slice(0, 20).map(completionLabel).join(', ') || '(none)'}`);
    }
    const item = items.find((i) => completionText(i).includes('J9039'));
    assert.ok(item);
    assert.match(`${completionText(item)} ${typeof item.documentation === 'string' ? item.documentation : item.documentation?.value ?? ''}`,
      /blinatumomab/i, 'the item names the drug');
  });

  test('a code prefix ("J903") offers J9037 and J9039', async () => {
    const { uri, doc, editor } = await openClaim('completion.claim');
    const range = new vscode.Range(positionOf(doc, 'blin'), positionOf(doc, 'blin', 4));
    try {
      assert.ok(await editor.edit((e) => e.replace(range, 'J903')));
      const pos = positionOf(doc, 'J903', 4);
      const items = await waitFor('J9037 and J9039 among the completions', async () => {
        const got = await completeAt(uri, pos);
        const text = got.map(completionText).join('\n');
        return text.includes('J9037') && text.includes('J9039') ? got : undefined;
      }, 10_000);
      assert.ok(items.length > 0);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
