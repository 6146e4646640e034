// The CLI (dist/cli.js) on NDC claims from a temp folder, as a biller runs it: missing-ndc for
// Medicaid by default, --ndc-payers to choose the payers, --fix writing the JW line from vial=2
// with an NDC (Blincyto 55513-0160-01: 35 mcg a vial, so 70 − 28 = 42 units discarded).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli, tempFolder } from '../helpers/cli';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

const folderWith = (name: string, text: string) => tempFolder({ [name]: text }, 'claimcheck-ndc-');
const run = (args: string[], cwd: string) => runCli(cwd, args);

const MEDICAID = `claim CLM-1 payer=medicaid dos=2026-02-10 dx=C91.00
  J9039 units=28 dose=28mcg vial=1x35mcg
claim CLM-2 payer=commercial dos=2026-02-10 dx=C91.00
  J9039 units=28 dose=28mcg vial=1x35mcg
`;

test('missing-ndc: medicaid by default; --ndc-payers chooses the payers, an empty list turns it off', () => {
  const dir = folderWith('feb.claim', MEDICAID);
  const byDefault = run(['.'], dir);
  assert.equal(byDefault.code, 1);
  assert.deepEqual(byDefault.stdout.trim().split('\n').filter((l) => l.includes('missing-ndc')).map((l) => l.split(' ')[0]), ['feb.claim:2:3']);
  assert.match(byDefault.stdout, /feb\.claim:2:3 error missing-ndc medicaid requires an NDC on every drug line/);

  const both = run(['--ndc-payers', 'medicaid,commercial', '.'], dir);
  assert.deepEqual(both.stdout.trim().split('\n').filter((l) => l.includes('missing-ndc')).map((l) => l.split(' ')[0]), ['feb.claim:2:3', 'feb.claim:4:3']);

  const off = run(['--ndc-payers=', 'feb.claim'], dir);
  assert.doesNotMatch(off.stdout, /missing-ndc/);
  assert.equal(off.code, 0, off.stdout);
  assert.match(run(['--help'], dir).stdout, /--ndc-payers LIST/);
});

test('--fix writes the JW line for the units discarded from vial=2 of an NDC, and the file is then clean', () => {
  const dir = folderWith('jw.claim', 'claim CLM-3 payer=medicare dos=2026-02-10 dx=C91.00\n  J9039 units=28 dose=28mcg vial=2 ndc=55513-0160-01\n');
  const before = run(['--format', 'json', 'jw.claim'], dir);
  const findings = JSON.parse(before.stdout);
  const text = JSON.stringify(findings);
  assert.match(text, /42 units were discarded/);
  run(['--fix', 'jw.claim'], dir);
  assert.equal(readFileSync(join(dir, 'jw.claim'), 'utf8'), 'claim CLM-3 payer=medicare dos=2026-02-10 dx=C91.00\n  J9039 units=28 dose=28mcg vial=2 ndc=55513-0160-01\n  J9039-JW units=42 ndc=55513-0160-01\n');
  const after = run(['jw.claim'], dir);
  assert.equal(after.stdout, '');
  assert.equal(after.code, 0);
});

test('ndc-code-mismatch, ndc-unknown and charge-below-allowance from the command line, 11-digit NDCs accepted', () => {
  const dir = folderWith(
    'mix.claim',
    [
      'claim CLM-4 payer=medicare dos=2026-02-10 dx=C91.00',
      '  J9039-JZ units=28 dose=28mcg ndc=55513016001 charge=1000.00',
      '  J9312-JZ units=10 dose=100mg ndc=55513-0160-01 dos=2026-02-11',
      '  J9039-JZ units=28 dose=28mcg ndc=12345678901 dos=2026-02-12',
      '',
    ].join('\n'),
  );
  const result = run(['mix.claim'], dir);
  const lines = result.stdout.trim().split('\n');
  assert.ok(lines.some((l) => /^mix\.claim:2:\d+ info charge-below-allowance charge \$1,000\.00 is below/.test(l)), result.stdout);
  assert.ok(lines.some((l) => /^mix\.claim:3:\d+ warning ndc-code-mismatch NDC 55513-0160-01 is Blincyto/.test(l)), result.stdout);
  assert.ok(lines.some((l) => /^mix\.claim:4:\d+ info ndc-unknown NDC 12345-6789-01 is not in the CMS ASP NDC–HCPCS crosswalk/.test(l)), result.stdout);
  assert.ok(!lines.some((l) => /invalid-value/.test(l)), 'the 11-digit forms are valid');
});
