// The connection the server speaks over. Two promises are kept here, whatever the transport:
// - a broken stdio stream (a bad Content-Length, a header without one, JSON that does not parse)
//   ends the process with a message on stderr, so the client sees the exit and restarts the
//   server, instead of a server that reads nothing more and answers nothing (deaf);
// - what the JSON-RPC layer logs reaches the client's window/logMessage as its first line only,
//   at most 200 characters: some of its messages append the offending JSON message, which can
//   hold claim text (PHI).
import {
  ProposedFeatures,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  createConnection,
  type Connection,
  type ContentTypeEncoder,
  type Message,
  type RemoteConsole,
} from 'vscode-languageserver/node';

const LOG_LIMIT = 200;

/** The first line of a log message, shortened. */
export function logLine(message: string): string {
  const first = message.split(/\r\n|\r|\n/, 1)[0];
  return first.length > LOG_LIMIT ? `${first.slice(0, LOG_LIMIT - 1)}…` : first;
}

type ConsoleClass = new () => RemoteConsole;

/** A console feature whose every method logs only logLine(message). */
function firstLineConsole(Base: ConsoleClass): ConsoleClass {
  return class extends Base {
    override error(message: string) {
      super.error(logLine(String(message)));
    }
    override warn(message: string) {
      super.warn(logLine(String(message)));
    }
    override info(message: string) {
      super.info(logLine(String(message)));
    }
    override log(message: string) {
      super.log(logLine(String(message)));
    }
  };
}

/** Lists (published diagnostics, a request's result) whose elements are sent again unchanged, as the same objects. */
const listsOfKeptElements = new WeakSet<object>();
/** The JSON of such elements already sent. */
const encodedElements = new WeakMap<object, Buffer>();

/**
 * Marks `list` as a publishDiagnostics list or a request's result whose elements, objects the
 * server does not change once sent, are encoded once and reused when sent again.
 */
export function withKeptElements<T extends object>(list: T[]): T[] {
  listsOfKeptElements.add(list);
  return list;
}

/** Stands for the list in the rest of the message: `"\u0000"` in its JSON. */
const LIST_MARK = '\u0000';
const QUOTED_LIST_MARK = JSON.stringify(LIST_MARK);
const COMMA = Buffer.from(',');

/**
 * A message's JSON (the bytes JSON.stringify gives), reusing the encoding of each element of a
 * list marked by withKeptElements: an edit below the first 1,000 problems publishes the same
 * ones for a new version, and code lenses after an edit are mostly those sent before; encoding
 * them again was most of the cost of an edit and of a lens request.
 */
export function encodeMessage(message: Message): Buffer {
  const m = message as { method?: string; result?: unknown; params?: { diagnostics?: unknown } };
  let list: object[];
  let rest: string;
  if (listsOfKeptElements.has(m.result as object)) {
    list = m.result as object[];
    rest = JSON.stringify({ ...m, result: LIST_MARK });
  } else if (m.method === PublishDiagnosticsNotification.method && listsOfKeptElements.has(m.params?.diagnostics as object)) {
    list = m.params!.diagnostics as object[];
    rest = JSON.stringify({ ...m, params: { ...m.params, diagnostics: LIST_MARK } });
  } else return Buffer.from(JSON.stringify(message), 'utf8');
  // The list is the message's last value (after jsonrpc and id; after uri and version), so its mark is the last one.
  const at = rest.lastIndexOf(QUOTED_LIST_MARK);
  const parts: Buffer[] = [Buffer.from(`${rest.slice(0, at)}[`, 'utf8')];
  for (let i = 0; i < list.length; i++) {
    let encoded = encodedElements.get(list[i]);
    if (!encoded) {
      encoded = Buffer.from(JSON.stringify(list[i]), 'utf8');
      encodedElements.set(list[i], encoded);
    }
    if (i > 0) parts.push(COMMA);
    parts.push(encoded);
  }
  parts.push(Buffer.from(`]${rest.slice(at + QUOTED_LIST_MARK.length)}`, 'utf8'));
  return Buffer.concat(parts);
}

const jsonEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode: (message) => {
    try {
      return Promise.resolve(encodeMessage(message));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};

export function createClaimsConnection(): Connection {
  const features = { ...ProposedFeatures.all, console: firstLineConsole } as typeof ProposedFeatures.all;
  if (!process.argv.includes('--stdio')) return createConnection(features); // IPC or socket, from argv
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: jsonEncoder });
  let shutdown = false;
  reader.onError(() => {
    // The error's text can quote the bytes that broke framing; say what happened, not what was read.
    process.stderr.write('claims: the LSP message stream on stdin is broken (bad header, Content-Length or JSON); exiting so the client can restart the server\n');
    process.exit(1);
  });
  reader.onClose(() => process.exit(shutdown ? 0 : 1));
  const connection = createConnection(features, reader, writer);
  connection.onShutdown(() => {
    shutdown = true;
  });
  // Nothing may write to stdout but the writer: route stray console output to the log.
  console.log = console.info = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  return connection;
}
