// The CLI's side of the workspace config: each checked file gets the options and extra code
// tables of the nearest .claimcheck.json above it (or of the one --config names), read once per
// config file; its problems are printed once, with their line and column, and the defaults
// stand in for what could not be read — the same rule the language server follows.
import * as path from 'node:path';
import { resolveOptions } from '../engine/check';
import { applyConfig, findConfigFile, positionAt, readConfigFile, type ClaimcheckConfig } from '../engine/config';
import type { CheckOptions } from '../engine/types';

export interface FileSetup {
  options: CheckOptions;
  extraTables: string[];
  configFile?: string;
}

export class ConfigResolver {
  private readonly byConfig = new Map<string, FileSetup>();
  private readonly base: CheckOptions;

  constructor(
    options: Partial<CheckOptions>,
    private readonly explicit: string | undefined,
    private readonly warn: (text: string) => void,
    private readonly display: (absolute: string) => string,
  ) {
    this.base = resolveOptions(options);
  }

  /** The setup for a file: its config's options over the flags' defaults. */
  forFile(file: string): FileSetup {
    const configFile = this.explicit ?? findConfigFile(file);
    if (!configFile) return { options: this.base, extraTables: [] };
    let setup = this.byConfig.get(configFile);
    if (!setup) {
      const config = this.read(configFile);
      setup = { options: applyConfig(this.base, config), extraTables: config.tables, configFile };
      this.byConfig.set(configFile, setup);
    }
    return setup;
  }

  private read(file: string): ClaimcheckConfig {
    const { config, problems, text } = readConfigFile(file);
    if (problems.length > 0) {
      for (const problem of problems) {
        const at = positionAt(text, problem.offset);
        this.warn(`claimcheck: warning: ${this.display(file)}:${at.line + 1}:${at.character + 1}: ${problem.message}\n`);
      }
      this.warn(`claimcheck: warning: ${this.display(file)}: what could not be read is left at its default\n`);
    }
    return config;
  }
}

/** Resolves --config against the working folder. */
export function explicitConfig(value: string | undefined, cwd: string): string | undefined {
  return value === undefined ? undefined : path.resolve(cwd, value);
}
