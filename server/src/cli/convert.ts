// `claimcheck convert file.837`: writes the claim-language text of an 837 to stdout.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { convertX12 } from '../engine/sources/x12/convert';
import { ConfigResolver, explicitConfig } from './config';
import { describeError, readClaimFile } from './files';
import type { CliIo } from './run';

const USAGE = 'usage: claimcheck convert [--config FILE] <file.837>\n';

export async function runConvert(argv: string[], io: CliIo): Promise<number> {
  let config: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--config') config = argv[++i];
    else if (arg.startsWith('--config=')) config = arg.slice('--config='.length);
    else if (arg === '--help' || arg === '-h') {
      io.stdout(USAGE);
      return 0;
    } else if (arg.startsWith('-')) {
      io.stderr(`claimcheck convert: unknown option '${arg}'\n${USAGE}`);
      return 2;
    } else files.push(arg);
  }
  if (files.length !== 1 || (argv.includes('--config') && config === undefined)) {
    io.stderr(`claimcheck convert: give one 837 file\n${USAGE}`);
    return 2;
  }
  const file = path.resolve(io.cwd, files[0]);
  const explicit = explicitConfig(config, io.cwd);
  if (explicit && !existsSync(explicit)) {
    io.stderr(`claimcheck convert: --config ${config}: no such file\n`);
    return 2;
  }
  const setup = new ConfigResolver({}, explicit, (text) => io.stderr(text), (p) => path.relative(io.cwd, p) || p).forFile(file);
  let text: string;
  try {
    text = (await readClaimFile(file)).text;
  } catch (error) {
    io.stderr(`claimcheck convert: cannot read ${files[0]}: ${describeError(error)}\n`);
    return 2;
  }
  io.stdout(convertX12(text, setup.options.payerProfiles.map((p) => p.id)));
  return 0;
}
