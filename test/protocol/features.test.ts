// The editor features of the built server in more depth: hovers on every kind of token,
// completion of each kind of value, formatting of the examples, payer profiles, versioned quick
// fixes that leave the rest of the file alone, malformed requests, and the IPC transport the
// VS Code client uses.
import { strict as assert } from 'node:assert';
import { fork } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  IPCMessageReader,
  IPCMessageWriter,
  createProtocolConnection,
  type CodeAction,
  type CodeLens,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type PublishDiagnosticsParams,
  type TextDocumentEdit,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { ClaimDocument, checkText } from '../../server/src/engine/check';
import { allowanceLenses, claimLenses } from '../../server/src/engine/features/codeLens';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { loadTables } from '../../server/src/engine/tables';
import { LspTestClient, SERVER, withServer } from '../helpers/lspClient';

const ROOT = join(__dirname, '..', '..');
const example = (name: string) => readFileSync(join(ROOT, 'examples', name), 'utf8');
const tables = loadTables();
let uriCounter = 0;
const freshUri = () => `file:///work/claims/features-${++uriCounter}.claim`;
const markdown = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));
const nonBlank = (text: string) => text.replace(/\s+/g, '');

const HEADER = 'claim C-1 payer=medicare dos=2025-01-15 dx=C91.00,Z51.12';

