// The built language server (dist/server.js --stdio) driven over JSON-RPC as an editor drives it.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  TextDocumentEdit,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { checkText } from '../../server/src/engine/check';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { loadTables } from '../../server/src/engine/tables';
import { DIAGNOSTIC_IDS } from '../../server/src/engine/types';
import { syntheticClaims } from '../bench/bench';
import { LspTestClient } from '../helpers/lspClient';
import { SPEC_FIX_TITLES } from '../helpers/fixtures';

const ROOT = join(__dirname, '..', '..');
const mistakes = readFileSync(join(ROOT, 'examples', 'mistakes.claim'), 'utf8');
const tables = loadTables();
let uriCounter = 0;
const freshUri = () => `file:///work/claims/test-${++uriCounter}.claim`;
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));
const markdown = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');


const EVERY_FIX = `claim C-1 payer=medicare dos=2025-01-15 dx=C90.00
  J9037 units=360 dose=180mg vial=2x100mg
  J9039 units=280 dose=28mcg
claim C-2 payer=medicare dos=2025-01-15 dx=C90.00
  J9037-JZ units=360 dose=180mg vial=2x100mg   # JZ, but 20 mg discarded
claim C-3 payer=medicare dos=2025-01-16 dx=C90.00
  J9037 units=360 dose=180mg vial=2x100mg
  J9037-JW units=20
  J9173-JW-JZ units=150 dose=1500mg
  j9039-JZ units=28 dose=28mcg
  J9309-JZ-59-XE units=144 dose=144mg
  J9032 units=180 dose=1800mg drug=belantamab-mafodotin
  J9039X units=1
  J9398 units=1
`;

/** Applies an LSP edit (changes or documentChanges) to `text`. */
function editsOf(action: CodeAction, uri: string): { edits: TextEdit[]; version?: number | null } {
  const edit = action.edit!;
  if (edit.documentChanges) {
    const change = edit.documentChanges.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri)!;
    return { edits: change.edits as TextEdit[], version: change.textDocument.version };
  }
  return { edits: edit.changes![uri] };
}

