// Caret-marker fixtures: a comment line of carets under a content line marks an expected
// diagnostic's exact range, id and severity, as yaml-language-server's tests do:
//     J9039 units=28 dose=28mcg
//   # ^^^^^ missing-jw-jz error
// The severity (error, warning, information or hint) is required: a rule's severity decides
// the CLI's exit code and the Problems panel's icon, so every marker pins it.
// A first line `# test-options: {json}` may set check options, override drug facts and MUE
// limits (null removes a code's) and ignore ids the fixture is not about.
import { readFileSync } from 'node:fs';
import { loadTables } from '../../server/src/engine/tables';
import type { CheckOptions, CodeTables, DrugFacts, MueLimit } from '../../server/src/engine/types';

export interface ExpectedDiagnostic {
  line: number;
  start: number;
  end: number;
  id: string;
  severity?: string;
}

export interface Fixture {
  text: string;
  expected: ExpectedDiagnostic[];
  options: Partial<CheckOptions>;
  ignore: string[];
  tables: CodeTables;
}

const SEVERITIES = ['error', 'warning', 'information', 'hint'];
const MARKER = /^#( *)(\^+) (\S+)(?: (\S+))?\s*$/;
const OPTIONS = /^# test-options: (.*)$/;

/** Tables with some drug facts (and MUE limits) replaced, for rules whose behaviour depends on them. */
export function tablesWithFacts(overrides: Record<string, Partial<DrugFacts> | null>, mueOverrides: Record<string, Omit<MueLimit, 'code'> | null> = {}): CodeTables {
  const base = loadTables();
  const drugFacts = new Map(base.drugFacts);
  for (const [code, facts] of Object.entries(overrides)) {
    if (facts === null) drugFacts.delete(code);
    else drugFacts.set(code, { code, generic: 'test drug', brands: [], ...drugFacts.get(code), ...facts });
  }
  const mue = new Map(base.mue);
  for (const [code, limit] of Object.entries(mueOverrides)) {
    if (limit === null) mue.delete(code);
    else mue.set(code, { code, ...limit });
  }
  return { ...base, drugFacts, mue };
}

export function readFixture(path: string): Fixture {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const expected: ExpectedDiagnostic[] = [];
  let settings: { options?: Partial<CheckOptions>; ignore?: string[]; drugFacts?: Record<string, Partial<DrugFacts> | null>; mue?: Record<string, Omit<MueLimit, 'code'> | null> } = {};
  const optionsMatch = OPTIONS.exec(lines[0]);
  if (optionsMatch) settings = JSON.parse(optionsMatch[1]);
  let lastContent = -1;
  lines.forEach((line, index) => {
    const marker = MARKER.exec(line);
    if (marker) {
      if (lastContent < 0) throw new Error(`${path}:${index + 1}: marker before any content line`);
      const severity = marker[4];
      if (!severity || !SEVERITIES.includes(severity)) {
        throw new Error(`${path}:${index + 1}: a marker names the id and then the severity (${SEVERITIES.join(', ')}), e.g. "# ^^^^^ missing-jw-jz error"`);
      }
      const start = 1 + marker[1].length;
      expected.push({ line: lastContent, start, end: start + marker[2].length, id: marker[3], severity });
    } else if (!line.startsWith('#')) {
      lastContent = index;
    }
  });
  return {
    text,
    expected,
    options: settings.options ?? {},
    ignore: settings.ignore ?? [],
    tables: settings.drugFacts || settings.mue ? tablesWithFacts(settings.drugFacts ?? {}, settings.mue) : loadTables(),
  };
}

/** "5:3-8 missing-jw-jz error": position, id and, when given, severity. */
export function describeDiagnostic(d: ExpectedDiagnostic): string {
  return `${d.line + 1}:${d.start + 1}-${d.end + 1} ${d.id}${d.severity ? ` ${d.severity}` : ''}`;
}

/** Every fix the spec names (claim-language.md, "Quick fixes"), by id, as a pattern of its title. */
export const SPEC_FIX_TITLES: Array<[string, RegExp]> = [
  ['missing-jw-jz', /^Add JZ modifier \(no drug discarded\)$/],
  ['missing-jw-jz', /^Add JW line for \d+ discarded units?$/],
  ['units-mismatch', /^Set units to \d+$/],
  ['jw-units-mismatch', /^Set JW units to \d+$/],
  ['jw-jz-conflict', /^Remove JW$/],
  ['jw-jz-conflict', /^Remove JZ$/],
  ['jz-with-waste', /^Replace JZ with a JW line for \d+ units?$/],
  ['unknown-code', /^Change code to J\d{4}/],
  ['drug-code-mismatch', /^Change code to J\d{4}/],
  ['modifier-conflict', /^Remove 59$/],
  ['lowercase-code', /^Use upper case$/],
];
