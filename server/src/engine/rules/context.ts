// What every rule module receives, and the one way rules report a diagnostic.
import { DEFAULT_SEVERITY } from '../severity';
import type { CheckOptions, ClaimDiagnostic, CodeTables, DiagnosticId, Fix, Range, Severity } from '../types';

export interface RuleContext {
  tables: CodeTables;
  options: CheckOptions;
  /** The document's line ending, for fixes that insert a line. */
  eol: string;
  report(id: DiagnosticId, range: Range, message: string, fixes?: Fix[], severity?: Severity): void;
  /** "line N" for a line of the document, in a message that stays right when the claim moves. */
  lineName(line: number): string;
}

/** How lineName marks a line number in a stored message; the document renders it when asked. */
export const LINE_MARK = /\u0001(\d+)\u0001/g;

export function createContext(
  tables: CodeTables,
  options: CheckOptions,
  eol: string,
  sink: ClaimDiagnostic[],
): RuleContext {
  return {
    tables,
    options,
    eol,
    report(id, range, message, fixes = [], severity = DEFAULT_SEVERITY[id]) {
      // The workspace config's severity for the id wins; `off` drops the finding.
      const override = options.severity?.[id];
      if (override === 'off') return;
      sink.push({ id, severity: override ?? severity, message, range, fixes });
    },
    lineName: (line) => `\u0001${line}\u0001`,
  };
}
