// The built server reads its code tables from its own package only: a copy of dist/server.js and
// server/data in a temporary package, with a bogus data/hcpcs.json planted beside it, never
// reads the planted file. A bad HCPCS row refuses the table (and every file says it was not
// checked); a broken optional table is shown once and only its checks are off.
import { strict as assert } from 'node:assert';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspTestClient, SERVER } from '../helpers/lspClient';

const ROOT = join(__dirname, '..', '..');
const DATA = join(ROOT, 'server', 'data');
const HEADER = 'claim C-1 payer=medicare dos=2025-01-15 dx=C91.00';
const CLEAN = `${HEADER}\n  J9039 units=28 dose=28mcg vial=1x35mcg\n  J9039-JW units=7\n`;

const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

const scratchDirs: string[] = [];
after(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** <tmp>/pkg/dist/server.js and <tmp>/pkg/server/data, as installed; returns <tmp> and the server. */
function packageCopy(edit?: (dataDir: string) => void): { root: string; server: string } {
  const root = mkdtempSync(join(tmpdir(), 'claims-package-'));
  scratchDirs.push(root);
  mkdirSync(join(root, 'pkg', 'dist'), { recursive: true });
  copyFileSync(SERVER, join(root, 'pkg', 'dist', 'server.js'));
  cpSync(DATA, join(root, 'pkg', 'server', 'data'), { recursive: true });
  edit?.(join(root, 'pkg', 'server', 'data'));
  return { root, server: join(root, 'pkg', 'dist', 'server.js') };
}

/** A bogus HCPCS table: J9039 at 10 mcg a unit, release PLANTED. */
function plant(folder: string): void {
  const real = JSON.parse(readFileSync(join(DATA, 'hcpcs.json'), 'utf8'));
  const j9039 = real.codes.find((c: { code: string }) => c.code === 'J9039');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'hcpcs.json'), JSON.stringify({ ...real, release: 'PLANTED', codes: [{ ...j9039, unit: { amount: 10, unit: 'mcg', text: '10 micrograms' } }] }));
}

async function withServer(server: string, run: (client: LspTestClient) => Promise<void>): Promise<void> {
  const client = new LspTestClient({ server });
  try {
    await client.initialize();
    await run(client);
    assert.ok(client.alive);
  } finally {
    await client.shutdown();
  }
}

describe('the code tables a server reads', () => {
  test('a data/hcpcs.json planted above the package is not used', async () => {
    const { root, server } = packageCopy();
    plant(join(root, 'data')); // <pkg>/dist/../../data: where the old lookup looked first
    plant(join(root, 'pkg', 'data'));
    await withServer(server, async (client) => {
      const info = await client.request<{ release: string; codes: number; problems: string[] }>('claims/tableInfo', {});
      assert.match(info.release, /^HCPCS 2026-01/);
      assert.ok(info.codes > 9000);
      assert.deepEqual(info.problems, []);
      const uri = 'file:///work/claims/planted.claim';
      client.open(uri, CLEAN);
      assert.deepEqual(await client.diagnosticsFor(uri), [], 'the real J9039 (1 mcg a unit) was used');
      assert.deepEqual(client.shownMessages, []);
    });
  });

  test('without its own HCPCS table the server does not fall back to a planted one', async () => {
    const { root, server } = packageCopy((data) => rmSync(join(data, 'hcpcs.json')));
    plant(join(root, 'data'));
    await withServer(server, async (client) => {
      const info = await client.request<{ release: string }>('claims/tableInfo', {});
      assert.equal(info.release, 'not loaded');
      const uri = 'file:///work/claims/unplanted.claim';
      client.open(uri, CLEAN);
      const diagnostics = await client.diagnosticsFor(uri);
      assert.deepEqual(diagnostics.map((d) => d.code), ['tables-not-loaded']);
      assert.match(messageOf(diagnostics[0]), /server\/data\/hcpcs\.json: the file is missing/);
    });
  });

  test('a HCPCS row with a zero billing-unit amount refuses the table: every file says it was not checked, naming the row', async () => {
    let row = 0;
    const { server } = packageCopy((data) => {
      const table = JSON.parse(readFileSync(join(data, 'hcpcs.json'), 'utf8'));
      row = table.codes.findIndex((c: { code: string }) => c.code === 'J9039') + 1;
      table.codes[row - 1].unit.amount = 0;
      writeFileSync(join(data, 'hcpcs.json'), JSON.stringify(table));
    });
    await withServer(server, async (client) => {
      const uri = 'file:///work/claims/zero.claim';
      client.open(uri, CLEAN);
      const diagnostics = await client.diagnosticsFor(uri);
      assert.deepEqual(diagnostics.map((d) => [d.code, d.source, d.severity, d.range.start.line]), [['tables-not-loaded', 'claims', 1, 0]]);
      assert.ok(messageOf(diagnostics[0]).includes(`server/data/hcpcs.json row ${row} (J9039): billing unit amount 0 is not a positive number`), messageOf(diagnostics[0]));
      assert.ok(client.logMessages.some((m) => m.includes(`row ${row} (J9039)`)));
      assert.equal(client.shownMessages.length, 1);
    });
  });

  test('a broken optional table is shown once (message and log, no claim text); the rest is checked', async () => {
    const { server } = packageCopy((data) => writeFileSync(join(data, 'drug-facts.json'), '{"drugs": ['));
    await withServer(server, async (client) => {
      const uri = 'file:///work/claims/no-facts.claim';
      client.open(uri, `${HEADER}\n  J9039 units=280 dose=28mcg\n`);
      const diagnostics = await client.diagnosticsFor(uri);
      assert.ok(diagnostics.some((d) => d.code === 'units-mismatch'), 'the HCPCS arithmetic still runs');
      assert.equal(client.shownMessages.length, 1, client.shownMessages.join('\n'));
      assert.match(client.shownMessages[0], /server\/data\/drug-facts\.json: not valid JSON.*container types \(JW\/JZ\), labelled indications and brand names are not checked/);
      const logged = client.logMessages.filter((m) => m.includes('drug-facts.json'));
      assert.equal(logged.length, 1, client.logMessages.join('\n'));
      for (const text of [...client.shownMessages, ...client.logMessages]) assert.doesNotMatch(text, /C-1|units=280/);
      const info = await client.request<{ problems: string[]; drugFacts: number }>('claims/tableInfo', {});
      assert.equal(info.problems.length, 1);
      assert.equal(info.drugFacts, 0);
      // A second file does not repeat the message.
      const second = 'file:///work/claims/no-facts-2.claim';
      client.open(second, CLEAN);
      await client.diagnosticsFor(second);
      assert.equal(client.shownMessages.length, 1);
    });
  });
});
