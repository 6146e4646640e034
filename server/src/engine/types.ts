// Shared types of the checking engine. Pure data: no LSP or VS Code import, so the CLI,
// the benchmarks and the language server all use the same shapes.

/** Zero-based line, character offset in UTF-16 code units (as LSP counts them). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix the engine proposes; the server only translates it to a CodeAction. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix `source.fixAll.claims` and the CLI's --fix apply. */
  preferred: boolean;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const DIAGNOSTIC_IDS = [
  'syntax',
  'unknown-field',
  'invalid-value',
  'duplicate-field',
  'line-outside-claim',
  'duplicate-claim-id',
  'missing-payer',
  'missing-dos',
  'missing-dx',
  'empty-claim',
  'invalid-icd10',
  'dx-not-billable',
  'dx-pointer-out-of-range',
  'unknown-code',
  'code-not-effective',
  'lowercase-code',
  'unknown-modifier',
  'too-many-modifiers',
  'duplicate-modifier',
  'modifier-conflict',
  'missing-units',
  'units-mismatch',
  'dose-unit-incompatible',
  'missing-jw-jz',
  'jw-jz-conflict',
  'jz-with-waste',
  'jw-units-mismatch',
  'jw-without-administered-line',
  'jw-jz-not-applicable',
  'drug-code-mismatch',
  'unknown-drug',
  'ndc-code-mismatch',
  'ndc-unknown',
  'missing-ndc',
  'mue-exceeded',
  'duplicate-line',
  'prior-auth-missing',
  'missing-340b-modifier',
  'dx-not-indicated',
  'charge-below-allowance',
  'x12-structure',
] as const;

/**
 * Ids a front end publishes itself, not a rule: `tables-not-loaded` (the language server could not
 * read its code tables, so the file was not checked). Kept apart from DIAGNOSTIC_IDS, the ids the
 * rules report (every one of them has a caret fixture).
 */
export const FRONT_END_DIAGNOSTIC_IDS = ['tables-not-loaded'] as const;

export type DiagnosticId = (typeof DIAGNOSTIC_IDS)[number] | (typeof FRONT_END_DIAGNOSTIC_IDS)[number];

export interface ClaimDiagnostic {
  id: DiagnosticId;
  severity: Severity;
  message: string;
  range: Range;
  fixes: Fix[];
}

// ---------------------------------------------------------------------------------------------
// Parse tree: one ParsedLine per physical line. Tokens keep character offsets on their line;
// their `range` is built when asked, from the line's current number, so an edit above a line
// moves it by changing one number (TypeScript's late ranges).

/** A run of non-blank characters on one line. `text` is exactly the source text of `range`. */
export interface Token {
  readonly text: string;
  readonly range: Range;
}

/** `key=value` on a header or service line. */
export interface Field {
  /** The whole `key=value` token. */
  token: Token;
  key: Token;
  /** Absent when the token has no `=`; empty text when nothing follows `=`. */
  value?: Token;
}

export type LineKind = 'blank' | 'comment' | 'header' | 'service' | 'invalid';

export interface SyntaxProblem {
  readonly range: Range;
  readonly message: string;
}

export interface ParsedLine {
  /** Zero-based line number in the document. */
  line: number;
  /** The line's text without its line ending (a BOM on line 0 stays, and counts as indent). */
  text: string;
  /** The line ending that follows the line: '\n', '\r\n', '\r', or '' on the last line. */
  eol: string;
  kind: LineKind;
  /** Leading white space, as written. */
  indent: string;
  /** `claim` keyword (header lines). */
  keyword?: Token;
  /** Claim id (header lines). */
  claimId?: Token;
  /** The whole `CODE-MOD-MOD` token (service lines). */
  codeToken?: Token;
  /** The code part of codeToken, as written (case preserved). */
  code?: Token;
  /** Each modifier, as written, without its `-`. */
  modifiers: Token[];
  fields: Field[];
  /** Trailing or whole-line comment, starting at `#`. */
  comment?: Token;
  /** Ids named by a `# claims-disable-next-line <id>…` comment on this line ('*' when none named). */
  disableNextLine?: string[];
  syntaxProblems: SyntaxProblem[];
}

// ---------------------------------------------------------------------------------------------
// Model: claims built from parsed lines.

export type AmountUnit = 'mcg' | 'mg' | 'g' | 'ml' | 'units';

export interface Quantity {
  value: number;
  unit: AmountUnit;
}

export interface DxEntry {
  /** As written. */
  text: string;
  /** Upper case, without the dot: `C9100`. */
  normalized: string;
  readonly range: Range;
  valid: boolean;
}

/** A problem found while reading a field's value (unknown-field, invalid-value, duplicate-field…). */
export interface FieldIssue {
  readonly id: DiagnosticId;
  readonly range: Range;
  readonly message: string;
}

export interface ClaimHeader {
  parsed: ParsedLine;
  issues: FieldIssue[];
  id: string;
  payer?: string;
  /** YYYY-MM-DD when valid. */
  dos?: string;
  dx: DxEntry[];
  patient?: string;
  auth?: string;
  pos?: string;
}