describe('editor features over stdio', () => {
  let client!: LspTestClient;
  withServer((started) => (client = started));

  const hover = async (uri: string, line: number, character: number) =>
    client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });

  const complete = async (uri: string, line: number, character: number) =>
    client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line, character } });

  test('hover on J9039: code, official descriptor, billing unit in words, generic and brand name, single-dose → JW/JZ, this line’s arithmetic', async () => {
    const uri = freshUri();
    client.open(uri, `${HEADER}\n  J9039 units=28 dose=28mcg vial=1x35mcg\n  J9039-JW units=7\n`);
    const h = await hover(uri, 1, 4);
    const text = markdown(h);
    assert.match(text, /\*\*J9039\*\* — Injection, blinatumomab, 1 microgram/);
    assert.match(text, /1 unit = 1 mcg/);
    assert.match(text, /blinatumomab \(Blincyto\)/);
    assert.match(text, /single-dose/);
    assert.match(text, /JZ when nothing is discarded/);
    assert.match(text, /dose 28 mcg ÷ 1 mcg = 28 units/);
    assert.match(text, /35 available − 28 administered = 7 units discarded → a JW line/);
    assert.deepEqual(h!.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 7 } });
    // The JW line's code has no dose: the descriptor and unit, but no arithmetic.
    const jw = markdown(await hover(uri, 2, 3));
    assert.match(jw, /1 unit = 1 mcg/);
    assert.doesNotMatch(jw, /administered =/);
    client.close(uri);
  });

  test('hover on dose=, vial= and units= values shows the arithmetic the checks use', async () => {
    const uri = freshUri();
    const line = '  J9037 units=300 dose=180mg vial=2x100mg';
    client.open(uri, `${HEADER}\n${line}\n`);
    const dose = markdown(await hover(uri, 1, line.indexOf('180mg') + 1));
    assert.match(dose, /1 unit = 0\.5 mg/);
    assert.match(dose, /dose 180 mg ÷ 0\.5 mg = 360 units/);
    const vial = markdown(await hover(uri, 1, line.indexOf('2x100mg') + 2));
    assert.match(vial, /vial 2 × 100 mg = 200 mg ÷ 0\.5 mg = 400 units available/);
    assert.match(vial, /40 units discarded/);
    const units = markdown(await hover(uri, 1, line.indexOf('300')));
    assert.match(units, /The dose comes to \*\*360 units\*\* — billed 300 units/);
    // On the key itself there is nothing to say.
    assert.equal(await hover(uri, 1, line.indexOf('dose') + 1), null);
    client.close(uri);
  });

  test('hover on modifiers, a CPT code, payers and dx codes', async () => {
    const uri = freshUri();
    const text = `${HEADER}\n  96413 units=1\n  J9039-JZ-59-XE units=28 dose=28mcg dx=2\nclaim C-2 payer=commercial dos=2025-01-15 dx=C9100\n  J9039-JZ units=28 dose=28mcg\n`;
    client.open(uri, text);
    const jz = markdown(await hover(uri, 2, 9));
    assert.match(jz, /^\*\*JZ\*\* — /);
    assert.match(jz, /nothing was discarded/);
    const fiftyNine = markdown(await hover(uri, 2, 12));
    assert.match(fiftyNine, /^\*\*59\*\* — /);
    assert.match(fiftyNine, /XE, XP, XS or XU/);
    const xe = markdown(await hover(uri, 2, 15));
    assert.match(xe, /^\*\*XE\*\* — .*\n\nSeparate encounter/);
    assert.match(markdown(await hover(uri, 1, 4)), /96413\*\* — CPT code.*not bundled/);
    assert.match(markdown(await hover(uri, 0, HEADER.indexOf('medicare') + 2)), /\*\*medicare\*\* — standard payer\.\n\nRequires JW\/JZ/);
    assert.match(markdown(await hover(uri, 3, 20)), /\*\*commercial\*\* — standard payer\.\n\nDoes not require JW\/JZ/);
    // dx codes: the bundled description when the ICD-10-CM subset has it.
    const dxHover = await hover(uri, 0, HEADER.indexOf('Z51.12') + 2);
    const z5112 = tables.icd10.get('Z5112');
    assert.match(markdown(dxHover), z5112 ? new RegExp(`Z51\\.12\\*\\* — ${z5112.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : /Z51\.12\*\*: not in the bundled ICD-10-CM table/);
    assert.deepEqual(dxHover!.range, { start: { line: 0, character: HEADER.indexOf('Z51.12') }, end: { line: 0, character: HEADER.indexOf('Z51.12') + 6 } });
    // A dx pointer on a service line resolves to the header's code.
    const pointerLine = '  J9039-JZ-59-XE units=28 dose=28mcg dx=2';
    assert.match(markdown(await hover(uri, 2, pointerLine.indexOf('dx=2') + 3)), /^dx 2 → \*\*Z51\.12\*\*/);
    client.close(uri);
  });

  test('completion: a capped, ranked code list marked incomplete; drug names with the billing unit; the claim keyword', async () => {
    const uri = freshUri();
    client.open(uri, `${HEADER}\n  J\n  blin\n  Blincy\ncl\n  J9039 units=28 # a comm\n`);
    const byLetter = await complete(uri, 1, 3);
    assert.equal(byLetter.isIncomplete, true, 'thousands of J codes: the list is capped and incomplete');
    assert.equal(byLetter.items.length, 50, 'capped at 50 items');
    const first = byLetter.items[0];
    assert.match(first.label, /^J\d{4}$/);
    assert.ok(typeof first.documentation === 'object' && /1 unit = /.test(first.documentation.value), 'drug codes with a billing unit rank first');
    const sorted = [...byLetter.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    assert.deepEqual(sorted.map((i) => i.label), byLetter.items.map((i) => i.label), 'sortText keeps the server’s ranking');

    const byName = await complete(uri, 2, 6);
    assert.equal(byName.isIncomplete, false);
    assert.equal((byName.items[0].textEdit as TextEdit).newText, 'J9039');
    assert.equal(byName.items[0].label, 'J9039 — blinatumomab', 'generic names before brand names');
    assert.match(byName.items[0].detail!, /1 unit = 1 mcg/);
    const byBrand = await complete(uri, 3, 8);
    assert.equal(byBrand.items[0].label, 'J9039 — blinatumomab (blincyto)', 'brand names find their code');

    const keyword = await complete(uri, 4, 2);
    assert.equal(keyword.items[0].label, 'claim', 'the header keyword first (indentation is free, so drug names follow)');
    assert.ok(keyword.items.slice(1).every((i) => /^[A-Z]\d{4} — cl/.test(i.label)), keyword.items.map((i) => i.label).join(', '));
    assert.deepEqual((await complete(uri, 6, 0)).items.map((i) => i.label), ['claim'], 'an empty line: only the keyword, no flood of codes');
    assert.deepEqual((await complete(uri, 5, 24)).items, [], 'nothing inside a comment');
    client.close(uri);
  });

  test('completion: dose units (the code’s unit first), dx pointers, keys not yet on the line, payer profiles', async () => {
    await client.changeSettings({ payerProfiles: [{ id: 'acme-health', requiresJwJz: true }] });
    const uri = freshUri();
    const text = `claim C-1 payer=ac dos=2025-01-15 dx=C91.00,Z51.12\n  J9037 units=360 dose=180\n  J9039 units=28 dose=28mcg dx=\n  J9039 units=28 vial=1x3\n`;
    client.open(uri, text);
    const payers = await complete(uri, 0, 18);
    assert.deepEqual(payers.items.map((i) => [i.label, i.detail]), [['acme-health', 'payer profile · requires JW/JZ']]);
    assert.deepEqual((payers.items[0].textEdit as TextEdit).range, { start: { line: 0, character: 16 }, end: { line: 0, character: 18 } });

    const doseUnits = await complete(uri, 1, 26);
    assert.deepEqual(doseUnits.items.map((i) => i.label).slice(0, 3), ['mg', 'mcg', 'g'], 'J9037 bills per 0.5 mg: mass units first');
    assert.deepEqual((doseUnits.items[0].textEdit as TextEdit).range, { start: { line: 1, character: 26 }, end: { line: 1, character: 26 } });
    assert.match(doseUnits.items.find((i) => i.label === 'ml')!.detail!, /does not convert/);

    const pointers = await complete(uri, 2, 31);
    assert.deepEqual(pointers.items.map((i) => i.label), ['1', '2']);
    assert.match(pointers.items[1].detail!, /^Z51\.12/);

    const vialUnits = await complete(uri, 3, 25);
    assert.equal(vialUnits.items[0].label, 'mcg', 'J9039 bills per microgram');

    const keys = await complete(uri, 2, 28); // at the start of "dx=", as if typing a new key there
    assert.ok(!keys.items.some((i) => i.label === 'units=' || i.label === 'dose='), 'keys already on the line are not offered');
    client.close(uri);
    await client.changeSettings({});
  });

  test('payer profiles from settings: a valid payer, with its JW/JZ requirement and prior-authorisation codes', async () => {
    const text = 'claim C-1 payer=acme dos=2025-01-15 dx=C34.90\n  J9173 units=150 dose=1500mg\n';
    const uri = freshUri();
    client.open(uri, text);
    const without = codes(await client.diagnosticsFor(uri));
    assert.ok(without.includes('invalid-value'), `acme is not a payer yet: ${without}`);
    client.forget(uri);
    await client.changeSettings({ payerProfiles: [{ id: 'acme', requiresJwJz: true, priorAuthCodes: ['J9173'] }] });
    const withProfile = codes(await client.diagnosticsFor(uri));
    assert.ok(!withProfile.includes('invalid-value'), withProfile.join(', '));
    assert.ok(withProfile.includes('missing-jw-jz'), withProfile.join(', '));
    assert.ok(withProfile.includes('prior-auth-missing'), withProfile.join(', '));
    assert.deepEqual(withProfile, checkText(text, tables, { payerProfiles: [{ id: 'acme', requiresJwJz: true, priorAuthCodes: ['J9173'] }] }).map((d) => d.id));
    client.close(uri);
    await client.changeSettings({});
  });

  test('the cap on problems says so in the last one', async () => {
    const text = example('mistakes.claim');
    const all = checkText(text, tables);
    await client.changeSettings({ maxNumberOfProblems: 4 });
    const uri = freshUri();
    client.open(uri, text);
    const capped = await client.diagnosticsFor(uri);
    assert.equal(capped.length, 4);
    assert.deepEqual(capped.slice(0, 3).map((d) => d.message), all.slice(0, 3).map((d) => d.message));
    assert.ok(String(capped[3].message).startsWith(all[3].message));
    assert.match(String(capped[3].message), new RegExp(`${all.length - 4} more problems in this file not shown: claims\\.maxNumberOfProblems is 4`));
    client.forget(uri);
    await client.changeSettings({ maxNumberOfProblems: all.length });
    const full = await client.diagnosticsFor(uri);
    assert.deepEqual(full.map((d) => d.message), all.map((d) => d.message), 'no note when nothing is left out');
    client.close(uri);
    await client.changeSettings({});
  });

  test('an edit below the shown problems: those are sent again as they were, and the cap’s note counts the new one', async () => {
    const text = example('mistakes.claim');
    await client.changeSettings({ maxNumberOfProblems: 4 });
    const uri = freshUri();
    client.open(uri, text);
    const capped = await client.diagnosticsFor(uri);
    const end = { line: text.split('\n').length - 1, character: 0 };
    const added = 'claim CLM-9 payer=medicare dos=2025-01-15 dx=C91.00\n  J9039 units=280 dose=28mcg\n';
    const version = client.change(uri, [{ range: { start: end, end }, text: added }]);
    const all = checkText(text + added, tables);
    assert.ok(all.length > checkText(text, tables).length, 'the edit adds problems');
    const after = await client.diagnosticsFor(uri, version);
    assert.deepEqual(after.slice(0, 3), capped.slice(0, 3));
    assert.equal(String(after[3].message), `${all[3].message}\n(${all.length - 4} more problems in this file not shown: claims.maxNumberOfProblems is 4)`);
    client.close(uri);
    await client.changeSettings({});
  });

  test('FY2026 diagnoses, container types by NDC and MUE limits, as a biller meets them in the editor', async () => {
    const uri = freshUri();
    const header = 'claim C-9 payer=medicare dos=2025-01-15 dx=C91.0,C50.A0,C91.2,E11.9';
    const text = `${header}\n  J1626 units=10 dose=1mg ndc=00143-9744-10\n  J1626 units=10 dose=1mg dos=2025-01-16\n  J1745-JZ units=160 dose=1600mg\n`;
    client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri);
    const at = (id: string, line: number) => diagnostics.find((d) => d.code === id && d.range.start.line === line);
    // C91.0 is a category: an error, with its three codes offered and none preferred (a clinical choice).
    const category = at('dx-not-billable', 0)!;
    assert.equal(category.severity, 1);
    assert.match(String(category.message), /C91\.0 \(Acute lymphoblastic leukemia \[ALL\]\) is a category, not a billable code: claims must carry one of its 3 codes \(C91\.00, C91\.01, C91\.02\)/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: category.range, context: { diagnostics: [category], only: ['quickfix'] } });
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred ?? false]),
      [
        ['Change to C91.00 (Acute lymphoblastic leukemia not having achieved remission)', false],
        ['Change to C91.01 (Acute lymphoblastic leukemia, in remission)', false],
        ['Change to C91.02 (Acute lymphoblastic leukemia, in relapse)', false],
      ],
    );
    assert.equal(applyEdits(text, (actions[0].edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[]).split('\n')[0], header.replace('C91.0,', 'C91.00,'));
    // C91.2 is no code; E11.9 lies outside the bundled ranges and is left alone; C50.A0 (new in FY2026) is fine.
    assert.match(String(at('invalid-icd10', 0)!.message), /^C91\.2 is not an ICD-10-CM code in FY2026; C91 is a category whose codes start C91/);
    assert.equal(diagnostics.filter((d) => d.range.start.line === 0).length, 2);
    assert.match(markdown(await hover(uri, 0, header.indexOf('C50.A0') + 2)), /^\*\*C50\.A0\*\* — Malignant inflammatory neoplasm of unspecified breast\n\nBillable ICD-10-CM code \(FY2026\)/);
    assert.match(markdown(await hover(uri, 0, header.indexOf('C91.0') + 2)), /A category, \*\*not billable\*\*: a claim carries one of its 3 codes/);
    assert.match(markdown(await hover(uri, 0, header.indexOf('E11.9') + 2)), /outside the ICD-10-CM ranges bundled \(C00–D89, Z00–Z99\); only its form is checked/);
    // Granisetron: the single-dose NDC makes missing JW/JZ an error; without ndc= it is calm information.
    assert.equal(at('missing-jw-jz', 1)!.severity, 1);
    const undecided = at('missing-jw-jz', 2)!;
    assert.equal(undecided.severity, 3);
    assert.match(String(undecided.message), /J1626 comes in single- and multi-dose containers \(single-dose: 00143-9744-10; multi-dose: 00143-9745-05\); ndc= on the line decides which/);
    assert.match(markdown(await hover(uri, 1, 4)), /Supplied in \*\*single-dose\*\* containers \(NDC 00143-9744-10\)/);
    assert.match(markdown(await hover(uri, 2, 4)), /Supplied in \*\*single- and multi-dose\*\* containers/);
    // Infliximab: 160 units on one day exceed the curated MUE of 150; the hover names it and its source.
    assert.match(String(at('mue-exceeded', 3)!.message), /160 units of J1745 on 2025-01-15 exceed its medically unlikely edit of 150 units per day \(MAI not stated, counted per day, practitioner \(Noridian JF Part B\)/);
    assert.match(markdown(await hover(uri, 3, 4)), /Medically unlikely edit: at most \*\*150\*\* units a day \(MAI not stated; practitioner \(Noridian JF Part B\)\)/);
    client.close(uri);
  });

  test('quick fixes: versioned, attached to the client’s diagnostic, the waste-matching fix preferred, other claims untouched', async () => {
    const text = `${HEADER}\n  J9037 units=360 dose=180mg vial=2x100mg\nclaim C-2 payer=medicare dos=2025-01-15 dx=C90.00\n  J9039 units=280 dose=28mcg   # two problems here\n`;
    const uri = freshUri();
    client.open(uri, text);
    const v2 = client.change(uri, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '' }]); // a no-op edit: version 2
    const diagnostics = await client.diagnosticsFor(uri, v2);
    const missing = diagnostics.find((d) => d.code === 'missing-jw-jz' && d.range.start.line === 1)!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing], only: ['quickfix'] } });
    const forIt = actions.filter((a) => a.diagnostics?.[0].code === 'missing-jw-jz');
    assert.deepEqual(forIt.map((a) => [a.title, a.isPreferred]), [
      ['Add JZ modifier (no drug discarded)', false],
      ['Add JW line for 40 discarded units', true],
    ]);
    for (const action of forIt) {
      assert.deepEqual(action.diagnostics, [missing], 'the diagnostic the client sent is attached');
      const change = action.edit!.documentChanges![0] as TextDocumentEdit;
      assert.deepEqual(change.textDocument, { uri, version: v2 });
    }
    const jwLine = forIt[1].edit!.documentChanges![0] as TextDocumentEdit;
    const fixed = applyEdits(text, jwLine.edits as TextEdit[]);
    assert.equal(fixed, text.replace('vial=2x100mg\n', 'vial=2x100mg\n  J9037-JW units=40\n'));
    // The other claim's problems are the same, one line further down.
    const otherBefore = checkText(text, tables).filter((d) => d.range.start.line >= 2).map((d) => `${d.range.start.line + 1} ${d.id} ${d.message}`);
    const otherAfter = checkText(fixed, tables).filter((d) => d.range.start.line >= 3).map((d) => `${d.range.start.line} ${d.id} ${d.message}`);
    assert.deepEqual(otherAfter, otherBefore);
    assert.ok(otherBefore.length >= 2);
    // Outside the given range: no quick fix.
    const elsewhere = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, context: { diagnostics: [], only: ['quickfix'] } });
    assert.deepEqual(elsewhere, []);
    client.close(uri);
  });

  test('claims.applyFixAll refuses an unknown document and a missing version, and reports an edit the editor refused', async () => {
    const refusing = new LspTestClient({ applyEdits: false });
    try {
      await refusing.initialize();
      const uri = freshUri();
      refusing.open(uri, example('mistakes.claim'));
      await refusing.diagnosticsFor(uri);
      assert.equal(await refusing.request('workspace/executeCommand', { command: 'claims.applyFixAll', arguments: [uri] }), false);
      assert.equal(await refusing.request('workspace/executeCommand', { command: 'claims.applyFixAll', arguments: ['file:///not-open.claim', 1] }), false);
      assert.equal(refusing.appliedEdits.length, 0);
      assert.equal(await refusing.request('workspace/executeCommand', { command: 'claims.applyFixAll', arguments: [uri, 1] }), false, 'the editor said not applied');
      assert.equal(refusing.appliedEdits.length, 1);
    } finally {
      await refusing.shutdown();
    }
  });

  test('formatting the examples, CRLF and a BOM: every token and comment kept, line endings kept, idempotent', async () => {
    const crlf = `\uFEFF# note\r\nclaim   C-9 payer=medicare dos=2025-01-15 dx=C90.00\r\n J9037 units=360   dose=180mg vial=2x100mg # c\r\n\t J9037-JW units=40\r\n  J9037 units== ??? # a broken line stays as written   \r\n`;
    for (const text of [example('clean.claim'), example('mistakes.claim'), crlf]) {
      const uri = freshUri();
      client.open(uri, text);
      const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
      const formatted = applyEdits(text, edits);
      assert.equal(nonBlank(formatted), nonBlank(text), 'only white space changes');
      const comments = (t: string) => t.split(/\r?\n/).map((l) => /(^|\s)(#.*?)\s*$/.exec(l)?.[2]).filter(Boolean);
      assert.deepEqual(comments(formatted), comments(text), 'comments kept, in order');
      assert.equal(formatted.split('\r\n').length, text.split('\r\n').length, 'line endings kept');
      assert.equal(formatted.split('\n').length, text.split('\n').length, 'no line added or removed');
      for (const line of formatted.split(/\r?\n/)) if (/^\s*[A-Za-z]\d{4}/.test(line) && !line.includes('???')) assert.match(line, /^ {2}\S/, `service line indented by two: "${line}"`);
      client.change(uri, [{ text: formatted }]);
      assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), [], 'idempotent');
      client.close(uri);
      if (text === crlf) {
        assert.ok(formatted.startsWith('\uFEFF# note\r\nclaim C-9 payer=medicare'), JSON.stringify(formatted.slice(0, 40)));
        assert.ok(formatted.includes('\r\n  J9037 units== ??? # a broken line stays as written   \r\n'), 'the broken line is left exactly as written, trailing blanks too');
      }
    }
  });

  test('code lenses count each claim’s problems by severity', async () => {
    const uri = freshUri();
    const text = example('mistakes.claim');
    client.open(uri, text);
    await client.diagnosticsFor(uri);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, symbols.length);
    const all = checkText(text, tables);
    symbols.forEach((claim, i) => {
      const inside = all.filter((d) => d.range.start.line >= claim.range.start.line && d.range.start.line <= claim.range.end.line);
      const errors = inside.filter((d) => d.severity === 'error').length;
      const title = lenses[i].command!.title;
      assert.match(title, new RegExp(`^${claim.children!.length} service lines? · [A-Z0-9]{5} \\d+ units?`));
      if (errors > 0) assert.match(title, new RegExp(`${errors} errors?`), `${claim.name}: ${title}`);
      else assert.doesNotMatch(title, /error/);
    });
    // CLM-2001: J9039 units=280 and j9037 units=360, no JW line: per code, never 640 in all.
    assert.match(lenses[0].command!.title, /· J9039 280 units, J9037 360 units ·/);
    assert.equal(symbols[0].children![0].detail, '280 units · dose 28mcg');
    client.close(uri);
  });

  test('code lenses after edits (units, Enter, a duplicate claim id, a suppression, a payer, a joined claim, CRLF) equal a fresh document’s and the model’s', async () => {
    const uri = freshUri();
    const priced = 'claim C-1 payer=medicare dos=2026-02-10 dx=C91.00\n  J9039 units=28 dose=28mcg vial=2 ndc=55513-0160-01\n  J9039-JW units=42 ndc=55513-0160-01\nclaim C-2 payer=medicaid dos=2026-02-10 dx=C91.00\n  J9039-JZ units=28 dose=28mcg ndc=55513-0160-01\n';
    let text = `${example('clean.claim')}\n${priced}\n${example('mistakes.claim')}`;
    const titles = (lenses: CodeLens[]) => lenses.map((l) => [l.range, l.command!.title]);
    /** Lenses as the model computes them (what the server answered before it kept per-claim summaries). */
    const fromModel = (t: string) => {
      const document = new ClaimDocument(t);
      const file = document.claims();
      return [...claimLenses(file, document.check(tables)), ...allowanceLenses(file, tables)].map((l) => [l.range, l.title]);
    };
    const fresh = async (t: string) => {
      const other = freshUri();
      client.open(other, t);
      await client.diagnosticsFor(other);
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: other } });
      client.close(other);
      return titles(lenses);
    };
    const positionOf = (offset: number) => {
      const before = text.slice(0, offset).split('\n');
      return { line: before.length - 1, character: before[before.length - 1].length };
    };
    /** Replaces the first `find` after `after` with `replacement`, in the server's copy and here. */
    const edit = (find: string, replacement: string, after = '') => {
      const start = text.indexOf(find, text.indexOf(after));
      assert.ok(start >= 0, find);
      client.change(uri, [{ range: { start: positionOf(start), end: positionOf(start + find.length) }, text: replacement }]);
      text = text.slice(0, start) + replacement + text.slice(start + find.length);
    };
    client.open(uri, text);
    await client.diagnosticsFor(uri);
    const first = titles(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }));
    assert.deepEqual(first, fromModel(text));
    assert.ok(first.some(([, title]) => String(title).startsWith('Expected Medicare allowance')), 'an allowance lens is among them');
    const seen = new Set([JSON.stringify(first)]);
    const steps: Array<() => void> = [
      () => edit('units=28 dose=28mcg vial=2', 'units=280 dose=28mcg vial=2'),
      () => edit('claim C-2', '\nclaim C-2'),
      () => edit('claim C-2', 'claim CLM-1001 payer=medicare dos=2025-01-15 dx=C91.00\n  J9039 units=28 dose=28mcg\nclaim C-2'),
      () => edit('claim CLM-1001 payer=medicare dos=2025-01-15 dx=C91.00\n  J9039 units=28', '# claims-disable-next-line duplicate-claim-id\nclaim CLM-1001 payer=medicare dos=2025-01-15 dx=C91.00\n  J9039 units=28'),
      () => edit('payer=medicaid dos=2026-02-10', 'payer=medicare dos=2026-02-10'),
      () => edit('claim CLM-2002 payer=medicare dos=2025-01-16 dx=C84.40 patient=P-6021\n', ''),
      () => {
        edit('\n', '\r\n', 'claim CLM-2003');
        edit('J9309-JW  units=26', '');
      },
    ];
    for (const step of steps) {
      step();
      // Asked right behind the change, as the editor asks.
      const lenses = titles(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }));
      assert.deepEqual(lenses, await fresh(text));
      assert.deepEqual(lenses, fromModel(text));
      seen.add(JSON.stringify(lenses));
    }
    assert.equal(seen.size, steps.length + 1, 'every edit changed the lenses');
    client.close(uri);
  });

  test('malformed requests and edits: logged without claim text, answered, and the server keeps working', async () => {
    const uri = freshUri();
    const secret = 'claim SECRET-PATIENT-4471 payer=medicare dos=2025-01-15 dx=C90.00\n  J9037 units=360 dose=180mg vial=2x100mg\n';
    client.open(uri, secret);
    await client.diagnosticsFor(uri);
    client.logMessages.length = 0;
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: null }), null);
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range: null, context: { diagnostics: [] } }), []);
    assert.ok(client.logMessages.some((m) => /^claims: (hover|codeAction) failed: /.test(m)), client.logMessages.join('\n'));
    for (const m of client.logMessages) assert.doesNotMatch(m, /SECRET|P-4471|J9037|180mg/, 'no claim text in the log');
    // An edit past the end of the document is clamped, not fatal.
    const v = client.change(uri, [{ range: { start: { line: 99, character: 5 }, end: { line: 120, character: 0 } }, text: '  J9037-JW units=40\n' }]);
    const after = await client.diagnosticsFor(uri, v);
    // Clamped to the end of the document: the JW line lands below the vial line and answers its
    // missing-jw-jz, so nothing is left, exactly as a full check of that text finds.
    assert.deepEqual(codes(after), checkText(`${secret}  J9037-JW units=40\n`, tables).map((d) => d.id));
    assert.deepEqual(codes(after), []);
    assert.ok(client.alive);
    // Requests for a closed or unknown document get empty answers.
    client.close(uri);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
    assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
    assert.deepEqual(await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } }), { isIncomplete: false, items: [] });
  });

  test('typing fast: diagnostics of the final version equal a full check, and stale versions are not published after it', async () => {
    const uri = freshUri();
    let text = `${HEADER}\n`;
    client.open(uri, text);
    await client.diagnosticsFor(uri);
    const line = '  J9037 units=360 dose=180mg vial=2x100mg';
    let version = 1;
    for (let i = 0; i < line.length; i++) {
      version = client.change(uri, [{ range: { start: { line: 1, character: i }, end: { line: 1, character: i } }, text: line[i] }]);
    }
    text += line;
    const final = await client.diagnosticsFor(uri, version);
    assert.deepEqual(codes(final), checkText(text, tables).map((d) => d.id));
    assert.ok(codes(final).includes('missing-jw-jz'));
    // Half a second later the last publication is still that of the final version.
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await client.diagnosticsFor(uri, version, 100), final);
    client.close(uri);
  });
});

