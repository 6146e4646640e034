// Issue 10, part 5: installable as users install things. `npm pack` of a clean copy of the
// checkout, then `npm install -g` of the tarball (and of the folder) into a temporary prefix,
// offline: the package has no run-time dependencies (dist/cli.js is one bundle), so nothing is
// fetched. The installed `claimcheck` then runs from a temporary folder of the user's claims,
// with nothing of this checkout on its path.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'claimcheck-npm-')));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** npm offline and quiet, never asking: what a CI job or a user without network gets. */
const NPM_ENV = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

function npmRun(args: string[], cwd: string) {
  const result = spawnSync(npm, args, { cwd, encoding: 'utf8', input: '', timeout: 180_000, env: NPM_ENV, shell: process.platform === 'win32' });
  assert.equal(result.status, 0, `npm ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** A copy of the checkout as a fresh clone has it (no dist/), its node_modules borrowed for the build. */
function cleanCopy(): string {
  const copy = join(scratch, 'claimcheck');
  const skip = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'tmp', '.scratch']);
  cpSync(ROOT, copy, {
    recursive: true,
    filter: (source) => {
      const rel = relative(ROOT, source);
      return rel === '' || (!skip.has(rel.split(sep)[0]) && !rel.endsWith('.vsix') && !rel.endsWith('.tgz'));
    },
  });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

/** The installed command run from `cwd` with only the prefix's bin and node on PATH. */
function claimcheck(prefix: string, args: string[], cwd: string) {
  const bin = process.platform === 'win32' ? prefix : join(prefix, 'bin');
  const result = spawnSync(join(bin, 'claimcheck'), args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: [bin, dirname(process.execPath), '/usr/bin', '/bin'].join(':'), HOME: scratch },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, error: result.error };
}

function userFolder(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'claims'), { recursive: true });
  writeFileSync(join(dir, 'claims', 'jan.claim'), 'claim C-1 payer=medicare dos=2025-01-15 dx=C43.9\n  J9271 units=42 dose=42mg\n');
  writeFileSync(join(dir, 'claims', 'feb.claim'), 'claim C-2 payer=medicare dos=2025-02-15 dx=C43.9\n  J9271-JZ units=42 dose=42mg\n');
  return dir;
}

describe('npm pack and npm install -g', () => {
  const copy = cleanCopy();
  let tarball = '';

  test('npm pack builds (prepack) and packs the bundles, the code tables and the docs, no sources and no dependencies', () => {
    const packed = npmRun(['pack', '--json', '--pack-destination', scratch], copy);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(scratch, info.filename);
    assert.ok(existsSync(tarball));
    const files = info.files.map((f) => f.path).sort();
    for (const needed of ['dist/cli.js', 'dist/server.js', 'dist/extension.js', 'server/data/hcpcs.json', 'server/data/drug-facts.json', 'docs/diagnostics.md', 'README.md', 'LICENSE', 'package.json']) {
      assert.ok(files.includes(needed), `${needed} is packed:\n${files.join('\n')}`);
    }
    assert.deepEqual(files.filter((f) => /\.ts$|\.map$|^test\/|^client\/|^server\/src\/|^scripts\/|node_modules/.test(f)), [], 'no sources, maps or tests');
    const manifest = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8'));
    assert.equal(manifest.dependencies, undefined, 'every run-time module is bundled: nothing for npm install to fetch');
    assert.equal(manifest.bin.claimcheck, 'dist/cli.js');
  });

  test('npm install -g <tarball> --offline into a temporary prefix gives a working claimcheck in any folder', () => {
    assert.ok(tarball, 'packed by the test above');
    const prefix = join(scratch, 'prefix-tarball');
    npmRun(['install', '--global', '--prefix', prefix, tarball], scratch);
    const user = userFolder('user-tarball');
    const result = claimcheck(prefix, ['claims'], user);
    assert.equal(result.error, undefined);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^claims\/jan\.claim:2:3 error missing-jw-jz J9271 comes in single-dose containers/m);
    assert.match(result.stderr, /^2 files checked: 1 error, 0 warnings, 0 infos$/m);
    assert.equal(claimcheck(prefix, ['claims/feb.claim'], user).code, 0);
    assert.match(claimcheck(prefix, ['--version'], user).stdout, /^claimcheck \d+\.\d+\.\d+\n$/);
    // SARIF links the docs of the installed package, which are there.
    const sarif = JSON.parse(claimcheck(prefix, ['--format', 'sarif', 'claims'], user).stdout);
    const help = fileURLToPath(sarif.runs[0].tool.driver.rules[0].helpUri);
    assert.ok(help.startsWith(realpathSync(prefix)), help);
    assert.ok(existsSync(help), `${help} is installed`);
    assert.equal(claimcheck(prefix, ['empty'], (mkdirSync(join(user, 'empty')), user)).code, 2, 'an empty folder fails');
  });

  test('npm install -g <folder> (npm install -g . in the checkout) works too', () => {
    // The folder is linked, not copied: it needs its dist/, which npm pack's prepack built above.
    assert.ok(existsSync(join(copy, 'dist', 'cli.js')));
    const prefix = join(scratch, 'prefix-folder');
    npmRun(['install', '--global', '--prefix', prefix, '.'], copy);
    const user = userFolder('user-folder');
    const result = claimcheck(prefix, ['claims/jan.claim'], user);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^claims\/jan\.claim:2:3 error missing-jw-jz/m);
    assert.ok(readdirSync(join(prefix, process.platform === 'win32' ? '' : 'bin')).includes('claimcheck'));
  });
});