export interface ServiceLine {
  parsed: ParsedLine;
  issues: FieldIssue[];
  /** Upper-cased code, e.g. `J9039`. */
  code: string;
  /** Upper-cased modifiers in order. */
  modifiers: string[];
  /** 'hcpcs' for letter+4 digits, 'cpt' for CPT forms, 'invalid' otherwise. */
  codeKind: 'hcpcs' | 'cpt' | 'invalid';
  units?: number;
  dose?: Quantity;
  /** Containers opened with their size; `parts` lists each size of a mixed `vial=1x500mg+3x100mg`. */
  vial?: { count: number; each: Quantity; total: Quantity; parts?: Array<{ count: number; each: Quantity }> };
  /** `vial=2`: a count of containers without their size, which the line's NDC gives (see arithmetic.ts). */
  vialCount?: number;
  waste?: Quantity;
  drug?: string;
  /** One-based pointers into the header's dx list (default [1]), with their ranges. */
  dxPointers: { value: number; readonly range: Range }[];
  /** This line's effective date of service (own dos= or the header's). */
  dos?: string;
  ndc?: string;
  charge?: number;
  /** The line's arithmetic under its code, once computed: computeLine keeps it here for the rules that ask again. */
  arithmetic?: unknown;
}

export interface Claim {
  header: ClaimHeader;
  lines: ServiceLine[];
  /** First and last document line that belong to the claim (header to last non-blank line). */
  readonly startLine: number;
  readonly endLine: number;
}

/** How many of a claim's findings are of each severity. */
export type SeverityCounts = Record<Severity, number>;

/** A claim's place, what a feature keeps of it, and its findings counted by severity (ClaimDocument.claimSummaries). */
export interface SummarizedClaim<S = unknown> {
  range: Range;
  summary: S;
  counts: SeverityCounts;
}

/** A claim as the outline and folding show it: its header and span, without its service lines' model. */
export interface ClaimOutline {
  header: ClaimHeader;
  readonly startLine: number;
  readonly endLine: number;
  /** How many service lines it has. */
  lineCount: number;
}

export interface ClaimFile {
  lines: ParsedLine[];
  claims: Claim[];
  /** Service lines before any claim header. */
  orphanLines: ServiceLine[];
}

// ---------------------------------------------------------------------------------------------
// Code tables (generated data files under server/data/, loaded by tables.ts).

/** Billing unit parsed from a long descriptor: "1 microgram" → {amount: 1, unit: 'mcg'}. */
export interface BillingUnit {
  amount: number;
  unit: AmountUnit;
  /** The descriptor text it came from, e.g. "1 microgram", "per 10 mg". */
  text: string;
}

export interface HcpcsCode {
  code: string;
  long: string;
  short: string;
  /** YYYY-MM-DD. */
  added?: string;
  /** YYYY-MM-DD, when CMS terminated the code. */
  terminated?: string;
  /** Parsed billing unit; absent when the descriptor carries no dose (see noDose). */
  unit?: BillingUnit;
  /** Where the unit came from when not the descriptor: the id of the ASP source whose dosage filled it. */
  unitSource?: string;
  /** Why no unit: e.g. "per therapeutic dose", "not otherwise classified". */
  noDose?: string;
  /** Drug name(s) taken from the descriptor, lower case ("blinatumomab"). */
  drugNames: string[];
  /** OPPS Addendum B status indicator, when listed. */
  opps?: string;
  /** Ids into the table's source list, one per fact group. */
  sources: string[];
}

export interface HcpcsModifier {
  code: string;
  long: string;
  short: string;
  added?: string;
  terminated?: string;
}

export interface Icd10Code {
  code: string; // normalized, no dot: C9100
  description: string;
  /** Valid on a claim (a code with no children); false for a category header such as C91.0. */
  billable: boolean;
}

export type ContainerType = 'single-dose' | 'multi-dose';

/** A container fact for one NDC of a code that has both single- and multi-dose products. */
export interface NdcContainer {
  ndc: string;
  container: ContainerType;
  source: string;
  evidence: string;
  note?: string;
}

/** Curated facts the CMS files lack, each with its public source. */
export interface DrugFacts {
  code: string;
  generic: string;
  brands: string[];
  /** `mixed`: the code has single- and multi-dose products; `products` and the line's ndc= decide. */
  container?: ContainerType | 'mixed';
  containerSource?: string;
  containerEvidence?: string;
  /** Why no container fact is recorded (what was searched). */
  containerUnknown?: string;
  products?: NdcContainer[];
  /** ICD-10-CM code prefixes (no dot) of labelled indications. */
  indications?: string[];
  indicationsSource?: string;
}

/** A medically unlikely edit: at most `value` units of a code (per line for MAI 1, per date of service for MAI 2 and 3). */
export interface MueLimit {
  code: string;
  value: number;
  /** MUE adjudication indicator; undefined where the source does not state it (then counted per date of service). */
  mai?: 1 | 2 | 3;
  /** Which table: practitioner, outpatient (facility) or DME; or the public source's name. */
  table?: string;
  /** Where the value came from: a URL or the imported file, and its release or the date it was checked. */
  source: string;
  release?: string;
  quote?: string;
}

