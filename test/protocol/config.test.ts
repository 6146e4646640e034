// The workspace config (.claimcheck.json) as the editor and CI meet it: the language server and
// the CLI read the same file and give the same findings for the same folder; a broken config is
// shown in the config file and the defaults stand in; an edited config applies at once; an
// untrusted folder's config is not read; imported code tables listed in the config are read over
// the bundled ones, code by code.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { runCli, tempFolder } from '../helpers/cli';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from '../helpers/lspClient';

const folder = (files: Record<string, string>) => tempFolder(files, 'claimcheck-config-');
const cli = runCli;

interface Finding {
  line: number;
  character: number;
  id: string;
  severity: string;
  message: string;
}
const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];
const fromLsp = (ds: Diagnostic[]): Finding[] => ds.map((d) => ({ line: d.range.start.line, character: d.range.start.character, id: String(d.code), severity: SEVERITY[d.severity ?? 1], message: String(d.message) }));
const sorted = (fs: Finding[]) => [...fs].sort((a, b) => a.line - b.line || a.character - b.character || a.id.localeCompare(b.id));

const CONFIG = `{
  // The practice's contracts.
  "payers": [
    { "id": "bcbs-nc", "name": "Blue Cross NC", "requiresJwJz": true, "jwFrom": "2024-11-01", "jzFrom": "2024-11-01", "priorAuthCodes": ["J9299"] }
  ],
  "covered340B": true,
  "severity": { "dx-not-indicated": "off", "lowercase-code": "warning" }
}`;
const CLAIMS = [
  'claim C-1 payer=bcbs-nc dos=2025-01-15 dx=C34.90',
  '  J9299 units=480 dose=480mg',
  '  j9039 units=28 dose=28mcg',
  'claim C-2 payer=medicare dos=2025-02-03 dx=C91.00 pos=50',
  '  J9039-JZ units=28 dose=28mcg',
  'claim C-3 payer=medicare dos=2025-02-03 dx=C91.00',
  '  J9039-JZ units=28 dose=28mcg',
  '',
].join('\n');