describe('claims language server over stdio', () => {
  let client: LspTestClient;

  before(async () => {
    assert.ok(existsSync(join(ROOT, 'dist', 'server.js')), 'dist/server.js is built (npm run build)');
    client = new LspTestClient();
    await client.initialize();
  });

  after(async () => {
    await client.shutdown();
  });

  test('initialize: incremental sync and every capability the client uses', () => {
    const caps = client.initializeResult!.capabilities;
    const sync = caps.textDocumentSync as { change: number; openClose: boolean };
    assert.equal(sync.change, 2, 'incremental');
    assert.equal(sync.openClose, true);
    assert.ok(caps.hoverProvider);
    assert.ok(caps.completionProvider?.triggerCharacters?.includes('-'));
    assert.ok((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds.includes('source.fixAll.claims'));
    assert.deepEqual(caps.executeCommandProvider?.commands, ['claims.applyFixAll', 'claims.applyFormat837']);
    for (const key of ['documentSymbolProvider', 'foldingRangeProvider', 'documentFormattingProvider', 'inlayHintProvider', 'codeLensProvider'] as const) {
      assert.ok(caps[key], key);
    }
  });

  test('diagnostics: what the engine finds, with source "claims", a spec id and a link to its documentation', async () => {
    const uri = freshUri();
    client.open(uri, mistakes);
    const diagnostics = await client.diagnosticsFor(uri);
    const engine = checkText(mistakes, tables);
    assert.deepEqual(codes(diagnostics), engine.map((d) => d.id));
    const docs = readFileSync(join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
    for (const d of diagnostics) {
      assert.equal(d.source, 'claims');
      assert.ok((DIAGNOSTIC_IDS as readonly string[]).includes(String(d.code)), String(d.code));
      const href = d.codeDescription!.href;
      assert.ok(href.endsWith(`#${d.code}`), href);
      assert.ok(existsSync(fileURLToPath(href.replace(/#.*$/, ''))), `${href} points at a file`);
      assert.match(docs, new RegExp(`^## ${d.code}$`, 'm'), `docs/diagnostics.md has a heading for ${d.code}`);
    }
    for (const id of ['units-mismatch', 'missing-jw-jz', 'jw-jz-conflict', 'code-not-effective', 'drug-code-mismatch']) assert.ok(codes(diagnostics).includes(id), id);
    client.close(uri);
  });

  test('claims.maxNumberOfProblems caps what is published', async () => {
    await client.changeSettings({ maxNumberOfProblems: 3 });
    const uri = freshUri();
    client.open(uri, mistakes);
    assert.equal((await client.diagnosticsFor(uri)).length, 3);
    await client.changeSettings({});
    client.close(uri);
  });

  test('hover: descriptor, billing unit in words, drug and the line arithmetic; modifiers; dx codes', async () => {
    const uri = freshUri();
    const text = 'claim C-1 payer=medicare dos=2025-01-15 dx=C91.00,C90.00\n  J9037-JW units=40\n  J9037 units=360 dose=180mg vial=2x100mg\n';
    client.open(uri, text);
    const code = markdown(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 4 } }));
    assert.match(code, /J9037/);
    assert.match(code, /Injection, belantamab mafodotin-blmf, 0\.5 mg/);
    assert.match(code, /1 unit = 0\.5 mg/);
    assert.match(code, /180 mg ÷ 0\.5 mg = 360 units/);
    assert.match(code, /400 available − 360 administered = 40 units discarded → a JW line/);
    const modifier = markdown(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 9 } }));
    assert.match(modifier, /\*\*JW\*\* — Drug amount discarded\/not administered to any patient/);
    const dx = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 52 } });
    assert.match(markdown(dx), /C90\.00/);
    assert.deepEqual(dx!.range, { start: { line: 0, character: 50 }, end: { line: 0, character: 56 } });
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } }), null);
    client.close(uri);
  });

  test('every quick fix of the spec is offered, and applying it makes its diagnostic go away without losing text', async () => {
    const uri = freshUri();
    client.open(uri, EVERY_FIX);
    const diagnostics = await client.diagnosticsFor(uri);
    const seen: string[] = [];
    for (const diagnostic of diagnostics) {
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic], only: ['quickfix'] },
      });
      for (const action of actions.filter((a) => a.diagnostics?.some((d) => d.code === diagnostic.code && d.range.start.line === diagnostic.range.start.line && d.range.start.character === diagnostic.range.start.character))) {
        seen.push(`${diagnostic.code}: ${action.title}`);
        const { edits, version } = editsOf(action, uri);
        assert.equal(version, 1, 'the edit names the document version it was made for');
        const fixed = applyEdits(EVERY_FIX, edits);
        // Only white space and the fix's own text change: every original comment and line survives.
        const checkUri = freshUri();
        client.open(checkUri, fixed);
        const after = await client.diagnosticsFor(checkUri);
        client.close(checkUri);
        const still = after.filter((d) => d.code === diagnostic.code && d.range.start.line === diagnostic.range.start.line && d.range.start.character === diagnostic.range.start.character);
        assert.deepEqual(still.map((d) => d.message), [], `"${action.title}" left ${diagnostic.code}`);
        const unchangedLines = EVERY_FIX.split('\n').filter((_, i) => !edits.some((e) => e.range.start.line <= i && i <= e.range.end.line));
        for (const line of unchangedLines) assert.ok(fixed.split('\n').includes(line), `"${action.title}" changed "${line}"`);
      }
    }
    for (const [id, title] of SPEC_FIX_TITLES) {
      assert.ok(seen.some((s) => s.startsWith(`${id}: `) && title.test(s.slice(id.length + 2))), `no ${id} fix titled ${title}; offered:\n  ${seen.join('\n  ')}`);
    }
    client.close(uri);
  });

  test('source.fixAll.claims: one versioned edit that fixes every preferred fix at once', async () => {
    const uri = freshUri();
    client.open(uri, mistakes);
    const v2 = client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
    const text = `# edited\n${mistakes}`;
    const before = await client.diagnosticsFor(uri, v2);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.claims'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.claims');
    const { edits, version } = editsOf(actions[0], uri);
    assert.equal(version, v2);
    const fixed = applyEdits(text, edits);
    const after = checkText(fixed, tables);
    const fixable = checkText(text, tables).filter((d) => d.fixes.some((f) => f.preferred)).map((d) => d.id);
    assert.ok(fixable.length >= 3, `fixable: ${fixable}`);
    assert.ok(after.length < before.length, `${after.length} < ${before.length}`);
    assert.equal(after.filter((d) => d.fixes.some((f) => f.preferred)).length, 0, 'no preferred fix left to apply');
    client.close(uri);
  });

  test('claims.applyFixAll: the server applies the edit through workspace/applyEdit, and refuses a stale version', async () => {
    const uri = freshUri();
    client.open(uri, mistakes);
    await client.diagnosticsFor(uri);
    client.appliedEdits.length = 0;
    assert.equal(await client.request('workspace/executeCommand', { command: 'claims.applyFixAll', arguments: [uri, 99] }), false);
    assert.equal(client.appliedEdits.length, 0, 'no edit for a stale version');
    assert.equal(await client.request('workspace/executeCommand', { command: 'claims.applyFixAll', arguments: [uri, 1] }), true);
    assert.equal(client.appliedEdits.length, 1);
    const change = client.appliedEdits[0].edit.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    const fixed = applyEdits(mistakes, change.edits as TextEdit[]);
    // Line 5's preferred fix sets the units to 28 (without vial= or waste= no JW/JZ fix is preferred).
    assert.equal(fixed.split('\n')[4].replace(/ +#.*/, ''), '  J9039     units=28 dose=28mcg');
    assert.ok(checkText(fixed, tables).length < checkText(mistakes, tables).length);
    client.close(uri);
  });

  test('completion: codes by prefix and by drug name, modifiers after "-", payers, keys', async () => {
    const uri = freshUri();
    const text = 'claim C-1 payer= dos=2025-01-15 dx=C91.00\n  blin\n  J903\n  J9039-\n  J9039 \n';
    client.open(uri, text);
    const complete = async (line: number, character: number) => {
      const result = await client.request<CompletionItem[] | { items: CompletionItem[] }>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
      return Array.isArray(result) ? result : result.items;
    };
    const byName = await complete(1, 6);
    const blin = byName.find((i) => (i.textEdit as TextEdit).newText === 'J9039');
    assert.ok(blin, byName.map((i) => i.label).join(', '));
    assert.match(`${blin.label} ${blin.detail}`, /blinatumomab/i);
    assert.deepEqual((blin.textEdit as TextEdit).range, { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } });
    const byCode = (await complete(2, 6)).map((i) => i.label);
    assert.ok(byCode.includes('J9037') && byCode.includes('J9039'), byCode.join(', '));
    const modifiers = (await complete(3, 8)).map((i) => i.label);
    assert.deepEqual(modifiers.slice(0, 2).sort(), ['JW', 'JZ']);
    const payers = (await complete(0, 16)).map((i) => i.label);
    assert.deepEqual(payers, ['medicare', 'medicaid', 'commercial']);
    const keys = (await complete(4, 8)).map((i) => i.label);
    assert.ok(keys.includes('units=') && keys.includes('dose=') && keys.includes('vial='), keys.join(', '));
    client.close(uri);
  });

  test('outline, folding and code lenses: one per claim', async () => {
    const uri = freshUri();
    const text = readFileSync(join(ROOT, 'examples', 'clean.claim'), 'utf8');
    client.open(uri, text);
    await client.diagnosticsFor(uri);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['claim CLM-1001', 'claim CLM-1002', 'claim CLM-1003', 'claim CLM-1004', 'claim CLM-1005', 'claim CLM-1006']);
    assert.deepEqual(symbols[0].children!.map((c) => c.name), ['96413', 'J9039', 'J9039-JW']);
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.deepEqual(folds.map((f) => f.startLine), symbols.map((s) => s.range.start.line));
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 6);
    // CLM-1001: 96413 units=1, J9039 units=28, J9039-JW units=7.
    assert.equal(lenses[0].command!.title, '3 service lines · 96413 1 unit, J9039 35 units (7 JW) · no problems');
    assert.deepEqual(lenses.map((l) => l.range.start.line), symbols.map((s) => s.range.start.line));
    client.close(uri);
  });

  test('formatting: aligned, lossless and idempotent', async () => {
    const uri = freshUri();
    const text = 'claim   C-1 payer=medicare   dos=2025-01-15 dx=C90.00\nJ9037 units=360 dose=180mg vial=2x100mg   # note\n        J9037-JW    units=40\n';
    client.open(uri, text);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = applyEdits(text, edits);
    assert.equal(formatted, 'claim C-1 payer=medicare dos=2025-01-15 dx=C90.00\n  J9037     units=360  dose=180mg  vial=2x100mg  # note\n  J9037-JW  units=40\n');
    assert.equal(formatted.replace(/\s+/g, ''), text.replace(/\s+/g, ''));
    client.change(uri, [{ text: formatted }]);
    assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
    client.close(uri);
  });

  test('inlay hints are short (VS Code cuts long ones off), with the detail in their tooltip, and claims.inlayHints.enabled turns them off', async () => {
    const uri = freshUri();
    client.open(uri, 'claim C-1 payer=medicare dos=2025-01-15 dx=C90.00\n  J9037 units=360 dose=180mg vial=2x100mg\n');
    const range = { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } };
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range });
    assert.deepEqual(hints.map((h) => [h.position, h.label]), [
      [{ line: 1, character: 7 }, '0.5 mg/u'],
      [{ line: 1, character: 28 }, '360 u'],
      [{ line: 1, character: 41 }, 'JW 40'],
    ]);
    // VS Code shows at most editor.inlayHints.maximumLength (43) characters; these stay far below.
    for (const hint of hints) assert.ok(String(hint.label).length <= 10, `label too long: ${String(hint.label)}`);
    assert.match(String(hints[0].tooltip), /belantamab mafodotin-blmf: Injection, belantamab mafodotin-blmf, 0\.5 mg; 1 unit = 0\.5 mg/);
    assert.match(String(hints[1].tooltip), /180 mg ÷ 0\.5 mg = 360 units/);
    assert.match(String(hints[2].tooltip), /40 units discarded/);
    await client.changeSettings({ inlayHints: { enabled: false } });
    assert.deepEqual(await client.request('textDocument/inlayHint', { textDocument: { uri }, range }), []);
    await client.changeSettings({});
    client.close(uri);
  });

  test('claims/tableInfo: release, sources and the share of drug codes with a billing unit', async () => {
    const info = await client.request<{ release: string; sources: Array<{ id: string }>; codes: number; drugCodes: number; unitParsedShare: number }>('claims/tableInfo', {});
    assert.match(info.release, /HCPCS 2026-01/);
    assert.ok(info.codes > 9000 && info.drugCodes > 1000);
    assert.ok(info.unitParsedShare > 0.85 && info.unitParsedShare <= 1);
    assert.ok(info.sources.some((s) => s.id === 'hcpcs-2025-10'));
  });

  test('a settings change re-checks open documents', async () => {
    const uri = freshUri();
    const text = 'claim C-1 payer=commercial dos=2025-01-15 dx=C90.00\n  J9037 units=360 dose=180mg vial=2x100mg\n  J9037-JW units=40\n  J9039 units=28 dose=28mcg\n';
    client.open(uri, text);
    assert.ok(!codes(await client.diagnosticsFor(uri)).includes('missing-jw-jz'), 'commercial does not require JW/JZ by default');
    client.forget(uri);
    client.refreshes.length = 0;
    await client.changeSettings({ jwJzPayers: ['medicare', 'commercial'] });
    assert.ok(codes(await client.diagnosticsFor(uri)).includes('missing-jw-jz'));
    assert.deepEqual([...client.refreshes].sort(), ['codeLens', 'inlayHint'], 'lenses and hints depend on settings: the editor is asked to refresh them');
    client.forget(uri);
    await client.changeSettings({});
    assert.ok(!codes(await client.diagnosticsFor(uri)).includes('missing-jw-jz'));
    client.close(uri);
  });

  test('bad input: binary garbage and a 1 MB line get diagnostics, and the server keeps answering', async () => {
    const uri = freshUri();
    let garbage = '';
    for (let i = 0; i < 5000; i++) garbage += String.fromCharCode((i * 7919) % 0xd7ff);
    const text = `${garbage}\nclaim C-1 payer=medicare dos=2025-01-15 dx=C90.00\n  J9037 units=360 dose=180mg ${'x'.repeat(1_000_000)}\n\u0000\u0001\r\r\n`;
    client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri);
    // What a full check finds, up to the default cap of 1000 problems.
    const engine = checkText(text, tables);
    assert.ok(engine.length > 0);
    assert.equal(diagnostics.length, Math.min(engine.length, 1000));
    assert.deepEqual(codes(diagnostics), engine.slice(0, diagnostics.length).map((d) => d.id));
    assert.ok(client.alive);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 1_000_010 } });
    assert.equal(hover, null);
    assert.deepEqual(await client.request('textDocument/hover', { textDocument: { uri: 'file:///never-opened.claim' }, position: { line: 0, character: 0 } }), null);
    client.close(uri);
    assert.equal(client.stderr.join(''), '', 'nothing on stderr');
  });

  test('10,000 lines edited keystroke by keystroke: the published diagnostics equal a full check of the final text', async () => {
    await client.changeSettings({ maxNumberOfProblems: 1_000_000 });
    const uri = freshUri();
    let text = syntheticClaims(10_000);
    client.open(uri, text);
    await client.diagnosticsFor(uri);
    // Type " units=1" into a blank line and a code modifier in the middle, one character at a time.
    const lines = text.split('\n');
    const blank = lines.findIndex((l, i) => i > 5000 && l === '');
    const typed = '  J9039 units=28 dose=28mcg';
    for (let i = 0; i < typed.length; i++) {
      const position = { line: blank, character: i };
      client.change(uri, [{ range: { start: position, end: position }, text: typed[i] }]);
    }
    lines[blank] = typed;
    const target = lines.findIndex((l, i) => i > 7000 && l.startsWith('  J9037 '));
    const at = { line: target, character: 7 };
    for (const ch of '-JW') {
      client.change(uri, [{ range: { start: { ...at }, end: { ...at } }, text: ch }]);
      at.character++;
    }
    lines[target] = `${lines[target].slice(0, 7)}-JW${lines[target].slice(7)}`;
    // And delete the first line break of the file.
    const version = client.change(uri, [{ range: { start: { line: 0, character: lines[0].length }, end: { line: 1, character: 0 } }, text: ' ' }]);
    text = `${lines[0]} ${lines.slice(1).join('\n')}`;
    const published = await client.diagnosticsFor(uri, version, 30_000);
    const expected = checkText(text, tables);
    assert.ok(expected.length > 1000, `${expected.length} problems: more than the default cap`);
    assert.deepEqual(
      published.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`),
      expected.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.id} ${d.message}`),
    );
    client.close(uri);
    await client.changeSettings({});
  });
});
