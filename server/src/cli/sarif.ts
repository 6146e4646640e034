// SARIF 2.1.0 output, in the shape GitHub code scanning accepts (ruleId = diagnostic id).
import { ruleDocAnchor, RULE_DESCRIPTIONS } from '../engine/ruleInfo';
import { DEFAULT_SEVERITY } from '../engine/severity';
import { DIAGNOSTIC_IDS, type CodeTables, type Severity } from '../engine/types';
import type { FileResult } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const REPOSITORY_DOCS = 'https://github.com/claimcheck/claimcheck/blob/main/';

function level(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** Relative paths with forward slashes, as SARIF artifact URIs want them. */
function artifactUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

export function formatSarif(results: FileResult[], tables: CodeTables, version: string): object {
  const rules = DIAGNOSTIC_IDS.map((id) => ({
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: RULE_DESCRIPTIONS[id] },
    fullDescription: { text: RULE_DESCRIPTIONS[id] },
    helpUri: REPOSITORY_DOCS + ruleDocAnchor(id),
    defaultConfiguration: { level: level(DEFAULT_SEVERITY[id]) },
  }));
  const ruleIndex = new Map<string, number>(DIAGNOSTIC_IDS.map((id, index) => [id, index]));
  return {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: {
          driver: {
            name: 'claimcheck',
            version,
            semanticVersion: version,
            informationUri: REPOSITORY_DOCS + 'README.md',
            rules,
            properties: { codeTables: tables.release },
          },
        },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((r) =>
          (r.findings ?? []).map((d) => ({
            ruleId: d.id,
            ruleIndex: ruleIndex.get(d.id),
            level: level(d.severity),
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: artifactUri(r.file), uriBaseId: '%SRCROOT%' },
                  region: {
                    startLine: d.line,
                    startColumn: d.column,
                    endLine: d.endLine,
                    endColumn: d.endColumn,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}
