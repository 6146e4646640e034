// The JSON peer of npm run bench: vscode-json-languageservice behind a minimal stdio language
// server, so that it pays the same transport as the claims server. It does what VS Code's own
// JSON server does for a file with a schema (parse, validate against the schema, publish; the
// parsed document cached per version for symbols), minus that server's 300 ms validation delay:
// it validates as soon as a change arrives, so it is measured at its cheapest. Diagnostics are
// capped at 1,000, as claims.maxNumberOfProblems caps the claims server's.
// Bundled by bench.ts with esbuild and run as `node json-peer-server.js --stdio`.
import { getLanguageService, type JSONDocument, type JSONSchema } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocumentSyncKind, TextDocuments, createConnection } from 'vscode-languageserver/node';
import { CLAIMS_SCHEMA } from './claims';

/** The cap, 1,000 unless initializationOptions.maxProblems says otherwise (the bench's uncapped open). */
let maxProblems = 1000;
/** VS Code's json.maxItemsComputed default: outlines stop at 5,000 symbols. */
const MAX_SYMBOLS = 5000;

const connection = createConnection();
const documents = new TextDocuments(TextDocument);
const service = getLanguageService({});
service.configure({ validate: true, allowComments: false, schemas: [{ uri: 'bench://claims.schema.json', fileMatch: ['*.json'], schema: CLAIMS_SCHEMA as unknown as JSONSchema }] });

const parsed = new Map<string, { version: number; json: JSONDocument }>();
function jsonOf(document: TextDocument): JSONDocument {
  const cached = parsed.get(document.uri);
  if (cached && cached.version === document.version) return cached.json;
  const json = service.parseJSONDocument(document);
  parsed.set(document.uri, { version: document.version, json });
  return json;
}

async function validate(document: TextDocument): Promise<void> {
  const version = document.version;
  const diagnostics = await service.doValidation(document, jsonOf(document), { schemaValidation: 'error' });
  if (documents.get(document.uri)?.version !== version) return;
  await connection.sendDiagnostics({ uri: document.uri, version, diagnostics: diagnostics.slice(0, maxProblems) });
}

connection.onInitialize(({ initializationOptions }) => {
  const cap = (initializationOptions as { maxProblems?: unknown } | undefined)?.maxProblems;
  if (typeof cap === 'number' && cap > 0) maxProblems = cap;
  return {
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, documentSymbolProvider: true, documentFormattingProvider: true },
    serverInfo: { name: 'json-peer' },
  };
});
documents.onDidChangeContent(({ document }) => void validate(document));
documents.onDidClose(({ document }) => {
  parsed.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});
connection.onDocumentSymbol(({ textDocument }) => {
  const document = documents.get(textDocument.uri);
  return document ? service.findDocumentSymbols2(document, jsonOf(document), { resultLimit: MAX_SYMBOLS }) : [];
});
connection.onDocumentFormatting(({ textDocument, options }) => {
  const document = documents.get(textDocument.uri);
  return document ? service.format(document, undefined, options) : [];
});
documents.listen(connection);
connection.listen();
