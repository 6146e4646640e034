// The workspace config file (.claimcheck.json): found by walking up, read with every problem
// placed in the file, applied over the user's defaults; severity overrides reach the findings.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkText, resolveOptions } from '../../server/src/engine/check';
import { applyConfig, CONFIG_FILE_NAME, findConfigFile, parseConfig, positionAt } from '../../server/src/engine/config';
import { loadTables } from '../../server/src/engine/tables';

const tables = loadTables();
const scratch: string[] = [];
after(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const EXAMPLE = `{
  // Blue Cross NC adopted JZ on 2024-11-01.
  "payers": [
    { "id": "bcbs-nc", "name": "Blue Cross NC", "requiresJwJz": true, "jwFrom": "2024-11-01", "jzFrom": "2024-11-01",
      "priorAuthCodes": ["j9299"], "notes": "JW/JZ per the 2024 provider bulletin" },
    { "id": "ny-medicaid", "requiresNdc": true }
  ],
  "covered340B": true,
  "severity": { "dx-not-indicated": "off", "units-mismatch": "error" },
  "tables": ["tables/2026-04.json"],
}`;

test('a config is read: payer profiles, 340B, severity overrides, tables relative to the file', () => {
  const { config, problems } = parseConfig(EXAMPLE, '/practice/.claimcheck.json');
  assert.deepEqual(problems, []);
  assert.deepEqual(config.payers, [
    { id: 'bcbs-nc', name: 'Blue Cross NC', notes: 'JW/JZ per the 2024 provider bulletin', requiresJwJz: true, jwFrom: '2024-11-01', jzFrom: '2024-11-01', priorAuthCodes: ['J9299'] },
    { id: 'ny-medicaid', requiresNdc: true },
  ]);
  assert.equal(config.covered340B, true);
  assert.deepEqual(config.severity, { 'dx-not-indicated': 'off', 'units-mismatch': 'error' });
  assert.deepEqual(config.tables, ['/practice/tables/2026-04.json']);
});

test('every problem names what is wrong and where; what can be read is kept', () => {
  const text = `{
  "payers": [{ "id": "Bad Id" }, { "id": "ok", "jwFrom": "2024-13-01", "colour": "red" }, { "id": "ok" }],
  "severity": { "no-such-id": "off", "units-mismatch": "loud" },
  "covered340B": "yes",
  "extra": 1
}`;
  const { config, problems } = parseConfig(text, '/x/.claimcheck.json');
  const shown = problems.map((p) => {
    const at = positionAt(text, p.offset);
    return `${at.line + 1}:${at.character + 1} ${p.message}`;
  });
  assert.deepEqual(shown, [
    '5:3 unknown setting "extra"; expected one of payers, covered340B, severity, tables, jwJzPayers, ndcPayers, unconfirmedContainerSeverity',
    '2:22 a payer profile needs an id: lower-case letters, digits, - or _ (the value of payer= on its claims)',
    '2:72 unknown payer setting "colour"; expected one of id, name, requiresJwJz, jwFrom, jzFrom, requiresNdc, priorAuthCodes, jwJzExemptPlaceOfService, notes',
    '2:58 jwFrom must be a date, YYYY-MM-DD',
    '2:91 payer "ok" is listed twice',
    '4:18 covered340B must be true or false',
    '3:17 "no-such-id" is not a diagnostic id (see docs/diagnostics.md)',
    '3:56 severity of units-mismatch must be one of error, warning, information, hint, off',
  ]);
  assert.deepEqual(config.payers.map((p) => p.id), ['ok']);
  assert.equal(config.covered340B, false);
  const broken = parseConfig('{ "payers": [ }', '/x/.claimcheck.json');
  assert.match(broken.problems[0].message, /^not valid JSON: /);
});

test('the nearest .claimcheck.json at or above the checked file applies', () => {
  const root = mkdtempSync(join(tmpdir(), 'claimcheck-config-'));
  scratch.push(root);
  mkdirSync(join(root, 'clinic', 'january'), { recursive: true });
  writeFileSync(join(root, CONFIG_FILE_NAME), '{}');
  writeFileSync(join(root, 'clinic', CONFIG_FILE_NAME), '{}');
  writeFileSync(join(root, 'clinic', 'january', 'a.claim'), '');
  assert.equal(findConfigFile(join(root, 'clinic', 'january', 'a.claim')), join(root, 'clinic', CONFIG_FILE_NAME));
  assert.equal(findConfigFile(join(root, 'clinic', 'january')), join(root, 'clinic', CONFIG_FILE_NAME));
  assert.equal(findConfigFile(join(root, 'other.claim')), join(root, CONFIG_FILE_NAME));
});

test('applied over the defaults: file profiles replace same-id ones, severity overrides change and drop findings', () => {
  const base = resolveOptions({ payerProfiles: [{ id: 'bcbs-nc', requiresJwJz: false }, { id: 'aetna' }] });
  const options = applyConfig(base, parseConfig(EXAMPLE, '/p/.claimcheck.json').config);
  assert.deepEqual(options.payerProfiles.map((p) => [p.id, p.requiresJwJz]), [
    ['aetna', undefined],
    ['bcbs-nc', true],
    ['ny-medicaid', undefined],
  ]);
  const text = 'claim C-1 payer=bcbs-nc dos=2025-01-15 dx=C34.90\n  J9039-JZ units=280 dose=28mcg\n';
  const before = checkText(text, tables, base).map((d) => `${d.id} ${d.severity}`);
  assert.deepEqual(before.sort(), ['dx-not-indicated information', 'units-mismatch warning']);
  const afterConfig = checkText(text, tables, options).map((d) => `${d.id} ${d.severity}`);
  assert.deepEqual(afterConfig, ['units-mismatch error']);
});
