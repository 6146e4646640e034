import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  SOURCE, SPEC_IDS, codeOf, describe, hasCode, openClaim, sleep, waitForDiagnostics,
} from './helpers';

suite('diagnostics', () => {
  test('missing-jw-jz on a Medicare single-dose drug line without JW/JZ', async () => {
    const { uri, doc } = await openClaim('missing-jz.claim');
    const diags = await waitForDiagnostics(uri, 'missing-jw-jz', hasCode('missing-jw-jz'));
    const d = diags.find((x) => codeOf(x) === 'missing-jw-jz');
    assert.ok(d);
    assert.strictEqual(d.source, SOURCE);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(d.range.start.line, 3, 'on the J9039 line');
    assert.ok(doc.getText(d.range).length > 0, 'the range covers some text');
    assert.match(doc.lineAt(3).text.slice(d.range.start.character), /^J9039/, 'the range starts at the code');
  });

  test('a faulty claim gets the spec ids, all with source "claims"', async () => {
    const { uri } = await openClaim('faulty.claim');
    const expected = ['units-mismatch', 'missing-jw-jz', 'unknown-code', 'invalid-value', 'duplicate-claim-id', 'jz-with-waste'];
    const diags = await waitForDiagnostics(uri, `ids ${expected.join(', ')}`, (ds) => expected.every((id) => hasCode(id)(ds)));
    for (const d of vscode.languages.getDiagnostics(uri)) {
      assert.strictEqual(d.source, SOURCE, `every diagnostic has source "claims": ${describe([d])}`);
      assert.ok(SPEC_IDS.has(codeOf(d) ?? ''), `code ${codeOf(d)} is a spec id`);
    }
    const at = (id: string): number[] => diags.filter((d) => codeOf(d) === id).map((d) => d.range.start.line);
    assert.ok(at('units-mismatch').includes(2), `units-mismatch on line 3:\n  ${describe(diags)}`);
    assert.ok(at('unknown-code').includes(3), `unknown-code on line 4:\n  ${describe(diags)}`);
    assert.ok(at('invalid-value').includes(4), `invalid-value (30 February) on line 5:\n  ${describe(diags)}`);
    assert.ok(at('jz-with-waste').includes(7), `jz-with-waste on line 8:\n  ${describe(diags)}`);
    const units = diags.find((d) => codeOf(d) === 'units-mismatch');
    assert.match(units?.message ?? '', /360/, 'units-mismatch names the right units (180 mg ÷ 0.5 mg = 360)');
  });

  test('a clean claim has no errors or warnings', async () => {
    // Make sure the server is answering for this file (the faulty one above got its diagnostics),
    // then give it time to publish for this one.
    const { uri } = await openClaim('clean.claim');
    await sleep(2_000);
    const serious = vscode.languages.getDiagnostics(uri).filter((d) =>
      d.severity === vscode.DiagnosticSeverity.Error || d.severity === vscode.DiagnosticSeverity.Warning);
    assert.deepStrictEqual(serious.map((d) => codeOf(d)), [], describe(serious));
  });

  test('# claims-disable-next-line suppresses one finding on the next line only', async () => {
    const { uri } = await openClaim('suppressed.claim');
    const diags = await waitForDiagnostics(uri, 'missing-jw-jz', hasCode('missing-jw-jz'));
    const lines = diags.filter((d) => codeOf(d) === 'missing-jw-jz').map((d) => d.range.start.line);
    assert.deepStrictEqual(lines, [4], `only the unsuppressed line 5:\n  ${describe(diags)}`);
  });

  test('editing the text re-validates: the fixed line loses its finding', async () => {
    const { uri, doc, editor } = await openClaim('missing-jz.claim');
    await waitForDiagnostics(uri, 'missing-jw-jz', hasCode('missing-jw-jz'));
    const line = doc.lineAt(3);
    const at = line.text.indexOf('J9039') + 'J9039'.length;
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(3, at), '-JZ')));
    await waitForDiagnostics(uri, 'missing-jw-jz to go away after typing -JZ', (ds) => !hasCode('missing-jw-jz')(ds));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitForDiagnostics(uri, 'missing-jw-jz to come back after revert', hasCode('missing-jw-jz'));
  });
});
