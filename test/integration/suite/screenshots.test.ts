// Screenshots of the workbench, taken by the UI driver (code-server host) while the suite puts the
// editor in the state to show. Saved in .vscode-test/artifacts/. Each test also checks that the
// widget it shows is really on screen, with the expected content.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, hasCode, driverAvailable, openClaim, placeCursor, positionOf, screenshot, sleep, waitForDiagnostics } from './helpers';

suite('screenshots of the workbench', () => {
  suiteSetup(async function () {
    if (!driverAvailable()) this.skip();
  });

  setup(async () => {
    await closeAllEditors(); // one tab per picture
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  test('Problems panel on a faulty claim', async () => {
    const { uri } = await openClaim('faulty.claim');
    await waitForDiagnostics(uri, 'units-mismatch', hasCode('units-mismatch'));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await sleep(500);
    const r = await screenshot('problems-panel', '.markers-panel .monaco-list-row', 'units');
    assert.ok(r.visible, 'the Problems panel lists the claim\'s problems');
  });

  test('hover on a J-code', async () => {
    const { doc, editor } = await openClaim('missing-jz.claim');
    await placeCursor(editor, positionOf(doc, 'J9039', 2));
    await vscode.commands.executeCommand('editor.action.showHover');
    const r = await screenshot('hover-j-code', '.monaco-hover:not(.hidden)', 'blinatumomab', 'Escape');
    assert.ok(r.visible, 'the hover shows the code\'s descriptor');
  });

  test('quick-fix menu on a missing JZ', async () => {
    const { uri, doc, editor } = await openClaim('missing-jz.claim');
    await waitForDiagnostics(uri, 'missing-jw-jz', hasCode('missing-jw-jz'));
    await placeCursor(editor, positionOf(doc, 'J9039', 2));
    await vscode.commands.executeCommand('editor.action.quickFix');
    const r = await screenshot('quick-fix-missing-jz', '.action-widget', 'Add JZ modifier', 'Escape');
    assert.ok(r.visible, 'the quick-fix menu offers "Add JZ modifier"');
  });

  test('completion list for a drug-name prefix', async () => {
    const { doc, editor } = await openClaim('completion.claim');
    await placeCursor(editor, positionOf(doc, 'blin', 4));
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    const r = await screenshot('completion-blin', '.suggest-widget.visible', 'J9039', 'Escape');
    assert.ok(r.visible, 'the suggest widget lists J9039');
  });

  test('syntax colours of a claim file', async () => {
    await openClaim('november.claim');
    const r = await screenshot('syntax-colours', '.monaco-editor .view-line', 'J9039-JZ');
    assert.ok(r.visible, 'the claim file is rendered');
  });
});
