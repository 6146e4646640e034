// What every rule module receives, and the one way rules report a diagnostic.
import { DEFAULT_SEVERITY } from '../severity';
import type { CheckOptions, ClaimDiagnostic, CodeTables, DiagnosticId, Fix, Range, Severity } from '../types';

export interface RuleContext {
  tables: CodeTables;
  options: CheckOptions;
  /** The document's line ending, for fixes that insert a line. */
  eol: string;
  report(id: DiagnosticId, range: Range, message: string, fixes?: Fix[], severity?: Severity): void;
}

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
      sink.push({ id, severity, message, range, fixes });
    },
  };
}
