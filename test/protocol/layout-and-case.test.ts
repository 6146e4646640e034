// Over LSP, against the built server: hover on codes written in lower case, and the formatter's
// exact layout (per-claim columns, trailing comments kept at their column, lines with syntax
// problems left exactly as written), as an editor receives them.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { LspTestClient, withServer } from '../helpers/lspClient';

const ROOT = join(__dirname, '..', '..');
let uriCounter = 0;
const freshUri = () => `file:///work/claims/layout-${++uriCounter}.claim`;
const markdown = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');
const HEADER = 'claim C-1 payer=medicare dos=2025-01-15 dx=C91.00';

/** Applies LSP text edits (non-overlapping, as the protocol requires) to a text with \n lines. */
function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (p.line < lineStarts.length ? lineStarts[p.line] + p.character : text.length);
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('hover on lower-case codes and the formatter’s layout, over stdio', () => {
  let client!: LspTestClient;
  withServer((started) => (client = started));

  const hover = (uri: string, line: number, character: number) =>
    client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  const formatted = async (uri: string, text: string) =>
    applyTextEdits(text, await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }));

  test('a lower-case code hovers like its upper-case form, and is still flagged lowercase-code', async () => {
    const uri = freshUri();
    client.open(uri, `${HEADER}\n  j9039 units=28 dose=28mcg vial=1x35mcg\n  J9039 units=28 dose=28mcg vial=1x35mcg dos=2025-01-16\n`);
    const lower = await hover(uri, 1, 3);
    const upper = await hover(uri, 2, 3);
    assert.match(markdown(lower), /^\*\*J9039\*\* — Injection, blinatumomab, 1 microgram/);
    assert.match(markdown(lower), /blinatumomab \(Blincyto\)/);
    assert.match(markdown(lower), /35 available − 28 administered = 7 units discarded → a JW line/);
    assert.equal(markdown(lower), markdown(upper));
    assert.deepEqual(lower!.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 7 } });
    const diagnostics: Diagnostic[] = await client.diagnosticsFor(uri);
    assert.deepEqual(
      diagnostics.filter((d) => d.code === 'lowercase-code').map((d) => [d.range.start.line, d.range.start.character, d.severity]),
      [[1, 2, 3]],
      'lowercase-code, severity Information (3), on the code only',
    );
    client.close(uri);
  });

  test('formatting examples/clean.claim keeps every trailing comment at its column', async () => {
    const uri = freshUri();
    const text = readFileSync(join(ROOT, 'examples', 'clean.claim'), 'utf8');
    client.open(uri, text);
    const result = await formatted(uri, text);
    const columns = (t: string) => t.split('\n').map((l) => (/^ {2}\S/.test(l) ? l.indexOf('#') : -1));
    assert.deepEqual(columns(result), columns(text));
    assert.ok(result.includes('\n  J9173-JZ  units=150  dose=1500mg  vial=3x500mg      # durvalumab, 1 unit = 10 mg\n'), result);
    client.close(uri);
  });

  test('the exact layout: per-claim columns, a comment past the content kept, syntax-problem lines untouched', async () => {
    const uri = freshUri();
    const text = [
      'claim   C-1 payer=medicare dos=2025-01-15 dx=C90.00',
      'J9037 units=360 dose=180mg vial=2x100mg                  # kept at its column',
      '     J90-JZ     units=28        # a code that does not parse',
      ' J9037-JW units=40 # pushed',
      '  J9039-JWJZKX-JW   units=1',
      '',
    ].join('\n');
    client.open(uri, text);
    assert.equal(
      await formatted(uri, text),
      [
        'claim C-1 payer=medicare dos=2025-01-15 dx=C90.00',
        '  J9037     units=360  dose=180mg  vial=2x100mg          # kept at its column',
        '     J90-JZ     units=28        # a code that does not parse',
        '  J9037-JW  units=40  # pushed',
        '  J9039-JWJZKX-JW   units=1',
        '',
      ].join('\n'),
    );
    client.close(uri);
  });
});
