// Rule family: syntax and field values (syntax, unknown-field, invalid-value, duplicate-field).
import { replaceToken } from '../fixes/edits';
import { HEADER_KEYS, SERVICE_KEYS, closest } from '../model';
import type { ClaimHeader, Field, FieldIssue, Fix, ParsedLine, ServiceLine } from '../types';
import type { RuleContext } from './context';

/** A billed count as fix-all writes one: a whole number from 1 to 999,999, no leading zero. */
const CANONICAL_COUNT = /^[1-9][0-9]{0,5}$/;

export function checkParsedLine(parsed: ParsedLine, ctx: RuleContext): void {
  for (const problem of parsed.syntaxProblems) ctx.report('syntax', problem.range, problem.message);
}

/**
 * "Rename to units" for a misspelled key (`uints=42`). Preferred when the line does not have
 * that key already: the value then reaches the field the biller meant (the safety gate still
 * refuses it when the value brings a finding of its own). A count that is not written as one
 * (`nits=028`) is not renamed into units= by fix-all: what fix-all writes there is canonical.
 */
export function renameKeyFix(field: Field, fields: readonly Field[], allowed: readonly string[]): Fix | undefined {
  const key = field.key.text.toLowerCase();
  const hint = closest(key, allowed);
  if (!hint || field.value === undefined) return undefined;
  const taken = fields.some((f) => f !== field && f.key.text.toLowerCase() === hint);
  const canonical = hint !== 'units' || CANONICAL_COUNT.test(field.value.text);
  return { title: `Rename to ${hint}`, edits: [replaceToken(field.key, hint)], preferred: !taken && canonical };
}

/** The key a misspelled key is taken to mean (what renameKeyFix would rename it to), if any. */
export function intendedKey(field: Field, allowed: readonly string[]): string | undefined {
  const key = field.key.text.toLowerCase();
  return allowed.includes(key) || field.value === undefined ? undefined : closest(key, allowed);
}

function reportIssues(issues: FieldIssue[], parsed: ParsedLine, allowed: readonly string[], ctx: RuleContext): void {
  for (const issue of issues) {
    let fixes: Fix[] = [];
    if (issue.id === 'unknown-field') {
      // The line's fields are made only here, for a line that has an unknown key (parsed lines make them when asked).
      const fields = parsed.fields;
      const { line, character } = issue.range.start;
      const field = fields.find((f) => f.key.range.start.line === line && f.key.range.start.character === character);
      const fix = field && renameKeyFix(field, fields, allowed);
      if (fix) fixes = [fix];
    }
    ctx.report(issue.id, issue.range, issue.message, fixes);
  }
}

export function checkHeaderFields(header: ClaimHeader, ctx: RuleContext): void {
  checkParsedLine(header.parsed, ctx);
  reportIssues(header.issues, header.parsed, HEADER_KEYS, ctx);
}

export function checkLineFields(line: ServiceLine, ctx: RuleContext): void {
  checkParsedLine(line.parsed, ctx);
  reportIssues(line.issues, line.parsed, SERVICE_KEYS, ctx);
}
