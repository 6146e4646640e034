// SARIF 2.1.0 output, in the shape GitHub code scanning accepts (ruleId = diagnostic id).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDocAnchor, RULE_DESCRIPTIONS } from '../engine/ruleInfo';
import { DEFAULT_SEVERITY } from '../engine/severity';
import { DIAGNOSTIC_IDS, type CodeTables, type Severity } from '../engine/types';
import type { FileResult } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * The package's own folder (the one holding docs/diagnostics.md): dist/ for the bundle,
 * server/src/cli/ for the sources. Undefined when the docs are not there (then no help links).
 */
export function packageRoot(from = __dirname): string | undefined {
  let dir = from;
  for (let up = 0; up < 4; up++) {
    if (existsSync(path.join(dir, 'docs', 'diagnostics.md')) && existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return undefined;
}

/** The ids docs/diagnostics.md has a section for (`## units-mismatch`): only those get a help link. */
function documentedIds(root: string): Set<string> {
  try {
    return new Set([...readFileSync(path.join(root, 'docs', 'diagnostics.md'), 'utf8').matchAll(/^## ([a-z0-9-]+)\s*$/gm)].map((m) => m[1]));
  } catch {
    return new Set();
  }
}

/** file:// link to a document of the installed package (`docs/diagnostics.md#units-mismatch`). */
function docUri(root: string, doc: string): string {
  const [file, anchor] = doc.split('#');
  return pathToFileURL(path.join(root, file)).href + (anchor ? `#${anchor}` : '');
}

function level(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** Relative paths with forward slashes, as SARIF artifact URIs want them. */
function relativeUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/**
 * A file under the working folder: its relative URI against %SRCROOT% (the working folder). A
 * file outside it: its absolute file:// URI, never `../x.claim`, which a consumer resolves
 * against its own checkout.
 */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relativeUri(relative), uriBaseId: '%SRCROOT%' };
}

export function formatSarif(results: FileResult[], tables: CodeTables, version: string, cwd = process.cwd(), root = packageRoot()): object {
  const documented = root ? documentedIds(root) : new Set<string>();
  const rules = DIAGNOSTIC_IDS.map((id) => ({
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: RULE_DESCRIPTIONS[id] },
    fullDescription: { text: RULE_DESCRIPTIONS[id] },
    // The docs ship in the package: link the installed copy (no made-up web address), and only
    // to a section that is there.
    ...(root && documented.has(id) ? { helpUri: docUri(root, ruleDocAnchor(id)) } : {}),
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
            ...(root ? { informationUri: docUri(root, 'README.md') } : {}),
            rules,
            properties: { codeTables: tables.release },
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd).href.replace(/\/?$/, '/') } },
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
                  artifactLocation: artifactLocation(r.file, cwd),
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
