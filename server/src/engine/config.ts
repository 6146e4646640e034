// The workspace configuration file, `.claimcheck.json`: found by walking up from the checked
// file (as ESLint and Prettier find theirs), read the same way by the language server and the
// CLI, so both give the same findings for the same text. What it holds: payer profiles (JW/JZ
// and their start dates, NDC, prior authorisation, places of service where JW/JZ do not apply),
// whether the practice is a 340B covered entity, severity overrides per diagnostic id, and extra
// code-table files written by `claimcheck import`.
//
// A broken file never stops checking: every problem is returned with its position in the file
// (the server shows them as diagnostics there, the CLI on stderr) and what could be read is
// used, the rest falling back to the defaults.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { DIAGNOSTIC_IDS, type CheckOptions, type DiagnosticId, type PayerProfile, type Severity } from './types';

export const CONFIG_FILE_NAME = '.claimcheck.json';

export type SeverityOverride = Severity | 'off';

export interface ClaimcheckConfig {
  /** The file it was read from (absolute). */
  file: string;
  payers: PayerProfile[];
  /** The practice is a 340B covered entity: its Part B drug lines carry JG or TB. */
  covered340B: boolean;
  severity: Partial<Record<DiagnosticId, SeverityOverride>>;
  /** Extra code-table files (absolute paths), in the order listed: a later one wins code by code. */
  tables: string[];
  jwJzPayers?: string[];
  ndcPayers?: string[];
  unconfirmedContainerSeverity?: CheckOptions['unconfirmedContainerSeverity'];
}

export interface ConfigProblem {
  message: string;
  /** Zero-based offset and length in the config file's text. */
  offset: number;
  length: number;
}

export interface ConfigRead {
  config: ClaimcheckConfig;
  problems: ConfigProblem[];
  /** The text read ('' when unreadable), to place the problems in. */
  text: string;
}

const SEVERITIES: readonly SeverityOverride[] = ['error', 'warning', 'information', 'hint', 'off'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PAYER_ID = /^[a-z0-9][a-z0-9_-]*$/;
const POS = /^\d{2}$/;
const CODE = /^[A-Z0-9]{5}$/;

/** The config file that applies to `path` (a file or folder): the nearest one at or above it. */
export function findConfigFile(path: string): string | undefined {
  let dir = resolve(path);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function emptyConfig(file: string): ClaimcheckConfig {
  return { file, payers: [], covered340B: false, severity: {}, tables: [] };
}

/** Reads a config file; a file that cannot be read is one problem at its start. */
export function readConfigFile(file: string): ConfigRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { config: emptyConfig(file), problems: [{ message: `cannot read ${file}: ${(error as Error).message}`, offset: 0, length: 0 }], text: '' };
  }
  return parseConfig(text, file);
}

/** Parses config text (JSON with comments allowed, as VS Code's settings). */
export function parseConfig(text: string, file: string): ConfigRead {
  const config = emptyConfig(file);
  const problems: ConfigProblem[] = [];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const error of errors) problems.push({ message: `not valid JSON: ${printParseErrorCode(error.error)}`, offset: error.offset, length: error.length });
  if (!root) return { config, problems, text };
  const problem = (node: Node, message: string) => problems.push({ message, offset: node.offset, length: node.length });
  if (root.type !== 'object') {
    problem(root, 'the configuration must be a JSON object');
    return { config, problems, text };
  }
  const known = new Set(['$schema', 'payers', 'covered340B', 'severity', 'tables', 'jwJzPayers', 'ndcPayers', 'unconfirmedContainerSeverity']);
  for (const property of root.children ?? []) {
    const key = property.children?.[0];
    if (key && !known.has(String(key.value))) problem(key, `unknown setting "${key.value}"; expected one of ${[...known].filter((k) => k !== '$schema').join(', ')}`);
  }

  const payers = findNodeAtLocation(root, ['payers']);
  if (payers) {
    if (payers.type !== 'array') problem(payers, 'payers must be a list of payer profiles');
    else for (const node of payers.children ?? []) {
      const profile = readPayer(node, problem);
      if (!profile) continue;
      if (config.payers.some((p) => p.id === profile.id)) problem(node, `payer "${profile.id}" is listed twice`);
      else config.payers.push(profile);
    }
  }

  const covered = findNodeAtLocation(root, ['covered340B']);
  if (covered) {
    if (typeof covered.value !== 'boolean') problem(covered, 'covered340B must be true or false');
    else config.covered340B = covered.value;
  }

  const severity = findNodeAtLocation(root, ['severity']);
  if (severity) {
    if (severity.type !== 'object') problem(severity, 'severity must map diagnostic ids to error, warning, information, hint or off');
    else
      for (const property of severity.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value) continue;
        const id = String(key.value);
        if (!(DIAGNOSTIC_IDS as readonly string[]).includes(id)) problem(key, `"${id}" is not a diagnostic id (see docs/diagnostics.md)`);
        else if (!SEVERITIES.includes(value.value)) problem(value, `severity of ${id} must be one of ${SEVERITIES.join(', ')}`);
        else config.severity[id as DiagnosticId] = value.value;
      }
  }

  const tables = findNodeAtLocation(root, ['tables']);
  if (tables) {
    if (tables.type !== 'array') problem(tables, 'tables must be a list of code-table files (written by claimcheck import)');
    else
      for (const node of tables.children ?? []) {
        if (typeof node.value !== 'string' || node.value.trim() === '') problem(node, 'a table is a file path');
        else config.tables.push(isAbsolute(node.value) ? node.value : resolve(dirname(file), node.value));
      }
  }

  for (const key of ['jwJzPayers', 'ndcPayers'] as const) {
    const node = findNodeAtLocation(root, [key]);
    if (!node) continue;
    const list = stringList(node);
    if (!list || list.some((p) => !PAYER_ID.test(p))) problem(node, `${key} must be a list of payer ids (lower case)`);
    else config[key] = list;
  }

  const unconfirmed = findNodeAtLocation(root, ['unconfirmedContainerSeverity']);
  if (unconfirmed) {
    if (unconfirmed.value !== 'information' && unconfirmed.value !== 'warning') problem(unconfirmed, 'unconfirmedContainerSeverity must be information or warning');
    else config.unconfirmedContainerSeverity = unconfirmed.value;
  }
  return { config, problems, text };
}