describe('the workspace config over LSP and in the CLI', () => {
  test('the server and the CLI give the same findings for the same folder, and the config changes them', async () => {
    const root = folder({ '.claimcheck.json': CONFIG, 'january/claims.claim': CLAIMS, 'plain/claims.claim': CLAIMS });
    // The plain folder has no config of its own, but the root's applies to it too: take it away there.
    const other = folder({ 'claims.claim': CLAIMS });
    const json = cli(root, ['--format', 'json', 'january/claims.claim']);
    const cliFindings = (JSON.parse(json.stdout).files[0].diagnostics as Array<{ line: number; column: number; id: string; severity: string; message: string }>).map((d) => ({
      line: d.line - 1,
      character: d.column - 1,
      id: d.id,
      severity: d.severity,
      message: d.message,
    }));
    const client = new LspTestClient();
    await client.initialize();
    try {
      const uri = pathToFileURL(join(root, 'january', 'claims.claim')).href;
      client.open(uri, CLAIMS);
      const lsp = fromLsp(await client.diagnosticsFor(uri));
      assert.deepEqual(sorted(lsp), sorted(cliFindings));
      const ids = lsp.map((d) => `${d.line + 1} ${d.id} ${d.severity}`).sort();
      // bcbs-nc requires JW/JZ (its profile) and prior authorisation for J9299; lowercase-code is
      // raised to a warning and dx-not-indicated is off; pos=50 is an FQHC; the practice is a 340B
      // entity, which only its Medicare lines (outside the FQHC) report.
      assert.deepEqual(ids, ['2 missing-jw-jz error', '2 prior-auth-missing warning', '3 lowercase-code warning', '3 missing-jw-jz error', '5 jw-jz-not-applicable warning', '7 missing-340b-modifier warning']);
      // Hovers show the payer's rules: on payer= its profile, on the code its prior authorisation.
      const hoverText = async (line: number, character: number) => {
        const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
        return h?.contents.value ?? '';
      };
      const payer = await hoverText(0, CLAIMS.indexOf('bcbs-nc') + 2);
      assert.match(payer, /^\*\*bcbs-nc\*\* — payer profile "Blue Cross NC" of this workspace/);
      assert.match(payer, /Requires JW\/JZ on drugs from single-dose containers from 2024-11-01\. Not at place of service 50 or 72\./);
      assert.match(payer, /Prior authorisation \(auth=\) required for: J9299\./);
      assert.match(await hoverText(1, 3), /Payer \*\*Blue Cross NC\*\* requires prior authorisation \(auth=\) for J9299\./);
      assert.match(await hoverText(5, CLAIMS.split('\n')[5].indexOf('medicare') + 2), /340B covered entity: Part B drug lines carry TB/);
      // Without the config the same text gets the defaults: bcbs-nc is no payer, no 340B, dx-not-indicated back.
      const bare = pathToFileURL(join(other, 'claims.claim')).href;
      client.open(bare, CLAIMS);
      const defaults = fromLsp(await client.diagnosticsFor(bare)).map((d) => d.id);
      assert.ok(defaults.includes('invalid-value') && defaults.includes('dx-not-indicated'), defaults.join(', '));
      assert.ok(!defaults.includes('missing-340b-modifier') && !defaults.includes('prior-auth-missing'), defaults.join(', '));
      const bareCli = JSON.parse(cli(other, ['--format', 'json', 'claims.claim']).stdout).files[0].diagnostics.map((d: { id: string }) => d.id);
      assert.deepEqual([...bareCli].sort(), [...defaults].sort());
    } finally {
      await client.shutdown();
    }
  });

  test('a broken config: its problems in the config file and on stderr, the defaults for the rest, the server keeps answering', async () => {
    const broken = `{
  "payers": [{ "id": "bcbs-nc", "requiresJwJz": "yes" }],
  "severity": { "units-mismatch": "loud" }
}`;
    const root = folder({ '.claimcheck.json': broken, 'c.claim': 'claim C-1 payer=bcbs-nc dos=2025-01-15 dx=C91.00\n  J9039 units=280 dose=28mcg\n' });
    const run = cli(root, ['c.claim']);
    assert.match(run.stderr, /claimcheck: warning: \.claimcheck\.json:2:49: requiresJwJz must be true or false\n/);
    assert.match(run.stderr, /claimcheck: warning: \.claimcheck\.json:3:35: severity of units-mismatch must be one of error, warning, information, hint, off\n/);
    assert.match(run.stdout, /c\.claim:2:15 warning units-mismatch /);
    const client = new LspTestClient();
    await client.initialize();
    try {
      const uri = pathToFileURL(join(root, 'c.claim')).href;
      client.open(uri, 'claim C-1 payer=bcbs-nc dos=2025-01-15 dx=C91.00\n  J9039 units=280 dose=28mcg\n');
      const found = fromLsp(await client.diagnosticsFor(uri));
      // The profile with a bad field is still a payer (its id is readable); the bad severity is left at its default.
      assert.deepEqual(found.map((d) => `${d.id} ${d.severity}`), ['units-mismatch warning']);
      const configUri = pathToFileURL(join(root, '.claimcheck.json')).href;
      const shown = await client.diagnosticsFor(configUri, 0);
      assert.deepEqual(
        shown.map((d) => [d.range.start.line, d.range.start.character, d.message]),
        [
          [1, 48, 'requiresJwJz must be true or false (the default is used instead)'],
          [2, 34, 'severity of units-mismatch must be one of error, warning, information, hint, off (the default is used instead)'],
        ],
      );
      // Mended on disk: the watcher's event clears the config's diagnostics and re-checks the file.
      writeFileSync(join(root, '.claimcheck.json'), '{ "severity": { "units-mismatch": "off" } }');
      client.forget(uri);
      client.forget(configUri);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
      assert.deepEqual(await client.diagnosticsFor(configUri, 0), []);
      const after = fromLsp(await client.diagnosticsFor(uri));
      assert.deepEqual(after.map((d) => d.id), ['invalid-value'], 'units-mismatch is off; bcbs-nc is no longer a payer');
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } }).then((h) => h !== null), true);
    } finally {
      await client.shutdown();
    }
  });

  test('an untrusted folder (VS Code Restricted Mode) gets the defaults until it is trusted', async () => {
    const root = folder({ '.claimcheck.json': '{ "severity": { "missing-jw-jz": "off" } }', 'c.claim': 'claim C-1 payer=medicare dos=2025-01-15 dx=C91.00\n  J9039 units=28 dose=28mcg\n' });
    const client = new LspTestClient({ initializationOptions: { workspaceTrusted: false } });
    await client.initialize();
    try {
      const uri = pathToFileURL(join(root, 'c.claim')).href;
      client.open(uri, 'claim C-1 payer=medicare dos=2025-01-15 dx=C91.00\n  J9039 units=28 dose=28mcg\n');
      assert.deepEqual(fromLsp(await client.diagnosticsFor(uri)).map((d) => d.id), ['missing-jw-jz']);
      client.forget(uri);
      await client.connection.sendNotification('claims/workspaceTrusted');
      assert.deepEqual(fromLsp(await client.diagnosticsFor(uri)).map((d) => d.id), []);
    } finally {
      await client.shutdown();
    }
  });
});

/** One record of the CMS fixed-width HCPCS file (320 characters; layout in docs/data.md). */
function hcpcsRecord(code: string, long: string, short: string, added: string): string {
  const record = Array(320).fill(' ');
  const put = (column: number, text: string) => [...text].forEach((ch, i) => (record[column - 1 + i] = ch));
  put(1, code.padEnd(5));
  put(6, '00100');
  put(11, '3');
  put(12, long.slice(0, 80));
  put(92, short.slice(0, 28));
  put(269, added);
  put(277, added);
  put(293, 'A');
  return record.join('');
}