/** One NDC package of the CMS ASP NDC–HCPCS crosswalk: the code it is billed under and its billable units. */
export interface NdcProduct {
  /** 5-4-2 form, as the crosswalk writes it: 55513-0160-01. */
  ndc: string;
  code: string;
  labeler: string;
  /** The product name (often the brand): Blincyto. */
  drug: string;
  /** The code's dosage as the crosswalk gives it: "1 MCG". */
  dosage: string;
  /** Amount in one item (vial, syringe), in the product's own measure (mL, mg …), when given. */
  packageSize?: number;
  /** Items in the package. */
  packageQuantity: number;
  /** Billing units in one item (one vial): 35 for a 35 mcg vial of a 1 mcg code. */
  unitsPerItem: number;
  unitsPerPackage: number;
}

/** The Medicare Part B payment allowance limit of a code for one quarter. */
export interface PaymentLimit {
  code: string;
  short: string;
  /** The dosage one billing unit stands for: "10 MG". */
  dosage: string;
  /** Dollars per billing unit; undefined where CMS gives none (N/A). */
  limit?: number;
  coinsurancePercent?: number;
  note?: string;
}

export interface DataSource {
  id: string;
  title: string;
  file?: string;
  release?: string;
  url?: string;
}

export interface CodeTables {
  /** e.g. "HCPCS 2025 October; OPPS Addendum B 2026-04". */
  release: string;
  sources: DataSource[];
  hcpcs: Map<string, HcpcsCode>;
  modifiers: Map<string, HcpcsModifier>;
  icd10: Map<string, Icd10Code>;
  /** ICD-10-CM ranges (first and last category, e.g. ["C00", "D89"]) the table covers in full. */
  icd10Ranges: Array<[string, string]>;
  drugFacts: Map<string, DrugFacts>;
  /** NDC without hyphens (11 digits) → its crosswalk rows (an NDC can be listed under several codes). */
  ndc: Map<string, NdcProduct[]>;
  /** HCPCS code → the NDCs billed under it. */
  ndcByCode: Map<string, NdcProduct[]>;
  /** HCPCS code → its medically unlikely edit, where known. */
  mue: Map<string, MueLimit>;
  /** HCPCS code → its Medicare Part B payment limit. */
  payment: Map<string, PaymentLimit>;
  /** The quarter the ASP files (crosswalk, payment limits) apply to, when loaded. */
  aspQuarter?: { from: string; to: string; release: string };
  /** lower-case drug name (generic or brand, hyphens kept) → codes whose drug it is. */
  drugIndex: Map<string, string[]>;
  /** Figures of the generated table (docs/data.md). */
  stats?: TableStats;
  /**
   * Optional tables (drug facts, ICD-10-CM, CPT modifiers) that could not be used, each naming
   * the file, the row and what is turned off; the front ends show them once.
   */
  problems?: string[];
  /** The CPT modifier table could not be used: two-digit (CPT) modifiers cannot be checked. */
  cptModifiersMissing?: boolean;
}

export interface TableStats {
  drugCodes: number;
  drugCodesWithUnit: number;
  /** drugCodesWithUnit ÷ drugCodes, 0–1. */
  unitParsedShare: number;
}

// ---------------------------------------------------------------------------------------------
// Options.

/** A workspace payer profile: a payer id usable in `payer=`, with its own requirements. */
export interface PayerProfile {
  id: string;
  name?: string;
  /** Absent: the payer requires JW/JZ only when CheckOptions.jwJzPayers names it. */
  requiresJwJz?: boolean;
  /** Dates from which the payer requires JW (drug discarded) and JZ (nothing discarded); Medicare's by default. */
  jwFrom?: string;
  jzFrom?: string;
  /** The payer requires the NDC on drug lines (Medicaid by default). */
  requiresNdc?: boolean;
  /** Codes for which this payer requires prior authorisation. */
  priorAuthCodes?: string[];
  /** Places of service where JW/JZ do not apply (default 50 FQHC and 72 RHC). */
  jwJzExemptPlaceOfService?: string[];
  notes?: string;
}

export interface CheckOptions {
  /** Payers that require JW/JZ (default ["medicare"]). */
  jwJzPayers: string[];
  payerProfiles: PayerProfile[];
  /** Severity of missing-jw-jz where the container is not confirmed single-dose (default information). */
  unconfirmedContainerSeverity: 'information' | 'warning';
  /** Payers that require the NDC on drug lines (default ["medicaid"]). */
  ndcPayers: string[];
  /** The practice is a 340B covered entity (its Medicare Part B drug lines carry JG or TB). */
  covered340B: boolean;
  /** Severity per diagnostic id, from the workspace config; `off` drops the finding. */
  severity: Partial<Record<DiagnosticId, Severity | 'off'>>;
}

export const DEFAULT_OPTIONS: CheckOptions = {
  jwJzPayers: ['medicare'],
  payerProfiles: [],
  unconfirmedContainerSeverity: 'information',
  ndcPayers: ['medicaid'],
  covered340B: false,
  severity: {},
};
