// What the CLI reports, as plain data: a file's findings are copied out of the engine's
// diagnostics (whose ranges and messages are read from the parse model) into records of numbers
// and strings, so no model outlives its check and a result can cross from a worker thread.
import type { ClaimDiagnostic, DiagnosticId, Severity } from '../engine/types';
import { plural } from '../engine/values';

/** One diagnostic as the CLI prints it: 1-based positions, the fixes by title. */
export interface Finding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  id: DiagnosticId;
  message: string;
  fixes: { title: string; preferred: boolean }[];
}

export type Counts = Record<Severity, number>;

export const noCounts = (): Counts => ({ error: 0, warning: 0, information: 0, hint: 0 });

/** A checked file, as the run merges it: counts always, the findings only for JSON and SARIF. */
export interface FileResult {
  file: string;
  counts: Counts;
  findings?: Finding[];
  fixed?: number;
  error?: string;
  /** --fix tried to write the file and failed (exit status 2). */
  writeFailed?: boolean;
}

export function severityLabel(severity: Severity): string {
  return severity === 'information' ? 'info' : severity;
}

export function findingOf(d: ClaimDiagnostic): Finding {
  const { start, end } = d.range;
  return {
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    severity: d.severity,
    id: d.id,
    message: d.message,
    fixes: d.fixes.map((f) => ({ title: f.title, preferred: f.preferred })),
  };
}

/** `path:line:col severity id message` and a line break. */
export function textLine(file: string, d: ClaimDiagnostic): string {
  const start = d.range.start;
  return `${file}:${start.line + 1}:${start.character + 1} ${severityLabel(d.severity)} ${d.id} ${d.message}\n`;
}

/** Counts by the severity names the output uses (error, warning, info, hint). */
function labelled(counts: Counts): Record<string, number> {
  return { error: counts.error, warning: counts.warning, info: counts.information, hint: counts.hint };
}

function total(results: FileResult[]): Counts {
  const sum = noCounts();
  for (const r of results) for (const severity of Object.keys(sum) as Severity[]) sum[severity] += r.counts[severity];
  return sum;
}

export function formatJson(results: FileResult[]): string {
  const files = results.map((r) => ({
    file: r.file,
    ...(r.error ? { error: r.error } : {}),
    ...(r.fixed !== undefined ? { fixed: r.fixed } : {}),
    counts: labelled(r.counts),
    diagnostics: (r.findings ?? []).map((d) => ({ ...d, severity: severityLabel(d.severity) })),
  }));
  return JSON.stringify({ files, counts: { files: results.length, ...labelled(total(results)) } }, null, 2) + '\n';
}

/** "3 warnings, 1 info" (or "no problems"): one file's findings, for the per-file summary. */
function fileCounts(counts: Counts): string {
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.information, 'info'), plural(counts.hint, 'hint')];
  const shown = parts.filter((p) => !p.startsWith('0 '));
  return shown.length > 0 ? shown.join(', ') : 'no problems';
}

export function summary(results: FileResult[], skipped: number): string {
  const count = (severity: Severity) => results.reduce((n, r) => n + r.counts[severity], 0);
  const fixed = results.reduce((n, r) => n + (r.fixed ?? 0), 0);
  const fixedText = results.some((r) => r.fixed !== undefined) ? `, ${fixed} fixes applied` : '';
  const line = `${plural(results.length, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('information'), 'info')}${fixedText}${skipped > 0 ? `, ${plural(skipped, 'file')} skipped` : ''}\n`;
  // With more than one file, each file's own counts follow, in the order they were checked.
  if (results.length < 2) return line;
  return line + results.map((r) => `  ${r.file}: ${fileCounts(r.counts)}${r.fixed ? ` (${r.fixed} ${r.fixed === 1 ? 'fix' : 'fixes'} applied)` : ''}\n`).join('');
}
