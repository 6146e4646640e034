// Issue 10, part 4: what a new user tripped over, each as the engine answers it. The fixes a
// test calls preferred are checked through confirmedFixes (the safety gate, as the editor and
// the CLI's JSON see them) and applied through fixAll (what `--fix` and Fix All do).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ClaimDocument, checkText, resolveOptions } from '../../server/src/engine/check';
import { confirmedFixes, fixAll } from '../../server/src/engine/fixes/fixAll';
import { loadTables } from '../../server/src/engine/tables';
import type { ClaimDiagnostic, Fix } from '../../server/src/engine/types';

const tables = loadTables();
const options = resolveOptions({});

/** The diagnostics of `text` with their fixes as offered (a preferred fix has passed the gate). */
function offered(text: string): ClaimDiagnostic[] {
  const document = new ClaimDocument(text);
  return document.check(tables, options).map((d) => ({ ...d, fixes: confirmedFixes(document, d, tables, options) }));
}

function only(text: string, id: string): ClaimDiagnostic {
  const found = offered(text).filter((d) => d.id === id);
  assert.equal(found.length, 1, `one ${id} in:\n${text}\n${JSON.stringify(offered(text).map((d) => [d.id, d.message]), null, 1)}`);
  return found[0];
}

const titles = (fixes: Fix[]) => fixes.map((f) => `${f.title}${f.preferred ? ' (preferred)' : ''}`);

const COMMERCIAL = 'claim C-1 payer=commercial dos=2025-01-15 dx=C43.9';
const MEDICARE = 'claim C-1 payer=medicare dos=2025-01-15 dx=C43.9';

describe('drug= on the wrong code: the exact single-ingredient code first', () => {
  test('nivolumab on J9271 (pembrolizumab): J9299 (nivolumab, 1 mg) is named first and preferred; fix-all changes the code', () => {
    // After 2025-07-01 J9289 (nivolumab and hyaluronidase) is valid too: all three are candidates.
    const text = 'claim C-1 payer=commercial dos=2025-09-15 dx=C43.9\n  J9271 units=240 dose=240mg drug=nivolumab\n';
    const mismatch = only(text, 'drug-code-mismatch');
    assert.match(mismatch.message, /nivolumab is billed with J9299 \(Injection, nivolumab, 1 mg\) or /);
    assert.deepEqual(titles(mismatch.fixes), [
      'Change code to J9299 (Injection, nivolumab) (preferred)',
      'Change code to J9289 (Inj nivolumab 2 mg hyaluron)',
      'Change code to J9298 (Inj nivol relatlimab 3mg/1mg)',
    ]);
    assert.equal(fixAll(text, tables).text, 'claim C-1 payer=commercial dos=2025-09-15 dx=C43.9\n  J9299 units=240 dose=240mg drug=nivolumab\n');
  });

  test('the exact match is not preferred when the billed units do not fit it (the gate would add units-mismatch)', () => {
    const text = `${COMMERCIAL}\n  J9271 units=24 dose=240mg drug=nivolumab\n`;
    const mismatch = only(text, 'drug-code-mismatch');
    assert.equal(mismatch.fixes[0].title, 'Change code to J9299 (Injection, nivolumab)');
    assert.ok(mismatch.fixes.every((f) => !f.preferred), titles(mismatch.fixes).join(', '));
    assert.equal(fixAll(text, tables).text.includes('J9271'), true, 'fix-all leaves the code alone');
  });
});

describe('a misspelled key', () => {
  test('uints=42: "Rename to units" is preferred, missing-units gets no preferred fix, and fix-all leaves a clean line', () => {
    const text = `${COMMERCIAL}\n  J9271-JZ uints=42 dose=42mg\n`;
    const unknown = only(text, 'unknown-field');
    assert.deepEqual(titles(unknown.fixes), ['Rename to units (preferred)']);
    const missing = only(text, 'missing-units');
    assert.ok(missing.fixes.every((f) => !f.preferred), titles(missing.fixes).join(', '));
    const fixed = fixAll(text, tables);
    assert.equal(fixed.text, `${COMMERCIAL}\n  J9271-JZ units=42 dose=42mg\n`);
    assert.deepEqual(fixed.remaining.map((d) => d.id), []);
  });

  test('a rename that would bring a finding of its own (the units do not fit the dose) is offered, not preferred', () => {
    const text = `${COMMERCIAL}\n  J9271-JZ uints=4 dose=42mg\n`;
    assert.deepEqual(titles(only(text, 'unknown-field').fixes), ['Rename to units']);
    assert.ok(fixAll(text, tables).text.includes('uints=4'));
  });

  test('a count not written canonically (nits=028) is offered the rename, not preferred: fix-all writes only canonical units', () => {
    const text = `${COMMERCIAL}\n  J9271-JZ nits=028 dose=28mg\n`;
    assert.deepEqual(titles(only(text, 'unknown-field').fixes), ['Rename to units']);
    assert.ok(only(text, 'missing-units').fixes.every((f) => !f.preferred));
    assert.equal(fixAll(text, tables).text, text);
  });

  test('a rename onto a key the line already has is not preferred (it would be a duplicate field)', () => {
    const text = `${COMMERCIAL}\n  J9271-JZ units=42 uints=42 dose=42mg\n`;
    assert.deepEqual(titles(only(text, 'unknown-field').fixes), ['Rename to units']);
  });

  test('a header key too: paer=medicare → Rename to payer', () => {
    const text = 'claim C-1 paer=commercial dos=2025-01-15 dx=C43.9\n  J9271-JZ units=42 dose=42mg\n';
    assert.deepEqual(only(text, 'unknown-field').fixes.map((f) => f.title), ['Rename to payer']);
    assert.equal(fixAll(text, tables).text, `${COMMERCIAL}\n  J9271-JZ units=42 dose=42mg\n`);
  });
});

