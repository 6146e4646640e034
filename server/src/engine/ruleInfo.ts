// One-line description of each diagnostic id (SARIF rule descriptions, hovers, docs links).
import type { DiagnosticId } from './types';

export const RULE_DESCRIPTIONS: Record<DiagnosticId, string> = {
  syntax: 'A line or token that does not parse; the message says what was expected.',
  'unknown-field': 'A key that the claim language does not define.',
  'invalid-value': 'A value of the wrong form (date, number, unit, NDC, place of service…).',
  'duplicate-field': 'The same key twice on one line.',
  'line-outside-claim': 'A service line before any claim header.',
  'duplicate-claim-id': 'Two claims with one id in a file.',
  'missing-payer': 'A claim header without payer=.',
  'missing-dos': 'A claim header without a date of service (dos=).',
  'missing-dx': 'A claim header without diagnoses (dx=).',
  'empty-claim': 'A claim with no service lines.',
  'invalid-icd10': 'A dx value not in ICD-10-CM form, or not an ICD-10-CM code in the ranges the bundled table holds in full.',
  'dx-not-billable': 'A dx value that is an ICD-10-CM category, not a billable code (C91.0, where C91.00, C91.01, C91.02 are); fixes offer its codes.',
  'dx-pointer-out-of-range': "A line's dx pointer beyond the header's diagnosis list.",
  'unknown-code': 'A code not in the bundled HCPCS table; likely codes are suggested.',
  'code-not-effective': "Date of service before the code's effective date or after its termination.",
  'lowercase-code': 'A code or modifier written in lower case.',
  'unknown-modifier': 'A modifier not in the HCPCS modifier table (or not valid on the date of service).',
  'too-many-modifiers': 'More than 4 modifiers on a line.',
  'duplicate-modifier': 'One modifier twice on a line.',
  'modifier-conflict': 'Contradictory modifiers: JA with JB; 59 with XE, XS, XP or XU.',
  'missing-units': 'A service line without units=.',
  'units-mismatch': 'Billed units differ from the units the dose comes to (dose ÷ billing unit, rounded up).',
  'dose-unit-incompatible': "A dose (or vial, waste) unit that cannot convert to the code's billing unit.",
  'missing-jw-jz': 'A single-dose drug for a payer that requires JW/JZ, with neither modifier and no JW line after it.',
  'jw-jz-conflict': 'JW and JZ on one line.',
  'jz-with-waste': 'JZ on a line whose vial, waste or JW line shows discarded drug.',
  'jw-units-mismatch': "A JW line's units differ from the discarded units computed from its administered line.",
  'jw-without-administered-line': 'A JW line with no administered line for the same code above it in its claim.',
  'jw-jz-not-applicable': 'JW or JZ on a drug supplied in multi-dose containers.',
  'drug-code-mismatch': 'drug= names a different drug than the code; the right code is suggested.',
  'unknown-drug': 'drug= names no drug the code tables know (generic or brand); the closest names are suggested.',
  'ndc-code-mismatch': "The NDC is in the CMS NDC–HCPCS crosswalk under another code than the line's; that code is suggested.",
  'ndc-unknown': 'A well-formed NDC that is not in the CMS NDC–HCPCS crosswalk of the bundled quarter.',
  'missing-ndc': 'A drug line without ndc= for a payer that requires NDCs (default: medicaid).',
  'mue-exceeded': "Units above the code's per-day medically unlikely edit, where known.",
  'duplicate-line': 'The same code and modifiers twice on one date in a claim.',
  'prior-auth-missing': 'The payer profile requires prior authorisation for the code and the claim has no auth=.',
  'missing-340b-modifier': 'A 340B covered entity (workspace config) bills a separately payable Medicare Part B drug line without JG or TB (TB alone from 2025).',
  'dx-not-indicated': "None of the line's diagnoses is among the drug's labelled indications, where known.",
  'charge-below-allowance': "A Medicare line's charge= below its units × the code's Part B payment limit for the quarter: money left unclaimed.",
  'x12-structure': 'An 837 (X12) file whose structure the reader needs is broken: no ISA segment, a service line outside a claim, a bad composite.',
  'tables-not-loaded': 'The language server could not read its code tables, so the file was not checked.',
};

/** Link target of an id in docs/diagnostics.md (each id has a heading of its own name). */
export function ruleDocAnchor(id: DiagnosticId): string {
  return `docs/diagnostics.md#${id}`;
}
