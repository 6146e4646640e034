// TextMate grammar in the real workbench. The extension API cannot see tokens, so the UI driver
// (code-server host) reads them from the workbench: the scopes shown by "Developer: Inspect Editor
// Tokens and Scopes", and the rendered spans (mtkN classes, computed colours) of an editor line.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, driver, driverAvailable, openClaim, placeCursor, positionOf } from './helpers';

interface Span { text: string; className: string; color: string }

suite('syntax highlighting (TextMate)', () => {
  suiteSetup(function () {
    if (!driverAvailable()) this.skip();
  });

  const LINE = 'J9039-JZ  units=28   dose=28mcg';

  interface Scopes { token: string; scopes: string[]; text: string }

  // The inspect widget follows the cursor once open (it closes when the editor's model changes).
  async function scopesAt(editor: vscode.TextEditor, pos: vscode.Position, token: string): Promise<Scopes> {
    await placeCursor(editor, pos);
    return driver<Scopes>('tmScopes', { token });
  }

  test('code, modifier and comment get their own TextMate scopes (Inspect Editor Tokens and Scopes)', async () => {
    await closeAllEditors();
    const { doc, editor } = await openClaim('november.claim');
    const line = positionOf(doc, LINE).line;
    await placeCursor(editor, positionOf(doc, LINE, 1));
    await vscode.commands.executeCommand('editor.action.inspectTMScopes'); // toggles the widget on
    try {
      const code = await scopesAt(editor, positionOf(doc, LINE, 1), 'J9039');
      const modifier = await scopesAt(editor, positionOf(doc, LINE, 7), 'JZ');
      const comment = await scopesAt(editor, new vscode.Position(line, doc.lineAt(line).text.indexOf('#') + 3), 'blinatumomab');
      for (const [what, s] of [['code', code], ['modifier', modifier], ['comment', comment]] as const) {
        assert.ok(s.token.length > 0, `${what}: the widget shows a TextMate token; it said:\n${s.text}`);
        assert.strictEqual(s.scopes[s.scopes.length - 1], 'source.claim', `${what}: root scope source.claim; got ${s.scopes.join(' ')}`);
        assert.ok(s.scopes.length >= 2, `${what}: a scope beyond source.claim; got ${s.scopes.join(' ')}`);
      }
      assert.strictEqual(code.token, 'J9039', 'the code is one token');
      assert.ok(comment.scopes.some((x) => x.startsWith('comment.')), `comment scope; got ${comment.scopes.join(' ')}`);
      assert.notStrictEqual(code.scopes[0], modifier.scopes[0], `code (${code.scopes[0]}) and modifier (${modifier.scopes[0]}) scopes differ`);
      assert.notStrictEqual(code.scopes[0], comment.scopes[0], 'code and comment scopes differ');
    } finally {
      await vscode.commands.executeCommand('editor.action.inspectTMScopes'); // and off
    }
  });

  test('the rendered line shows code, modifier and comment in distinct token classes and colours', async () => {
    // Inlay hints (the drug after a code, the units after a dose) are rendered inside the line and
    // would change its text; this test is about the grammar's tokens only.
    const editorConfig = vscode.workspace.getConfiguration('editor');
    await editorConfig.update('inlayHints.enabled', 'off', vscode.ConfigurationTarget.Global);
    await openClaim('november.claim');
    let spans: Span[];
    try {
      ({ spans } = await driver<{ spans: Span[] }>('lineTokens', { text: LINE }));
    } finally {
      await editorConfig.update('inlayHints.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.ok(spans.length > 0, 'the line is rendered');
    const find = (pred: (s: Span) => boolean, what: string): Span => {
      const s = spans.find(pred);
      assert.ok(s, `${what} span; spans: ${JSON.stringify(spans)}`);
      return s;
    };
    const code = find((s) => s.text.includes('J9039'), 'code');
    const modifier = find((s) => s.text.trim() === 'JZ' || s.text.trim() === '-JZ', 'modifier');
    const comment = find((s) => s.text.includes('#'), 'comment');
    const described = JSON.stringify(spans, null, 1);
    assert.notStrictEqual(code.className, modifier.className, `code vs modifier classes: ${described}`);
    assert.notStrictEqual(code.className, comment.className, `code vs comment classes: ${described}`);
    assert.notStrictEqual(modifier.className, comment.className, `modifier vs comment classes: ${described}`);
    assert.notStrictEqual(code.color, comment.color, `code vs comment colours: ${described}`);
  });
});
