// The server's JSON encoder over stdio (lsp/transport.ts): the bytes of JSON.stringify, also when
// diagnostics published before are sent again.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { encodeMessage } from '../../server/src/lsp/transport';

const diagnostic = (line: number, message: string) => ({ range: { start: { line, character: 0 }, end: { line, character: 5 } }, severity: 1, source: 'claims', code: 'units-mismatch', message });
const publish = (uri: string, version: number, diagnostics: unknown[]) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version, diagnostics } });

test('encodeMessage: the bytes of JSON.stringify, for a diagnostic sent again, a new one, none, and other messages', () => {
  const kept = diagnostic(3, 'J9039: 28 units — “dose” ×10');
  const messages = [
    publish('file:///a.claim', 1, [kept, diagnostic(7, 'first')]),
    publish('file:///a.claim', 2, [kept, diagnostic(7, 'second, with "quotes" and \u0000')]),
    publish('file:///%00.claim', 3, []),
    { jsonrpc: '2.0', id: 4, result: [{ range: kept.range, command: { title: 'a · b', command: '' } }] },
    { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'claims: ready' } },
  ];
  for (const message of messages) assert.equal(encodeMessage(message as never).toString('utf8'), JSON.stringify(message));
});
