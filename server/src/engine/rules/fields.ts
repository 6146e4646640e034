// Rule family: syntax and field values (syntax, unknown-field, invalid-value, duplicate-field).
import type { ClaimHeader, FieldIssue, ParsedLine, ServiceLine } from '../types';
import type { RuleContext } from './context';

export function checkParsedLine(parsed: ParsedLine, ctx: RuleContext): void {
  for (const problem of parsed.syntaxProblems) ctx.report('syntax', problem.range, problem.message);
}

function reportIssues(issues: FieldIssue[], ctx: RuleContext): void {
  for (const issue of issues) ctx.report(issue.id, issue.range, issue.message);
}

export function checkHeaderFields(header: ClaimHeader, ctx: RuleContext): void {
  checkParsedLine(header.parsed, ctx);
  reportIssues(header.issues, ctx);
}

export function checkLineFields(line: ServiceLine, ctx: RuleContext): void {
  checkParsedLine(line.parsed, ctx);
  reportIssues(line.issues, ctx);
}
