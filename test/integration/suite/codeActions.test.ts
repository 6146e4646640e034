import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  codeOf, describe, hasCode, lacksCode, openClaim, revert, waitFor, waitForDiagnostics,
} from './helpers';

async function actionsFor(uri: vscode.Uri, range: vscode.Range, kind = vscode.CodeActionKind.QuickFix.value): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

const titles = (actions: vscode.CodeAction[]): string => actions.map((a) => a.title).join(' | ') || '(none)';

suite('code actions', () => {
  test('missing-jw-jz offers "Add JZ modifier (no drug discarded)"; applying it fixes the line', async () => {
    const { uri, doc } = await openClaim('missing-jz.claim');
    const diags = await waitForDiagnostics(uri, 'missing-jw-jz', hasCode('missing-jw-jz'));
    const diag = diags.find((d) => codeOf(d) === 'missing-jw-jz');
    assert.ok(diag);
    const actions = await actionsFor(uri, diag.range);
    const fix = actions.find((a) => a.title === 'Add JZ modifier (no drug discarded)');
    assert.ok(fix?.edit, `quick fix missing; offered: ${titles(actions)}`);
    const before = doc.getText();
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.strictEqual(doc.lineAt(3).text, '  J9039-JZ units=28 dose=28mcg    # blinatumomab, 1 mcg per unit');
      assert.strictEqual(doc.getText().replace('J9039-JZ', 'J9039'), before, 'only the modifier was added');
      await waitForDiagnostics(uri, 'missing-jw-jz to go away', lacksCode('missing-jw-jz'));
    } finally {
      await revert(doc);
    }
  });

  test('with known waste: "Add JW line for 40 discarded units" is the preferred fix and inserts the JW line', async () => {
    const { uri, doc } = await openClaim('fixall.claim');
    const diags = await waitForDiagnostics(uri, 'missing-jw-jz on J9037', (ds) => ds.some((d) => codeOf(d) === 'missing-jw-jz' && d.range.start.line === 3));
    const diag = diags.find((d) => codeOf(d) === 'missing-jw-jz' && d.range.start.line === 3);
    assert.ok(diag);
    const actions = await actionsFor(uri, diag.range);
    const jw = actions.find((a) => a.title === 'Add JW line for 40 discarded units');
    assert.ok(jw?.edit, `JW fix missing; offered: ${titles(actions)}`);
    assert.strictEqual(jw.isPreferred, true, 'the fix matching the known waste is preferred');
    try {
      assert.ok(await vscode.workspace.applyEdit(jw.edit));
      // The inserted line carries its administered line's dx=2 (it differs from the header's first dx).
      assert.strictEqual(doc.lineAt(4).text, '  J9037-JW units=40 dx=2', 'new line right below, same indentation, same dx');
      await waitForDiagnostics(uri, 'missing-jw-jz on J9037 to go away', (ds) => !ds.some((d) => codeOf(d) === 'missing-jw-jz' && d.range.start.line === 3));
    } finally {
      await revert(doc);
    }
  });

  test('vial=2 with an NDC: the diagnostic and the preferred fix bill the 42 units the NDC\'s vials leave', async () => {
    const { uri, doc } = await openClaim('ndc.claim');
    const diags = await waitForDiagnostics(uri, 'missing-jw-jz on J9039', (ds) => ds.some((d) => codeOf(d) === 'missing-jw-jz' && d.range.start.line === 3));
    const diag = diags.find((d) => codeOf(d) === 'missing-jw-jz' && d.range.start.line === 3);
    assert.ok(diag);
    assert.match(diag.message, /42 units were discarded/, 'the message computes the waste from the NDC');
    const actions = await actionsFor(uri, diag.range);
    const jw = actions.find((a) => a.title === 'Add JW line for 42 discarded units');
    assert.ok(jw?.edit, `JW fix missing; offered: ${titles(actions)}`);
    assert.strictEqual(jw.isPreferred, true);
    try {
      assert.ok(await vscode.workspace.applyEdit(jw.edit));
      assert.strictEqual(doc.lineAt(4).text, '  J9039-JW units=42 ndc=55513-0160-01', 'the JW line bills the discarded units with the NDC');
      await waitForDiagnostics(uri, 'no diagnostics left', (ds) => ds.length === 0);
    } finally {
      await revert(doc);
    }
  });

  test('units-mismatch offers "Set units to 360"', async () => {
    const { uri } = await openClaim('fixall.claim');
    const diags = await waitForDiagnostics(uri, 'units-mismatch', hasCode('units-mismatch'));
    const diag = diags.find((d) => codeOf(d) === 'units-mismatch');
    assert.ok(diag);
    const actions = await actionsFor(uri, diag.range);
    assert.ok(actions.some((a) => a.title === 'Set units to 360'), `offered: ${titles(actions)}`);
  });

  test('the claims.fixAll command applies every preferred fix: the fixable diagnostics are gone', async () => {
    const { uri, doc } = await openClaim('fixall.claim');
    const fixable = ['lowercase-code', 'units-mismatch', 'missing-jw-jz'];
    await waitForDiagnostics(uri, fixable.join(', '), (ds) => fixable.every((id) => hasCode(id)(ds)));
    try {
      await vscode.commands.executeCommand('claims.fixAll');
      await waitFor('the document to change', () => (doc.isDirty ? true : undefined), 10_000);
      const diags = await waitForDiagnostics(uri, 'the fixable diagnostics to go away', (ds) => fixable.every((id) => lacksCode(id)(ds)));
      const text = doc.getText();
      assert.match(text, /^ {2}J9039-JZ\b/m, 'code upper-cased');
      assert.match(text, /J9037 +units=360 /, 'units set to 360');
      assert.match(text, /^ {2}J9037-JW units=40 dx=2$/m, 'JW line added, with the administered line\'s dx');
      assert.ok(!diags.some((d) => d.severity === vscode.DiagnosticSeverity.Error), `no errors left:\n  ${describe(diags)}`);
    } finally {
      await revert(doc);
    }
  });

  test('source.fixAll.claims is offered as a code action of the file', async () => {
    const { uri, doc } = await openClaim('fixall.claim');
    await waitForDiagnostics(uri, 'lowercase-code', hasCode('lowercase-code'));
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await actionsFor(uri, whole, 'source.fixAll.claims');
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.claims');
    assert.ok(fixAll, `offered: ${titles(actions)}`);
  });
});
