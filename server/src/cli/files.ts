// The CLI's file system work: finding claim files, reading them and writing --fix results back.
// A FIFO or device named *.claim is skipped (reading a FIFO waits forever), an unreadable folder
// or file is reported and the rest is still checked, and a fix is written the way the file is
// kept: through a symlink to its target, in place when it has other hard links, atomically
// (temporary file and rename) otherwise, with its mode, never onto a read-only file.
import { constants, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { isX12Path } from '../engine/sources/x12/check';

/** A system error in words: "permission denied", not "EACCES: permission denied, scandir '…'". */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links (a symlink loop)';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'read-only file system';
    case 'EIO':
      return 'input/output error';
    case 'EBUSY':
    case 'ETXTBSY':
      return 'the file is busy';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** What kind of thing a non-regular file is, for the "skipped" message. */
export function kindOf(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/** A file that was not read because it is not a regular file. */
export class NotRegularFile extends Error {
  constructor(kind: string) {
    super(`it is ${kind}, not a regular file`);
  }
}

export interface WalkReport {
  /** A path that could not be read (exit status 2). */
  unreadable(displayPath: string, reason: string): void;
  /** A *.claim that is not a regular file and was skipped. */
  skipped(displayPath: string, reason: string): void;
}

/**
 * Adds the claim files under `target` (a file, or a folder searched recursively) to `out`.
 * Symlinked folders are not followed; a symlink named *.claim is checked when it leads to a
 * regular file. Problems go to `report`; the walk carries on past them.
 */
export async function collectFiles(target: string, shown: string, out: string[], report: WalkReport, display: (p: string) => string): Promise<void> {
  let stat: Stats;
  try {
    stat = await fs.stat(target);
  } catch (error) {
    report.unreadable(shown, describeError(error));
    return;
  }
  if (stat.isDirectory()) {
    await walk(target, out, report, display);
    return;
  }
  const kind = kindOf(stat);
  if (kind) {
    // Named on the command line but not checkable: it was asked for, so it counts as unreadable.
    report.unreadable(shown, `it is ${kind}, not a regular file; skipped`);
    return;
  }
  out.push(target);
}

async function walk(dir: string, out: string[], report: WalkReport, display: (p: string) => string): Promise<void> {
  let entries;
  try {
    entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    report.unreadable(display(dir), describeError(error));
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) await walk(full, out, report, display);
      continue;
    }
    if (!entry.name.endsWith('.claim') && !isX12Path(entry.name)) continue;
    if (entry.isFile()) {
      out.push(full);
      continue;
    }
    // A symlink (followed to see what it leads to), a FIFO, a device or a socket.
    let stat: Stats;
    try {
      stat = entry.isSymbolicLink() ? await fs.stat(full) : await fs.lstat(full);
    } catch (error) {
      report.unreadable(display(full), describeError(error));
      continue;
    }
    const kind = kindOf(stat);
    if (kind) report.skipped(display(full), `it is ${kind}, not a regular file`);
    else out.push(full);
  }
}

const BOM_BYTES = [0xef, 0xbb, 0xbf];

export interface ClaimFileText {
  text: string;
  bom: boolean;
  /** The file as it was read, to notice a change before --fix writes it back. */
  stat: Stats;
}

/**
 * Reads a claim file as UTF-8 text; refuses binary or non-UTF-8 content with a clear reason. The
 * file is opened without blocking and checked to be a regular file before anything is read, so
 * a FIFO that replaced it after the walk cannot hang the run.
 */
export async function readClaimFile(file: string): Promise<ClaimFileText> {
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  let bytes: Buffer;
  let stat: Stats;
  try {
    stat = await handle.stat();
    const kind = kindOf(stat);
    if (kind) throw new NotRegularFile(kind);
    bytes = await handle.readFile();
  } finally {
    await handle.close();
  }
  if (bytes.includes(0)) throw new Error('not a text file (it contains NUL bytes)');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('not valid UTF-8 text');
  }
  // TextDecoder drops a leading BOM by default; remember it so --fix can write it back.
  const bom = bytes.length >= 3 && BOM_BYTES.every((b, i) => bytes[i] === b);
  return { text, bom, stat };
}

/** --fix did not write, on purpose (read-only file, changed file); the message says why. */
export class NotFixed extends Error {}

/** A write that was tried and failed: "cannot write <file>: <reason>". */
export class WriteFailed extends Error {}

const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

/**
 * Writes the fixed text of `file` (read as `before`) back:
 * - through a symlink to its target, so the link stays a link;
 * - in place when the file has other hard links (a rename would split them), atomically via a
 *   temporary file in the same folder and a rename otherwise, so a crash never leaves half a file;
 * - with the file's mode (and, when run as root, its owner);
 * - never onto a read-only file (no write bit in its mode: root's access() would say yes), nor
 *   onto a file that changed since it was read.
 */
export async function writeFixedFile(file: string, content: string, before: Stats, shown: string): Promise<void> {
  let target: string;
  let stat: Stats;
  try {
    target = await fs.realpath(file);
    stat = await fs.stat(target);
  } catch (error) {
    throw new WriteFailed(`cannot write ${shown}: ${describeError(error)}`);
  }
  if ((stat.mode & 0o222) === 0) {
    throw new NotFixed(`not fixed: the file is read-only (mode ${octal(stat.mode)}); make it writable to apply the fixes`);
  }
  if (stat.dev !== before.dev || stat.ino !== before.ino || stat.size !== before.size || stat.mtimeMs !== before.mtimeMs) {
    throw new NotFixed('not fixed: the file changed while it was being checked; run again');
  }
  try {
    if (stat.nlink > 1) await writeInPlace(target, content);
    else await writeAtomically(target, content, stat);
  } catch (error) {
    throw new WriteFailed(`cannot write ${shown}: ${describeError(error)}`);
  }
}

async function writeInPlace(target: string, content: string): Promise<void> {
  const bytes = Buffer.from(content, 'utf8');
  const handle = await fs.open(target, constants.O_WRONLY | constants.O_NONBLOCK);
  try {
    await handle.write(bytes, 0, bytes.length, 0);
    await handle.truncate(bytes.length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeAtomically(target: string, content: string, stat: Stats): Promise<void> {
  const suffix = `${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}`;
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${suffix}.tmp`);
  const mode = stat.mode & 0o7777;
  // 'wx': the temporary file is new (never a planted symlink); its mode is set explicitly
  // because the umask would otherwise narrow it.
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(content, 'utf8');
      if (process.getuid?.() === 0 && (stat.uid !== 0 || stat.gid !== 0)) await handle.chown(stat.uid, stat.gid).catch(() => undefined);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