describe('a terminated code', () => {
  test('J9310 (rituximab 100 mg, terminated 2018) names J9312 (rituximab 10 mg) and offers the change; no container finding', () => {
    const text = `${MEDICARE.replace('C43.9', 'C83.30')}\n  J9310 units=5 dose=500mg\n`;
    const found = offered(text);
    assert.deepEqual(found.map((d) => d.id), ['code-not-effective'], 'no second finding (missing-jw-jz about its container type)');
    assert.match(found[0].message, /^J9310 was terminated on 2018-12-31, before the date of service 2025-01-15; rituximab is billed with J9312 \(Injection, rituximab, 10 mg\)/);
    assert.doesNotMatch(found[0].message, /Q5115|J9311/, 'biosimilars and the hyaluronidase form are other products');
    // 5 units of 100 mg are 50 of 10 mg: changing the code alone would bill a wrong count, so not preferred.
    assert.deepEqual(titles(found[0].fixes), ['Change code to J9312 (Inj., rituximab, 10 mg)']);
  });

  test('the change is preferred when the units fit the current code, and fix-all makes it', () => {
    const text = `${COMMERCIAL.replace('C43.9', 'C83.30')}\n  J9310 units=50 dose=500mg\n`;
    assert.deepEqual(titles(only(text, 'code-not-effective').fixes), ['Change code to J9312 (Inj., rituximab, 10 mg) (preferred)']);
    assert.equal(fixAll(text, tables).text, `${COMMERCIAL.replace('C43.9', 'C83.30')}\n  J9312 units=50 dose=500mg\n`);
  });

  test('a code not yet effective names no replacement', () => {
    const text = 'claim C-1 payer=commercial dos=2015-01-15 dx=C43.9\n  J9299 units=240 dose=240mg\n';
    const notYet = only(text, 'code-not-effective');
    assert.match(notYet.message, /^J9299 took effect on 2016-01-01, after the date of service 2015-01-15$/);
    assert.deepEqual(notYet.fixes, []);
  });
});

describe('unknown-drug and a typo’d modifier', () => {
  test('drug=xyzzy: unknown-drug (a warning) naming the code’s drug, with a fix that is not preferred', () => {
    const d = only(`${COMMERCIAL}\n  J9271-JZ units=42 dose=42mg drug=xyzzy\n`, 'unknown-drug');
    assert.equal(d.severity, 'warning');
    assert.equal(d.message, "drug 'xyzzy' is not a drug name (generic or brand) in the bundled tables; J9271 is pembrolizumab");
    assert.deepEqual(titles(d.fixes), ['Change drug to pembrolizumab']);
  });

  test('a misspelled drug: did you mean, the code’s own drug first and preferred; fix-all corrects it', () => {
    const text = `${COMMERCIAL}\n  J9299-JZ units=42 dose=42mg drug=nivolumb\n`;
    const d = only(text, 'unknown-drug');
    assert.match(d.message, /; did you mean nivolumab/);
    assert.equal(d.fixes[0].title, 'Change drug to nivolumab');
    assert.equal(d.fixes[0].preferred, true);
    assert.equal(fixAll(text, tables).text, `${COMMERCIAL}\n  J9299-JZ units=42 dose=42mg drug=nivolumab\n`);
  });

  test('a misspelled drug that is not the code’s: suggested, never preferred (it would contradict the code)', () => {
    const d = only(`${COMMERCIAL}\n  J9271-JZ units=42 dose=42mg drug=nivolumb\n`, 'unknown-drug');
    assert.match(d.message, /did you mean nivolumab/);
    assert.ok(d.fixes.every((f) => !f.preferred));
  });

  test('known names, brands and prefixes are not unknown-drug', () => {
    for (const drug of ['pembrolizumab', 'Keytruda', 'rituximab', 'belantamab-mafodotin', 'Blincyto']) {
      const found = checkText(`${COMMERCIAL}\n  J9271-JZ units=42 dose=42mg drug=${drug}\n`, tables).map((d) => d.id);
      assert.ok(!found.includes('unknown-drug'), `${drug}: ${found.join(', ')}`);
    }
  });

  test('ZJ: unknown-modifier suggests JZ first, and fix-all swaps it back', () => {
    const text = `${MEDICARE}\n  J9271-ZJ units=42 dose=42mg\n`;
    const d = only(text, 'unknown-modifier');
    assert.match(d.message, /^ZJ is not a HCPCS modifier in the bundled table \(.*\); did you mean JZ(, [A-Z0-9]{2})*\?$/);
    assert.equal(d.fixes[0].title, 'Change modifier to JZ');
    assert.equal(d.fixes[0].preferred, true);
    assert.ok(d.fixes.slice(1).every((f) => !f.preferred), 'only the swap is preferred');
    assert.equal(fixAll(text, tables).text, `${MEDICARE}\n  J9271-JZ units=42 dose=42mg\n`);
  });

  test('WJ: JW is suggested but never preferred (it would make the units the discarded drug)', () => {
    const d = only(`${MEDICARE}\n  J9271 units=42 dose=42mg vial=1x50mg\n  J9271-WJ units=8\n`, 'unknown-modifier');
    assert.equal(d.fixes[0].title, 'Change modifier to JW');
    assert.equal(d.fixes[0].preferred, false);
  });
});