describe('incremental sync under random edits', () => {
  test('300 random multi-change edits (inserted lines, joined lines, CRLF text): diagnostics always equal a full check of the client’s text', async () => {
    const client = new LspTestClient({ settings: { maxNumberOfProblems: 100_000 } });
    try {
      await client.initialize();
      const uri = freshUri();
      let text = example('mistakes.claim').replace(/\n/g, '\r\n') + example('clean.claim');
      client.open(uri, text);
      let seed = 7;
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      const pieces = ['', 'x', ' ', '\n', '-JW', ' units=40', '\n  J9037 units=1 dose=0.5mg', 'claim Z payer=medicare dos=2025-01-15 dx=C90.00\n', '\r\n', '#', '9', 'J'];
      const positionOf = (offset: number) => {
        const before = text.slice(0, offset);
        const line = before.split(/\r\n|\r|\n/).length - 1;
        const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
        return { line, character: offset - lastBreak - 1 };
      };
      let version = 1;
      for (let round = 0; round < 300; round++) {
        const changes = [];
        for (let k = 0; k <= random(3); k++) {
          let start = random(text.length + 1);
          let end = Math.min(text.length, start + random(4) * random(12));
          // Never split a CRLF pair: editors do not address the middle of a line ending.
          if (text[start - 1] === '\r' && text[start] === '\n') start--;
          if (text[end - 1] === '\r' && text[end] === '\n') end++;
          const insert = pieces[random(pieces.length)];
          changes.push({ range: { start: positionOf(start), end: positionOf(end) }, text: insert });
          text = text.slice(0, start) + insert + text.slice(end);
        }
        version = client.change(uri, changes);
        if (round % 50 === 49) {
          const published = await client.diagnosticsFor(uri, version, 20_000);
          const expected = checkText(text, tables);
          assert.deepEqual(
            published.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`),
            expected.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.id} ${d.message}`),
            `round ${round}`,
          );
        }
      }
      // The server's formatting edits apply to the client's text: both sides hold the same text.
      const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
      assert.equal(nonBlank(applyEdits(text, edits)), nonBlank(text));
    } finally {
      await client.shutdown();
    }
  });
});

