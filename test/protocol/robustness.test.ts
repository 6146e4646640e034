// The server cannot be broken: a broken stream ends it (so the client restarts it) instead of
// leaving it deaf, the JSON-RPC layer logs no claim text, ranges clamp as the client library
// clamps them, and a soak of thousands of random edits and requests gets an answer every time.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkText } from '../../server/src/engine/check';
import { loadTables } from '../../server/src/engine/tables';
import { LspTestClient, SERVER } from '../helpers/lspClient';
import { applyAsEditorLibrary, arbitraryChange, arbitraryClaims, arbitraryPosition } from '../property/arbitraries';

const tables = loadTables();
let uriCount = 0;
const freshUri = () => `file:///tmp/robustness-${process.pid}-${uriCount++}.claim`;
const MARKER = 'PHI-MARKER-4471';
const CLAIM = `claim CLM-1 payer=medicare dos=2025-01-15 dx=C91.00 patient=${MARKER}\n  J9039 units=280 dose=28mcg\n`;

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

function describeDiagnostics(list: Array<{ range: { start: { line: number; character: number } }; code?: unknown }>): string[] {
  return list.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`);
}

describe('a broken stdio stream ends the server with a message', () => {
  for (const [name, bytes] of [
    ['a header without a colon', 'garbage\r\n\r\n'],
    ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n'],
    ['a body that is not JSON', frame('{{{{{')],
  ] as const) {
    test(name, async () => {
      const server = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
      let stderr = '';
      server.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exit = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
      server.stdin.write(bytes);
      const code = await Promise.race([exit, new Promise<'alive'>((r) => setTimeout(() => r('alive'), 5000))]);
      if (code === 'alive') server.kill();
      assert.equal(code, 1, 'the server exits with status 1 (it was still running: deaf)');
      assert.match(stderr, /the LSP message stream on stdin is broken/);
    });
  }
});

describe('the JSON-RPC layer logs no claim text', () => {
  test('malformed messages carrying claim text are logged by their first line only; the server keeps answering', async () => {
    const client = new LspTestClient();
    try {
      await client.initialize();
      const uri = freshUri();
      client.open(uri, CLAIM);
      await client.diagnosticsFor(uri);
      // Neither a request, a response nor a notification; a response without an id; a bad change.
      client.process.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', claim: CLAIM })));
      client.process.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', error: { code: -1, message: CLAIM } })));
      client.process.stdin.write(
        frame(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: 9 }, contentChanges: [{ range: MARKER, text: CLAIM }] } })),
      );
      const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } });
      assert.match(hover!.contents.value, /J9039/);
      await new Promise((r) => setTimeout(r, 200));
      assert.ok(client.logMessages.length >= 2, `the malformed messages were logged: ${client.logMessages.length}`);
      for (const message of client.logMessages) assert.ok(!message.includes(MARKER) && !message.includes('J9039'), message);
    } finally {
      await client.shutdown();
    }
  });
});

describe('edits with ranges no editor sends', () => {
  test('reversed, negative, fractional and past-the-end ranges change the text as vscode-languageserver-textdocument does', async () => {
    const client = new LspTestClient({ settings: { maxNumberOfProblems: 100_000 } });
    try {
      await client.initialize();
      const samples = fc.sample(fc.tuple(arbitraryClaims, fc.array(arbitraryChange, { minLength: 1, maxLength: 6 })), { numRuns: 40, seed: 11 });
      for (const [text, changes] of samples) {
        const uri = freshUri();
        client.open(uri, text);
        let expected = text;
        for (const change of changes) expected = applyAsEditorLibrary(expected, change);
        const version = client.change(uri, changes);
        const published = await client.diagnosticsFor(uri, version);
        assert.deepEqual(describeDiagnostics(published), describeDiagnostics(checkText(expected, tables).map((d) => ({ ...d, code: d.id }))));
        client.close(uri);
      }
    } finally {
      await client.shutdown();
    }
  });
});

describe('soak', () => {
  test('3,000 random edits and requests: every request is answered and the diagnostics end equal to a full check', async () => {
    const client = new LspTestClient({ settings: { maxNumberOfProblems: 100_000 } });
    try {
      await client.initialize();
      const uri = freshUri();
      const [start] = fc.sample(arbitraryClaims, { numRuns: 1, seed: 5 });
      let text = start;
      client.open(uri, text);
      const steps = fc.sample(fc.oneof(arbitraryChange.map((c) => ({ change: c })), arbitraryPosition.map((p) => ({ position: p }))), { numRuns: 3000, seed: 3 });
      const requests: Array<Promise<unknown>> = [];
      let answered = 0;
      const methods = ['textDocument/hover', 'textDocument/completion', 'textDocument/codeAction', 'textDocument/documentSymbol', 'textDocument/inlayHint', 'textDocument/codeLens', 'textDocument/foldingRange', 'textDocument/formatting'];
      steps.forEach((step, i) => {
        if ('change' in step) {
          text = applyAsEditorLibrary(text, step.change);
          client.change(uri, [step.change]);
          return;
        }
        const method = methods[i % methods.length];
        const range = { start: step.position, end: step.position };
        const params =
          method === 'textDocument/codeAction'
            ? { textDocument: { uri }, range, context: { diagnostics: [], only: i % 16 === 2 ? ['source.fixAll.claims'] : undefined } }
            : method === 'textDocument/inlayHint'
              ? { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } } }
              : method === 'textDocument/formatting'
                ? { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }
                : { textDocument: { uri }, position: step.position };
        requests.push(
          client.request(method, params).then(() => {
            answered++;
          }),
        );
      });
      await Promise.all(requests);
      assert.equal(answered, requests.length);
      assert.ok(requests.length > 1000, `${requests.length} requests`);
      assert.ok(client.alive);
      const published = await client.diagnosticsFor(uri, client.version(uri), 30_000);
      assert.deepEqual(describeDiagnostics(published), describeDiagnostics(checkText(text, tables).map((d) => ({ ...d, code: d.id }))));
      assert.deepEqual(client.stderr.join(''), '');
      // No network: besides its stdio, the server holds no socket (Linux /proc; stdio may be a socketpair).
      if (existsSync(`/proc/${client.process.pid}/fd`)) {
        const sockets = readdirSync(`/proc/${client.process.pid}/fd`)
          .filter((fd) => Number(fd) > 2)
          .map((fd) => {
            try {
              return readlinkSync(`/proc/${client.process.pid}/fd/${fd}`);
            } catch {
              return '';
            }
          })
          .filter((target) => target.startsWith('socket:'));
        assert.deepEqual(sockets, [], 'the server opened a socket');
      }
    } finally {
      await client.shutdown();
    }
  });
});