test('J9045-JW alone: jw-jz-not-applicable and jw-without-administered-line', () => {
  const found = checkText('claim C-1 payer=medicare dos=2025-01-15 dx=C56.9\n  J9045-JW units=2\n', tables).map((d) => d.id);
  assert.deepEqual(found.sort(), ['jw-jz-not-applicable', 'jw-without-administered-line']);
  // With its administered line above, only the multi-dose finding.
  const paired = checkText('claim C-1 payer=medicare dos=2025-01-15 dx=C56.9\n  J9045 units=8 dose=400mg\n  J9045-JW units=2\n', tables).map((d) => d.id);
  assert.deepEqual(paired, ['jw-jz-not-applicable']);
});

test('README: the two developer commands are its first lines, the section for billers right after (issue 10, part 5)', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const lines = readme.split('\n');
  assert.deepEqual(lines.slice(0, 6), [
    '# claimcheck',
    '',
    '```sh',
    'npm ci && npm start    # build, then check the example claims (examples/) with the CLI',
    'npm ci && npm test     # the whole test suite: build, typecheck, unit, property, protocol, real VS Code',
    '```',
  ]);
  assert.equal(lines[7], '## For billers');
  const billers = readme.slice(readme.indexOf('## For billers'), readme.indexOf('\n## ', readme.indexOf('## For billers') + 1));
  for (const step of [/Install\s+from VSIX/, /code --install-extension claimcheck\.vsix/, /open any\s+`\.claim` file/, /Problems panel/, /`360 u`/, /`JW 40`/, /Fix All/, /npm install -g claimcheck-0\.1\.0\.tgz/, /\.claimcheck\.json/, /\(#the-workspace-config\)/]) {
    assert.match(billers, step);
  }
  assert.match(readme, /\n## Command line\n/, 'the section the billers’ part links to');
  assert.match(readme, /\n## The workspace config\n/);
});

test('the safety gate: a fix that turns an information finding into an error of the same id is not preferred', () => {
  // nc= → Rename to ndc: the NDC confirms a single-dose vial, so missing-jw-jz (information while
  // the container was unconfirmed) becomes an error. Found by the property suite (FUZZ_RUNS=3000).
  const renamed = 'claim C-3 payer=medicare dos=2025-01-15 dx=C91.00\n  J1626 units=10 dose=1mg nc=00143-9744-10 dos=2025-01-16\n';
  assert.deepEqual(offered(renamed).map((d) => `${d.id}:${d.severity}`).sort(), ['missing-jw-jz:information', 'unknown-field:error']);
  assert.deepEqual(titles(only(renamed, 'unknown-field').fixes), ['Rename to ndc']);
  assert.equal(fixAll(renamed, tables).text, renamed);
  // The same for a change of code: J3240 (container unconfirmed) to J9037 (single-dose) for drug=belantamab.
  const changed = 'claim C-4 payer=medicare dos=2025-01-20 dx=C90.00\n  J3240 units=360 dose=180mg drug=belantamab\n';
  assert.ok(only(changed, 'drug-code-mismatch').fixes.every((f) => !f.preferred));
  // With JZ written, nothing is raised: the change is preferred and fix-all makes it.
  const withJz = changed.replace('J3240 ', 'J3240-JZ ');
  assert.equal(only(withJz, 'drug-code-mismatch').fixes[0].preferred, true);
  assert.match(fixAll(withJz, tables).text, /J9037-JZ units=360/);
});