describe('a server without its code tables', () => {
  test('starts, says so once, publishes one "not checked" diagnostic per file and keeps answering', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-no-tables-'));
    mkdirSync(join(dir, 'dist'));
    copyFileSync(SERVER, join(dir, 'dist', 'server.js'));
    const client = new LspTestClient({ server: join(dir, 'dist', 'server.js') });
    try {
      await client.initialize();
      const uri = freshUri();
      client.open(uri, `${HEADER}\n  J9039 units=280 dose=28mcg\n`);
      // Not an empty Problems panel, which would look like a clean file: one error on line 0.
      const [only, ...rest] = await client.diagnosticsFor(uri);
      assert.deepEqual(rest, []);
      assert.equal(only.code, 'tables-not-loaded');
      assert.equal(only.source, 'claims');
      assert.equal(only.severity, 1);
      assert.deepEqual(only.range, { start: { line: 0, character: 0 }, end: { line: 0, character: HEADER.length } });
      const message = typeof only.message === 'string' ? only.message : only.message.value;
      assert.match(message, /^This file was NOT checked: the bundled code tables could not be read \(server\/data\/hcpcs\.json: the file is missing\)/);
      assert.doesNotMatch(message, /J9039|C91/, 'no claim text');
      // Every open file gets its own, also after an edit.
      const other = freshUri();
      client.open(other, '');
      assert.deepEqual((await client.diagnosticsFor(other)).map((d) => [d.code, d.range.start.line]), [['tables-not-loaded', 0]]);
      const version = client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }]);
      assert.deepEqual((await client.diagnosticsFor(uri, version)).map((d) => d.code), ['tables-not-loaded']);
      const actions = await client.request<unknown[]>('textDocument/codeAction', { textDocument: { uri }, range: only.range, context: { diagnostics: [only], only: ['quickfix', 'source.fixAll.claims'] } });
      assert.deepEqual(actions, [], 'nothing checked, nothing to fix');
      assert.equal(client.shownMessages.length, 1, client.shownMessages.join('\n'));
      assert.match(client.shownMessages[0], /code tables could not be read/);
      const info = await client.request<{ release: string; codes: number }>('claims/tableInfo', {});
      assert.deepEqual([info.release, info.codes], ['not loaded', 0]);
      // Symbols need no tables: the outline still shows the claim and its line.
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepEqual(symbols.map((s) => [s.name, s.children?.map((c) => c.name)]), [['claim C-1', ['J9039']]]);
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.deepEqual(lenses.map((l) => l.command!.title), ['1 service line · J9039 280 units · 1 error'], 'the one "not checked" error is counted');
      assert.ok(client.alive);
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the server over IPC (as the VS Code client starts it)', () => {
  test('initialize, open a document and receive its diagnostics', async () => {
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const received = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification('textDocument/publishDiagnostics', resolve));
    connection.listen();
    try {
      const init = await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal((init as { capabilities: { textDocumentSync: { change: number } } }).capabilities.textDocumentSync.change, 2);
      await connection.sendNotification('initialized', {});
      const uri = 'file:///ipc/test.claim';
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'claim', version: 1, text: `${HEADER}\n  J9039 units=280 dose=28mcg\n` } });
      const published = await Promise.race([received, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no diagnostics over IPC')), 10_000))]);
      assert.equal(published.uri, uri);
      assert.ok(codes(published.diagnostics).includes('units-mismatch'));
      // Without workspace/configuration the defaults apply: medicare requires JW/JZ.
      assert.ok(codes(published.diagnostics).includes('missing-jw-jz'));
      // No documentChanges support: quick fixes use a plain `changes` edit.
      const d = published.diagnostics.find((x) => x.code === 'units-mismatch')!;
      const actions = (await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
      const setUnits = actions.find((a) => a.title === 'Set units to 28')!;
      assert.ok(setUnits.edit!.changes![uri].length > 0);
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) resolve(child.exitCode);
        else child.on('exit', (c) => resolve(c));
        setTimeout(() => resolve(null), 5000);
      });
      assert.equal(code, 0, 'exits cleanly after shutdown + exit');
    } finally {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    }
  });
});
