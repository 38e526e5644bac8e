import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { asposeCloud, type ClientCredentialsOptions, groupDocsCloud } from '@cloud-token/core';
import { CommandLineError } from './command-line-error.js';
import { CLIENT_SECRET_ENV, type Flags, hasFlag } from './flags.js';
import type { ParsedFlags } from './parse-flags.js';

/** The environment, as `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

const presets = { aspose: asposeCloud, groupdocs: groupDocsCloud } as const;

/**
 * The environment's own variables, in an object without a prototype: what
 * every command reads, so that a variable that is not set is `undefined`
 * whatever a polluted `Object.prototype` carries.
 */
export function ownEnvironment(env: Environment): Environment {
  return Object.assign(Object.create(null), env);
}

/** An environment variable's value; an empty one counts as unset. */
export function variableOf(env: Environment, name: string): string | undefined {
  const value = Object.hasOwn(env, name) ? env[name] : undefined;
  return value === '' ? undefined : value;
}

/**
 * A flag's value, else its environment variable's (an empty variable counts
 * as unset), else `undefined`.
 */
export function settingOf(
  name: string,
  flags: Flags,
  parsed: ParsedFlags,
  env: Environment,
): string | undefined {
  const given = Object.hasOwn(parsed.values, name) ? parsed.values[name] : undefined;
  if (typeof given === 'string') return given;
  const variable = hasFlag(flags, name) ? flags[name]?.env : undefined;
  return variable === undefined ? undefined : variableOf(env, variable);
}

/**
 * The credentials of a command, from its flags and the environment: the
 * preset's URLs, overridden by `--token-url`/`CLOUD_TOKEN_URL` and
 * `--base-url`/`CLOUD_TOKEN_BASE_URL`; the client id; the secret from
 * `--client-secret-file`, `--client-secret-stdin` or `CLOUD_TOKEN_CLIENT_SECRET`.
 * With `tokenUrl` given (a sidecar's), that one is used. A missing setting is
 * a {@link CommandLineError} saying how to give it.
 */
export async function readCredentials(
  flags: Flags,
  parsed: ParsedFlags,
  env: Environment,
  stdin: Readable,
  tokenUrl?: string,
): Promise<ClientCredentialsOptions> {
  const setting = (name: string) => settingOf(name, flags, parsed, env);
  const presetName = setting('preset');
  if (presetName !== undefined && !Object.hasOwn(presets, presetName)) {
    throw new CommandLineError('--preset (or CLOUD_TOKEN_PRESET) must be aspose or groupdocs');
  }
  const preset = presetName === undefined ? undefined : presets[presetName as keyof typeof presets];
  const url = tokenUrl ?? setting('token-url') ?? preset?.tokenUrl;
  if (url === undefined) {
    throw new CommandLineError(
      'no token URL: set CLOUD_TOKEN_URL, or use --token-url URL or --preset aspose|groupdocs',
    );
  }
  const clientId = setting('client-id');
  if (clientId === undefined) {
    throw new CommandLineError('no client id: set CLOUD_TOKEN_CLIENT_ID or use --client-id ID');
  }
  const clientSecret = await readClientSecret(parsed, env, stdin);
  const scope = setting('scope');
  const baseUrl = hasFlag(flags, 'base-url') ? (setting('base-url') ?? preset?.baseUrl) : undefined;
  return {
    tokenUrl: url,
    clientId,
    clientSecret,
    ...(scope === undefined ? {} : { scope }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
  };
}

/**
 * The client secret: from `--client-secret-file`, `--client-secret-stdin`
 * or `CLOUD_TOKEN_CLIENT_SECRET`, never from a flag's value. One trailing
 * newline (what `echo` and editors add) is dropped.
 */
async function readClientSecret(
  parsed: ParsedFlags,
  env: Environment,
  stdin: Readable,
): Promise<string> {
  const file = parsed.values['client-secret-file'];
  const fromStdin = parsed.values['client-secret-stdin'] === true;
  if (typeof file === 'string' && fromStdin) {
    throw new CommandLineError(
      'give the secret one way: --client-secret-file or --client-secret-stdin',
    );
  }
  let secret: string | undefined;
  if (typeof file === 'string') secret = await readSecretFile(file, '--client-secret-file');
  else if (fromStdin) secret = withoutNewline(await readAll(stdin));
  else secret = variableOf(env, CLIENT_SECRET_ENV);
  if (secret === undefined || secret === '') {
    throw new CommandLineError(
      `no client secret: set ${CLIENT_SECRET_ENV}, or use --client-secret-file PATH or --client-secret-stdin`,
    );
  }
  return secret;
}

/** A secret kept in a file; a file that cannot be read names the flag and the error code only. */
export async function readSecretFile(path: string, flag: string): Promise<string> {
  try {
    return withoutNewline(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new CommandLineError(
      `cannot read the file of ${flag}${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }
}

function withoutNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : String(chunk);
  return text;
}