function stringList(node: Node): string[] | undefined {
  if (node.type !== 'array') return undefined;
  const values = (node.children ?? []).map((c) => c.value);
  return values.every((v) => typeof v === 'string') ? (values as string[]).map((v) => v.trim().toLowerCase()) : undefined;
}

function readPayer(node: Node, problem: (node: Node, message: string) => void): PayerProfile | undefined {
  if (node.type !== 'object') {
    problem(node, 'a payer profile is an object with at least an id');
    return undefined;
  }
  const field = (name: string) => findNodeAtLocation(node, [name]);
  const id = field('id');
  if (!id || typeof id.value !== 'string' || !PAYER_ID.test(id.value.trim().toLowerCase())) {
    problem(id ?? node, 'a payer profile needs an id: lower-case letters, digits, - or _ (the value of payer= on its claims)');
    return undefined;
  }
  const profile: PayerProfile = { id: id.value.trim().toLowerCase() };
  const known = new Set(['id', 'name', 'requiresJwJz', 'jwFrom', 'jzFrom', 'requiresNdc', 'priorAuthCodes', 'jwJzExemptPlaceOfService', 'notes']);
  for (const property of node.children ?? []) {
    const key = property.children?.[0];
    if (key && !known.has(String(key.value))) problem(key, `unknown payer setting "${key.value}"; expected one of ${[...known].join(', ')}`);
  }
  const text = (name: 'name' | 'notes') => {
    const n = field(name);
    if (!n) return;
    if (typeof n.value !== 'string') problem(n, `${name} must be text`);
    else profile[name] = n.value;
  };
  text('name');
  text('notes');
  for (const name of ['requiresJwJz', 'requiresNdc'] as const) {
    const n = field(name);
    if (!n) continue;
    if (typeof n.value !== 'boolean') problem(n, `${name} must be true or false`);
    else profile[name] = n.value;
  }
  for (const name of ['jwFrom', 'jzFrom'] as const) {
    const n = field(name);
    if (!n) continue;
    if (typeof n.value !== 'string' || !DATE.test(n.value) || Number.isNaN(Date.parse(`${n.value}T00:00:00Z`))) problem(n, `${name} must be a date, YYYY-MM-DD`);
    else profile[name] = n.value;
  }
  const auth = field('priorAuthCodes');
  if (auth) {
    const codes = stringList(auth)?.map((c) => c.toUpperCase());
    if (!codes || codes.some((c) => !CODE.test(c))) problem(auth, 'priorAuthCodes must be a list of HCPCS or CPT codes');
    else profile.priorAuthCodes = codes;
  }
  const pos = field('jwJzExemptPlaceOfService');
  if (pos) {
    const values = stringList(pos);
    if (!values || values.some((p) => !POS.test(p))) problem(pos, 'jwJzExemptPlaceOfService must be a list of two-digit places of service');
    else profile.jwJzExemptPlaceOfService = values;
  }
  return profile;
}

/**
 * The engine's options: the config file over the user's defaults (VS Code settings or CLI flags).
 * A payer profile in the file replaces one of the same id from the defaults.
 */
export function applyConfig(base: CheckOptions, config: ClaimcheckConfig | undefined): CheckOptions {
  if (!config) return base;
  const payers = [...base.payerProfiles.filter((p) => !config.payers.some((q) => q.id === p.id)), ...config.payers];
  return {
    ...base,
    payerProfiles: payers,
    jwJzPayers: config.jwJzPayers ?? base.jwJzPayers,
    ndcPayers: config.ndcPayers ?? base.ndcPayers,
    unconfirmedContainerSeverity: config.unconfirmedContainerSeverity ?? base.unconfirmedContainerSeverity,
    covered340B: config.covered340B || base.covered340B,
    severity: { ...base.severity, ...config.severity },
  };
}

/** Offset → zero-based line and character, for showing a config problem. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, character: Math.min(offset, text.length) - start };
}
