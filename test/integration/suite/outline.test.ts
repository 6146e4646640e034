import * as assert from 'assert';
import * as vscode from 'vscode';
import { openClaim, waitFor } from './helpers';

suite('outline', () => {
  test('document symbols: one per claim, with its service lines as children', async () => {
    const { uri } = await openClaim('november.claim');
    const symbols = await waitFor('document symbols', async () => {
      const s = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>(
        'vscode.executeDocumentSymbolProvider', uri);
      return s && s.length > 0 ? s : undefined;
    }, 10_000);
    assert.ok(symbols.every((s) => 'children' in s), 'hierarchical DocumentSymbols');
    const claims = symbols as vscode.DocumentSymbol[];
    assert.deepStrictEqual(claims.map((c) => /CLM-\d+/.exec(c.name)?.[0]), ['CLM-1001', 'CLM-1002']);
    assert.strictEqual(claims[0].range.start.line, 1);
    assert.deepStrictEqual(claims[0].children.map((c) => /J\d{4}(-[A-Z0-9]{2})*/.exec(c.name)?.[0]), ['J9039-JZ', 'J9037', 'J9037-JW']);
    assert.deepStrictEqual(claims[0].children.map((c) => c.range.start.line), [2, 3, 4]);
    assert.strictEqual(claims[1].children.length, 1);
    assert.ok(claims[0].range.contains(claims[0].children[2].range), 'a claim\'s range covers its lines');
  });
});
