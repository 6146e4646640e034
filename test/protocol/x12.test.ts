// 837 files through the built server over LSP, as the editor opens them (language id x12):
// diagnostics on the SV1 composite, each rule's id, hovers on the composite and the NDC, the
// X12-safe quick fixes (preferred :JZ, no claim-language edit), the outline, "Format 837" as a
// command and as document formatting, and edits re-checking the file.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { CodeAction, Diagnostic, DocumentSymbol, Hover, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { LspTestClient, withServer } from '../helpers/lspClient';
import { ONE_LINE, UNUSUAL, write837, type X12Claim } from '../helpers/x12';

let counter = 0;
const freshUri = (ext = '837') => `file:///work/claims/batch-${++counter}.${ext}`;
const markdown = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');
const D = '20250115';
const JW_JZ: X12Claim[] = [{ id: 'C-1', filing: 'MB', dx: ['C9100'], lines: [{ code: 'J9039', units: '28', date: D, ndc: '55513016001', ndcQuantity: '1', ndcUnit: 'UN' }] }];

function offsetOf(text: string, needle: string): { line: number; character: number } {
  const before = text.slice(0, text.indexOf(needle));
  const lines = before.split(/\r\n|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

function editsOf(action: CodeAction): TextEdit[] {
  const change = action.edit!.documentChanges?.[0] as TextDocumentEdit | undefined;
  return change ? (change.edits as TextEdit[]) : Object.values(action.edit!.changes!)[0];
}

describe('837 files over LSP', () => {
  let client!: LspTestClient;
  withServer((started) => (client = started));

  test('missing-jw-jz is published on the SV1 procedure composite, with source claims and a docs link', async () => {
    for (const delims of [undefined, ONE_LINE, UNUSUAL]) {
      const uri = freshUri();
      const text = write837(JW_JZ, { delims });
      client.open(uri, text, 'x12');
      const diagnostics = await client.diagnosticsFor(uri);
      const d = diagnostics.find((x) => x.code === 'missing-jw-jz');
      assert.ok(d, JSON.stringify(diagnostics.map((x) => x.code)));
      const composite = ['HC', 'J9039'].join(delims?.component ?? ':');
      assert.deepEqual(d.range.start, offsetOf(text, composite));
      assert.equal(d.range.end.character - d.range.start.character, composite.length);
      assert.equal(d.severity, 1);
      assert.equal(d.source, 'claims');
      assert.ok(d.codeDescription!.href.endsWith('#missing-jw-jz'));
      client.close(uri);
    }
  });

  test('a file named .x12 or .edi opened as plain text by another editor is read as an 837 too', async () => {
    const uri = freshUri('edi');
    client.open(uri, write837(JW_JZ), 'plaintext');
    const codes = (await client.diagnosticsFor(uri)).map((d) => d.code);
    assert.ok(codes.includes('missing-jw-jz'), String(codes));
    client.close(uri);
  });

  test('each rule family over LSP: NDC, diagnoses, codes, modifiers, payers and structure', async () => {
    const uri = freshUri();
    const text = write837([
      { id: 'C-1', filing: 'MC', dx: ['C91'], lines: [{ code: 'J9039', mods: ['JZ'], units: '28', date: D, pointers: ['1', '4'] }, { code: 'J9312', units: '1', date: D, ndc: '55513016001' }, { code: 'J0135', mods: ['JW', 'JZ'], units: '1', date: D }] },
      { id: 'C-2', filing: '', dx: ['123'], lines: [{ code: 'J0000', mods: ['Z9'], units: '0', date: D }] },
    ]) + 'LX*9~';
    client.open(uri, text, 'x12');
    const codes = new Set((await client.diagnosticsFor(uri)).map((d: Diagnostic) => String(d.code)));
    for (const id of ['missing-ndc', 'dx-not-billable', 'dx-pointer-out-of-range', 'ndc-code-mismatch', 'code-not-effective', 'jw-jz-conflict', 'missing-payer', 'invalid-icd10', 'unknown-code', 'unknown-modifier', 'invalid-value', 'x12-structure']) {
      assert.ok(codes.has(id), `${id} in ${[...codes]}`);
    }
    client.close(uri);
  });

  test('the other rules over LSP: JW without its line, lower case, unknown NDC, duplicate ids and lines, empty claims, and a payer profile (settings) matched by NM1*PR', async () => {
    await client.changeSettings({ payerProfiles: [{ id: 'acme01', requiresJwJz: true, priorAuthCodes: ['J9173'] }] });
    const uri = freshUri();
    const text = write837([
      { id: 'C-1', filing: 'MB', dx: ['C9100'], lines: [{ code: 'J9039', mods: ['JW'], units: '7', date: D }, { code: 'j9039', mods: ['JZ'], units: '28', date: D, ndc: '12345678901' }, { code: '96413', units: '1', date: D }, { code: '96413', units: '1', date: D }] },
      { id: 'C-1', filing: 'CI', payerId: 'ACME01', dx: ['C3490'], lines: [{ code: 'J9173', units: '150', date: D }] },
      { id: 'C-3', filing: 'MB', dx: [], lines: [] },
    ]);
    client.open(uri, text, 'x12');
    const diagnostics = await client.diagnosticsFor(uri);
    const codes = new Set(diagnostics.map((d: Diagnostic) => String(d.code)));
    for (const id of ['jw-without-administered-line', 'lowercase-code', 'ndc-unknown', 'duplicate-claim-id', 'duplicate-line', 'prior-auth-missing', 'missing-jw-jz', 'missing-dx', 'missing-dos', 'empty-claim']) {
      assert.ok(codes.has(id), `${id} in ${[...codes]}`);
    }
    // The profile's JW/JZ requirement holds for its NM1*PR claims: missing-jw-jz on the J9173 composite.
    const acme = diagnostics.find((d) => d.code === 'missing-jw-jz' && String(d.message).includes('acme01'));
    assert.ok(acme, JSON.stringify(diagnostics.map((d) => [d.code, String(d.message).slice(0, 60)])));
    assert.deepEqual(acme.range.start, offsetOf(text, 'HC:J9173'));
    await client.changeSettings({});
    client.close(uri);
  });

  test('hover on the procedure code is the .claim hover; on the LIN NDC, the crosswalk row', async () => {
    const uri = freshUri();
    const text = write837(JW_JZ);
    client.open(uri, text, 'x12');
    await client.diagnosticsFor(uri);
    const code = offsetOf(text, 'J9039');
    const hover = markdown(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: code.line, character: code.character + 2 } }));
    assert.match(hover, /^\*\*J9039\*\* — Injection, blinatumomab/);
    assert.match(hover, /single-dose/);
    const ndc = offsetOf(text, '55513016001');
    const ndcHover = markdown(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: ndc.line, character: ndc.character + 1 } }));
    assert.match(ndcHover, /^\*\*55513-0160-01\*\* — Blincyto/);
    assert.match(ndcHover, /Billed under \*\*J9039\*\*.* — this line’s code/);
    client.close(uri);
  });

  test('quick fix: Add JZ appends :JZ to SV101 (not preferred: an 837 has no dose, so no discard is known); no claim-language edit is offered', async () => {
    const uri = freshUri();
    const text = write837(JW_JZ);
    client.open(uri, text, 'x12');
    const diagnostics = await client.diagnosticsFor(uri);
    const d = diagnostics.find((x) => x.code === 'missing-jw-jz')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Add JZ modifier (no drug discarded)', false]]);
    const fixed = applyEdits(text, editsOf(actions[0]));
    assert.ok(fixed.includes('SV1*HC:J9039:JZ*100*UN*28**~'), fixed);
    // Medicaid, no NDC: missing-ndc's fix writes an ndc= field, which has no 837 form.
    const medicaid = freshUri();
    const other = write837([{ ...JW_JZ[0], filing: 'MC', lines: [{ code: 'J9039', mods: ['JZ'], units: '28', date: D }] }]);
    client.open(medicaid, other, 'x12');
    const missing = (await client.diagnosticsFor(medicaid)).find((x) => x.code === 'missing-ndc')!;
    assert.ok(missing);
    const none = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: medicaid }, range: missing.range, context: { diagnostics: [missing] } });
    assert.deepEqual(none.filter((a) => a.diagnostics?.[0]?.code === 'missing-ndc'), []);
    assert.deepEqual(await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [], only: ['source.fixAll.claims'] } }), []);
    client.close(uri);
    client.close(medicaid);
  });

  test('an edit re-checks the file: adding :JZ clears missing-jw-jz', async () => {
    const uri = freshUri();
    const text = write837(JW_JZ);
    client.open(uri, text, 'x12');
    await client.diagnosticsFor(uri);
    const at = offsetOf(text, 'HC:J9039*');
    const end = { line: at.line, character: at.character + 'HC:J9039'.length };
    const version = client.change(uri, [{ range: { start: end, end }, text: ':JZ' }]);
    const after = await client.diagnosticsFor(uri, version);
    assert.ok(!after.some((d) => d.code === 'missing-jw-jz'), JSON.stringify(after.map((d) => d.code)));
    client.close(uri);
  });

  test('the outline lists each CLM with its service lines', async () => {
    const uri = freshUri();
    const text = write837([JW_JZ[0], { id: 'C-2', filing: 'MC', dx: ['C9100'], lines: [{ code: 'J9039', mods: ['JZ'], units: '28', date: D }, { code: '96413', units: '1', date: D }] }]);
    client.open(uri, text, 'x12');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => [s.name, s.detail, s.children!.map((c) => c.name)]), [
      ['claim C-1', 'medicare · 2025-01-15', ['J9039']],
      ['claim C-2', 'medicaid · 2025-01-15', ['J9039-JZ', '96413']],
    ]);
    assert.deepEqual(symbols[0].selectionRange.start, offsetOf(text, 'C-1'));
    client.close(uri);
  });

  test('Format 837 puts each segment on its own line, losslessly, as a command and as formatting', async () => {
    const uri = freshUri();
    const text = write837(JW_JZ, { delims: ONE_LINE });
    client.open(uri, text, 'x12');
    await client.diagnosticsFor(uri);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = applyEdits(text, edits);
    assert.equal(formatted.replace(/\n/g, ''), text, 'only line breaks are added');
    assert.equal(formatted.split('\n').length, text.split('~').length - 1, 'one line a segment');
    assert.ok(edits.every((e) => e.newText === '\n' && e.range.start.character === e.range.end.character));
    const before = client.appliedEdits.length;
    const applied = await client.request<boolean>('workspace/executeCommand', { command: 'claims.applyFormat837', arguments: [uri, client.version(uri)] });
    assert.equal(applied, true);
    const edit = client.appliedEdits[before].edit;
    const change = (edit.documentChanges?.[0] as TextDocumentEdit | undefined)?.edits ?? Object.values(edit.changes!)[0];
    assert.equal(applyEdits(text, change as TextEdit[]), formatted);
    // A formatted file is left as it is; a stale version is refused.
    const again = freshUri();
    client.open(again, formatted, 'x12');
    assert.deepEqual(await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: again }, options: { tabSize: 2, insertSpaces: true } }), []);
    assert.equal(await client.request<boolean>('workspace/executeCommand', { command: 'claims.applyFormat837', arguments: [uri, 99] }), false);
    client.close(uri);
    client.close(again);
  });
});
