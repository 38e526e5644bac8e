import { parseArgs } from 'node:util';
import { closestKey } from '@cloud-token/core/adapter';
import { CommandLineError } from './command-line-error.js';
import type { FlagDefinition } from './flags.js';

/**
 * What {@link parseFlags} read: each flag's value by its name (an object
 * without a prototype: a flag not given is `undefined`, whatever a
 * polluted `Object.prototype` carries), and the positional words.
 */
export interface ParsedFlags {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

const secretFlagHint =
  '--client-secret is refused: a secret on the command line shows in `ps` and in shell history. ' +
  'Set CLOUD_TOKEN_CLIENT_SECRET, or use --client-secret-file PATH or --client-secret-stdin';

/**
 * Reads `args` against `flags` with `node:util`'s `parseArgs`, and turns
 * each mistake into a one-line {@link CommandLineError} that names the flag
 * and never its value: an unknown flag (with the closest known one), a
 * missing value, a value given to a switch, and `--client-secret`, which is
 * refused with where the secret should come from instead.
 */
export function parseFlags(
  args: readonly string[],
  flags: Readonly<Record<string, FlagDefinition>>,
): ParsedFlags {
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, flag]) => [
      name,
      { type: flag.type, ...(flag.short === undefined ? {} : { short: flag.short }) },
    ]),
  );
  const { tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | boolean | undefined> = Object.create(null);
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const { name, rawName } = token;
    if (name === 'client-secret') throw new CommandLineError(secretFlagHint);
    const flag = Object.hasOwn(flags, name) ? flags[name] : undefined;
    if (flag === undefined) {
      const near = closestKey(name, Object.keys(flags));
      const shown = /^-{1,2}[a-z][a-z0-9-]{0,39}$/i.test(rawName) ? rawName : 'an option';
      throw new CommandLineError(
        near === undefined
          ? `unknown flag ${shown}; see --help`
          : `unknown flag ${shown}; did you mean --${near}?`,
      );
    }
    if (flag.type === 'boolean') {
      if (token.value !== undefined) throw new CommandLineError(`--${name} takes no value`);
      values[name] = true;
      continue;
    }
    // A missing value, or the next flag taken for one (`--token-url --client-id x`).
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
      throw new CommandLineError(`--${name} needs a value: --${name} ${flag.value ?? 'VALUE'}`);
    }
    values[name] = token.value;
  }
  return { values, positionals };
}
