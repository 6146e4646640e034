// NDCs and money through the built server over LSP (dist/server.js --stdio), as the editor asks:
// diagnostics with their docs links, the NDC hover, ndc= completion, the money hover, the
// allowance code lens beside the units lens, the JW quick fix from vial=2 with an NDC, and the
// claims.ndcPayers / requiresNdc settings. Real rows of the January 2026 CMS files: Blincyto
// 55513-0160-01 under J9039 (35 billable units a vial, $163.683 a unit).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import type { CodeAction, CodeLens, CompletionList, Diagnostic, Hover, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { LspTestClient, withServer } from '../helpers/lspClient';

const ROOT = join(__dirname, '..', '..');
let counter = 0;
const freshUri = () => `file:///work/claims/ndc-${++counter}.claim`;
const markdown = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));

describe('NDCs and money over LSP', () => {
  let client!: LspTestClient;
  withServer((started) => (client = started));

  test('the new ids are published with source claims, their severity and a docs link to their own heading', async () => {
    const uri = freshUri();
    const text = [
      'claim C-1 payer=medicaid dos=2026-02-10 dx=C91.00',
      '  J9039 units=28 dose=28mcg vial=1x35mcg',
      '  J9312 units=28 dose=28mcg ndc=55513-0160-01 dos=2026-02-11',
      '  J9039 units=28 dose=28mcg vial=1 ndc=12345678901 dos=2026-02-12',
      'claim C-2 payer=medicare dos=2026-02-10 dx=C91.00',
      '  J9039-JZ units=28 dose=28mcg charge=100.00',
      '',
    ].join('\n');
    client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri);
    const docs = readFileSync(join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
    const expected: Array<[string, number, number]> = [
      ['missing-ndc', 1, 1],
      ['ndc-code-mismatch', 2, 2],
      ['ndc-unknown', 3, 3],
      ['invalid-value', 3, 1],
      ['charge-below-allowance', 5, 3],
    ];
    for (const [id, line, severity] of expected) {
      const d = diagnostics.find((x) => x.code === id && x.range.start.line === line);
      assert.ok(d, `${id} on line ${line + 1}: ${codes(diagnostics)}`);
      assert.equal(d.source, 'claims');
      assert.equal(d.severity, severity, id);
      const href = d.codeDescription!.href;
      assert.ok(href.endsWith(`#${id}`), href);
      assert.ok(existsSync(fileURLToPath(href.replace(/#.*$/, ''))));
      assert.match(docs, new RegExp(`^## ${id}$`, 'm'));
    }
    client.close(uri);
  });

  test('hover on ndc= and on the code: product, units, code and quarter; the payment limit and the line’s amount', async () => {
    const uri = freshUri();
    const text = 'claim C-1 payer=medicare dos=2026-02-10 dx=C91.00\n  J9039 units=28 dose=28mcg vial=2 ndc=55513016001\n  J9039-JW units=42 ndc=55513016001\n';
    client.open(uri, text);
    const ndc = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 45 } });
    assert.match(markdown(ndc), /^\*\*55513-0160-01\*\* — Blincyto \(Amgen Inc\)/);
    assert.match(markdown(ndc), /Billed under \*\*J9039\*\*.*35 billable units an item = 35 mcg a vial/);
    assert.match(markdown(ndc), /2026-01-01 to 2026-03-31/);
    assert.deepEqual(ndc!.range, { start: { line: 1, character: 39 }, end: { line: 1, character: 50 } });
    const code = markdown(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 3 } }));
    assert.match(code, /\*\*\$163.683\*\* per unit/);
    assert.match(code, /This line: 42 units × \$163.683 = \*\*\$6,874.69\*\* — discarded drug on a JW line is paid too/);
    client.close(uri);
  });

  test('completion of ndc= lists the NDCs of the line’s code, replacing what was typed', async () => {
    const uri = freshUri();
    const text = 'claim C-1 payer=medicaid dos=2026-02-10 dx=C91.00\n  J9039 units=28 dose=28mcg ndc=555\n';
    client.open(uri, text);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 35 } });
    assert.deepEqual(list.items.map((i) => [i.label, i.detail]), [['55513-0160-01', 'Blincyto · 35 billable units a vial (35 mcg)']]);
    const edit = list.items[0].textEdit as { range: unknown; newText: string };
    assert.deepEqual(edit.range, { start: { line: 1, character: 32 }, end: { line: 1, character: 35 } });
    assert.equal(edit.newText, '55513-0160-01');
    client.close(uri);
  });

  test('vial=2 with the NDC: the JW quick fix bills 42 units, is preferred, and clears the finding', async () => {
    const uri = freshUri();
    const text = 'claim C-1 payer=medicare dos=2026-02-10 dx=C91.00\n  J9039 units=28 dose=28mcg vial=2 ndc=55513-0160-01\n';
    client.open(uri, text);
    const [missing] = (await client.diagnosticsFor(uri)).filter((d) => d.code === 'missing-jw-jz');
    assert.match(String(missing.message), /42 units were discarded/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing], only: ['quickfix'] } });
    const jw = actions.find((a) => a.title === 'Add JW line for 42 discarded units')!;
    assert.equal(jw.isPreferred, true);
    const edits = (jw.edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
    const fixed = applyEdits(text, edits);
    assert.equal(fixed, `${text}  J9039-JW units=42 ndc=55513-0160-01\n`);
    const v = client.change(uri, [{ text: fixed }]);
    assert.deepEqual(codes(await client.diagnosticsFor(uri, v)), []);
    client.close(uri);
  });

  test('code lenses: the allowance lens of a Medicare claim in the quarter, beside its units lens', async () => {
    const uri = freshUri();
    const text = 'claim C-1 payer=medicare dos=2026-02-10 dx=C91.00\n  J9039 units=28 dose=28mcg vial=2 ndc=55513-0160-01\n  J9039-JW units=42 ndc=55513-0160-01\nclaim C-2 payer=medicaid dos=2026-02-10 dx=C91.00\n  J9039-JZ units=28 dose=28mcg ndc=55513-0160-01\n';
    client.open(uri, text);
    await client.diagnosticsFor(uri);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command!.title]),
      [
        [0, '2 service lines · J9039 70 units (42 JW) · no problems'],
        [3, '1 service line · J9039 28 units · no problems'],
        [0, 'Expected Medicare allowance $11,457.81 (2 lines, ASP 2026-01)'],
      ],
    );
    client.close(uri);
  });

  test('claims.ndcPayers and a payer profile’s requiresNdc decide where missing-ndc applies', async () => {
    const text = 'claim C-1 payer=medicaid dos=2026-02-10 dx=C91.00\n  J9039-JZ units=28 dose=28mcg\nclaim C-2 payer=commercial dos=2026-02-10 dx=C91.00\n  J9039-JZ units=28 dose=28mcg\n';
    const uri = freshUri();
    client.open(uri, text);
    const lines = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'missing-ndc').map((d) => d.range.start.line);
    assert.deepEqual(lines(await client.diagnosticsFor(uri)), [1], 'medicaid by default');
    client.forget(uri);
    await client.changeSettings({ ndcPayers: ['medicaid', 'commercial'] });
    assert.deepEqual(lines(await client.diagnosticsFor(uri)), [1, 3]);
    client.forget(uri);
    await client.changeSettings({ ndcPayers: [], payerProfiles: [{ id: 'medicaid', requiresNdc: true }] });
    assert.deepEqual(lines(await client.diagnosticsFor(uri)), [1], 'the profile says so whatever ndcPayers says');
    client.forget(uri);
    await client.changeSettings({ ndcPayers: [] });
    assert.deepEqual(lines(await client.diagnosticsFor(uri)), []);
    client.close(uri);
    await client.changeSettings({});
  });
});
