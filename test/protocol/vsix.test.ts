// The VSIX: `vsce ls` lists what would ship from this checkout (after `npm run build`), and
// `npm run package` in a private copy of the project builds a real VSIX, offline, whose zip
// holds the bundles, the grammar, snippets, language configuration, code tables, README and
// LICENSE, and none of the sources, tests or node_modules.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const VSCE = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

/** Files the extension needs at run time (paths inside the extension folder). */
const REQUIRED = [
  'package.json',
  'dist/extension.js',
  'dist/server.js',
  'syntaxes/claim.tmLanguage.json',
  'syntaxes/x12.tmLanguage.json',
  'snippets/claim.json',
  'language-configuration.json',
  'server/data/hcpcs.json',
  'README.md',
];

function assertContents(files: string[], where: string): void {
  const listing = files.join('\n  ');
  for (const file of REQUIRED) {
    assert.ok(files.some((f) => f.toLowerCase() === file.toLowerCase()), `${where} lacks ${file}; it has:\n  ${listing}`);
  }
  assert.ok(files.some((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f)), `${where} lacks a LICENSE:\n  ${listing}`);
  const forbidden = files.filter(
    (f) =>
      /\.ts$/.test(f) ||
      /\.map$/.test(f) ||
      /(^|\/)node_modules\//.test(f) ||
      /^(test|client|scripts|\.vscode-test|\.ci|\.git)\//.test(f) ||
      /^server\/src\//.test(f) ||
      /^dist\/test\//.test(f) ||
      /(^|\/)tsconfig[^/]*\.json$/.test(f) ||
      /\.vsix$/.test(f),
  );
  assert.deepEqual(forbidden, [], `${where} must not ship sources, tests, source maps or node_modules`);
  for (const f of files.filter((f) => f.startsWith('dist/'))) {
    assert.match(f, /^dist\/[^/]+\.js$/, `${where}: only the bundles of dist/ ship`);
  }
  for (const f of files.filter((f) => f.startsWith('server/'))) {
    assert.match(f, /^server\/data\/[^/]+\.json$/, `${where}: of server/, only the code tables ship`);
  }
}

/** Names of the entries of a zip file, read from its central directory. */
function zipEntries(zip: Buffer): string[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'the VSIX is a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe('VSIX contents', () => {
  test('vsce ls lists the run-time files and no sources', () => {
    assert.ok(existsSync(join(ROOT, 'dist', 'extension.js')), 'dist/ is built (npm run build)');
    const result = spawnSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], {
      cwd: ROOT,
      encoding: 'utf8',
      input: '',
      timeout: 60_000,
    });
    assert.equal(result.status, 0, `vsce ls failed:\n${result.stdout}\n${result.stderr}`);
    const files = result.stdout.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
    assertContents(files, 'vsce ls');
  });

  describe('npm run package', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'claimcheck-vsix-'));
    after(() => rmSync(scratch, { recursive: true, force: true }));

    test('builds a VSIX offline from a clean copy, with exactly the run-time files', () => {
      // A private copy: the prepublish build writes its own dist/, never this checkout's.
      const copy = join(scratch, 'claimcheck');
      const skip = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'tmp']);
      cpSync(ROOT, copy, {
        recursive: true,
        filter: (source) => {
          const rel = relative(ROOT, source);
          return rel === '' || (!skip.has(rel.split(sep)[0]) && !rel.endsWith('.vsix'));
        },
      });
      symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');

      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const result = spawnSync(npm, ['run', 'package'], {
        cwd: copy,
        encoding: 'utf8',
        input: '', // a prompt (e.g. "LICENSE not found, continue?") reads EOF and aborts instead of hanging
        timeout: 180_000,
        shell: process.platform === 'win32',
        env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false' },
      });
      const vsix = join(copy, 'claimcheck.vsix');
      assert.ok(result.status === 0 && existsSync(vsix), `npm run package failed (${result.status}):\n${result.stdout}\n${result.stderr}`);

      const entries = zipEntries(readFileSync(vsix));
      assert.ok(entries.includes('extension.vsixmanifest'), `manifest in ${entries.join(', ')}`);
      const files = entries.filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length));
      assertContents(files, 'the VSIX');
      const manifest = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as { main: string };
      assert.ok(files.includes(manifest.main.replace(/^\.\//, '')), `main (${manifest.main}) is in the VSIX`);
    });
  });
});