describe('claimcheck import and --tables', () => {
  test('an imported quarter is read over the bundled tables code by code, by the CLI and the server alike', async () => {
    // A new code, and a changed unit for an old one, as a later quarter might bring them.
    const quarter = [hcpcsRecord('J9998', 'Injection, examplimab, 5 mg', 'Inj examplimab 5 mg', '20260401'), hcpcsRecord('J9039', 'Injection, blinatumomab, 2 micrograms', 'Injection, blinatumomab', '20160101')].join('\n') + '\n';
    const root = folder({ 'cms/HCPC2026_APR_ANWEB.txt': quarter, 'c.claim': 'claim C-1 payer=commercial dos=2026-04-15 dx=C91.00\n  J9998 units=2 dose=10mg\n  J9039 units=28 dose=28mcg\n' });
    const before = cli(root, ['c.claim']);
    assert.match(before.stdout, /c\.claim:2:3 error unknown-code /);
    const imported = cli(root, ['import', 'cms/HCPC2026_APR_ANWEB.txt', '--out', 'tables/2026-04.json']);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(imported.stdout, 'HCPC2026_APR_ANWEB.txt: CMS HCPCS quarterly file (fixed width), release 2026-04, 2 records\nwrote tables/2026-04.json; list it under "tables" in .claimcheck.json\n');
    writeFileSync(join(root, '.claimcheck.json'), '{ "tables": ["tables/2026-04.json"] }');
    const after = cli(root, ['c.claim']);
    assert.doesNotMatch(after.stdout, /unknown-code/);
    assert.match(after.stdout, /c\.claim:3:15 warning units-mismatch 28 mcg of J9039 \(1 unit = 2 mcg\) is 14 units, not 28/);
    const listed = cli(root, ['--tables']);
    assert.match(listed.stdout, /^release: HCPCS 2026-01 .*; imported HCPCS 2026-04\nconfig: \.claimcheck\.json\n/);
    assert.match(listed.stdout, /import-hcpcs-1: CMS HCPCS quarterly file \(fixed width\), imported \(2026-04\) \[HCPC2026_APR_ANWEB\.txt\]/);
    const client = new LspTestClient();
    await client.initialize();
    try {
      const uri = pathToFileURL(join(root, 'c.claim')).href;
      client.open(uri, 'claim C-1 payer=commercial dos=2026-04-15 dx=C91.00\n  J9998 units=2 dose=10mg\n  J9039 units=28 dose=28mcg\n');
      assert.deepEqual(fromLsp(await client.diagnosticsFor(uri)).map((d) => `${d.line + 1} ${d.id}`), ['3 units-mismatch']);
      // Claims: Show Code Table Info asks for the file in front: its tables include the imported quarter.
      const info = await client.request<{ release: string; sources: Array<{ id: string }> }>('claims/tableInfo', { uri });
      assert.match(info.release, /; imported HCPCS 2026-04$/);
      assert.ok(info.sources.some((s) => s.id === 'import-hcpcs-1'));
      assert.doesNotMatch((await client.request<{ release: string }>('claims/tableInfo', undefined)).release, /imported/);
    } finally {
      await client.shutdown();
    }
  });

  test('a malformed file is refused, naming the line and field, and nothing is written', () => {
    const root = folder({
      'bad-crosswalk.csv': 'title\n_2026_CODE,Short Description,LABELER NAME,NDC2,Drug Name,HCPCS dosage,PKG SIZE,PKG QTY,BILLUNITS,BILLUNITSPKG\nJ9039,Blinatumomab,Amgen,55513-0160-01,Blincyto,1 MCG,1,1,35,35\nJ9039,Blinatumomab,Amgen,5551301600,Blincyto,1 MCG,1,1,35,35\n',
      'notes.txt': 'nothing to import here\n',
    });
    const run = cli(root, ['import', 'bad-crosswalk.csv', 'notes.txt']);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'claimcheck import: bad-crosswalk.csv line 4: NDC "5551301600" is not in 5-4-2 form\n' +
        'claimcheck import: notes.txt: not a file claimcheck can import (expected a CMS HCPCS quarterly file, ASP NDC–HCPCS crosswalk, ASP payment-limit file, ICD-10-CM codes file or CMS MUE table)\n' +
        'claimcheck import: nothing was written (--lenient leaves unreadable records out)\n',
    );
    assert.equal(spawnSync('ls', [root], { encoding: 'utf8' }).stdout.includes('claimcheck-tables.json'), false);
    const lenient = cli(root, ['import', '--lenient', 'bad-crosswalk.csv']);
    assert.equal(lenient.code, 0, lenient.stderr);
    assert.match(lenient.stderr, /left out: bad-crosswalk\.csv line 4: NDC "5551301600" is not in 5-4-2 form/);
    assert.match(lenient.stdout, /CMS ASP NDC–HCPCS crosswalk, release unknown, 1 records/);
  });
});
