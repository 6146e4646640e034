// The connection the server speaks over. Two promises are kept here, whatever the transport:
// - a broken stdio stream (a bad Content-Length, a header without one, JSON that does not parse)
//   ends the process with a message on stderr, so the client sees the exit and restarts the
//   server, instead of a server that reads nothing more and answers nothing (deaf);
// - what the JSON-RPC layer logs reaches the client's window/logMessage as its first line only,
//   at most 200 characters: some of its messages append the offending JSON message, which can
//   hold claim text (PHI).
import {
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  createConnection,
  type Connection,
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

export function createClaimsConnection(): Connection {
  const features = { ...ProposedFeatures.all, console: firstLineConsole } as typeof ProposedFeatures.all;
  if (!process.argv.includes('--stdio')) return createConnection(features); // IPC or socket, from argv
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
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
