// Running the built CLI (dist/cli.js) the way a user does: from a folder of their own, made for
// the test and removed after it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A new folder (its real path) holding `files` (name → content; names may have folders). */
export function tempFolder(files: Record<string, string | Buffer> = {}, prefix = 'claimcheck-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** `claimcheck <args>` in `cwd`: its exit code and output. */
export function runCli(cwd: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  assert.ok(existsSync(CLI), 'dist/cli.js is built (npm run build)');
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
