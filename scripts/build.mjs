// Bundles the extension client, the language server and the CLI into dist/. dist/cli.js is also
// the script of the CLI's worker threads (server/src/cli/main.ts starts in worker mode when it
// is one), so it must stay one self-contained bundle.
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // jsonc-parser's default (UMD) build loads its parts with a require esbuild cannot follow;
  // its ES module build bundles whole.
  mainFields: ['module', 'main'],
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/server.ts'],
    outfile: 'dist/server.js',
    define: { CLAIMCHECK_VERSION: JSON.stringify(version) },
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { CLAIMCHECK_VERSION: JSON.stringify(version) },
  }),
]);
chmodSync('dist/cli.js', 0o755);
