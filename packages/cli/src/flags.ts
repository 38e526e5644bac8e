/**
 * One flag of a command: its type, the placeholder of its value in the help,
 * the environment variable that sets it when the flag is absent, and its help line.
 */
export interface FlagDefinition {
  readonly type: 'string' | 'boolean';
  readonly value?: string;
  readonly env?: string;
  readonly short?: string;
  readonly help: string;
}

/** A command's flags by name (without the leading `--`). */
export type Flags = Readonly<Record<string, FlagDefinition>>;

/** Whether a command has the flag `name` (its own, never one inherited from `Object.prototype`). */
export function hasFlag(flags: Flags, name: string): boolean {
  return Object.hasOwn(flags, name);
}

/** `--help`, on every command. */
export const helpFlag: Flags = {
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

/** Where the credentials come from: every command but `--help` needs them. */
export const credentialFlags: Flags = {
  preset: {
    type: 'string',
    value: 'aspose|groupdocs',
    env: 'CLOUD_TOKEN_PRESET',
    help: "the cloud's public token URL and API base URL",
  },
  'token-url': {
    type: 'string',
    value: 'URL',
    env: 'CLOUD_TOKEN_URL',
    help: 'the token endpoint (overrides the preset)',
  },
  'client-id': { type: 'string', value: 'ID', env: 'CLOUD_TOKEN_CLIENT_ID', help: 'the client id' },
  'client-secret-file': {
    type: 'string',
    value: 'PATH',
    help: 'read the client secret from a file (else CLOUD_TOKEN_CLIENT_SECRET)',
  },
  'client-secret-stdin': { type: 'boolean', help: 'read the client secret from standard input' },
  scope: {
    type: 'string',
    value: 'SCOPES',
    env: 'CLOUD_TOKEN_SCOPE',
    help: 'the scopes to ask for, space-separated (default: none)',
  },
  redis: {
    type: 'string',
    value: 'URL',
    env: 'CLOUD_TOKEN_REDIS_URL',
    help: "a fleet's Redis (redis:// or rediss://): share its token and its guard",
  },
  timeout: {
    type: 'string',
    value: 'SECONDS',
    env: 'CLOUD_TOKEN_TIMEOUT',
    help: 'how long one token request, or one Redis call, may take (default 10)',
  },
  verbose: { type: 'boolean', help: 'log what the token source does, as JSON lines on stderr' },
};

/** `--sidecar`: get the token from a running `cloud-token serve`. */
export const sidecarFlag: Flags = {
  sidecar: {
    type: 'string',
    value: 'URL',
    env: 'CLOUD_TOKEN_SIDECAR',
    help: 'ask a running `cloud-token serve` at URL for the shared token',
  },
};

/** `--json`. */
export const jsonFlag: Flags = {
  json: { type: 'boolean', help: 'print JSON' },
};

/** The API base URL, for `serve`. */
export const baseUrlFlag: Flags = {
  'base-url': {
    type: 'string',
    value: 'URL',
    env: 'CLOUD_TOKEN_BASE_URL',
    help: 'the cloud API the sidecar proxies to (overrides the preset)',
  },
};

/** The environment variable of the client secret, which has no flag on purpose. */
export const CLIENT_SECRET_ENV = 'CLOUD_TOKEN_CLIENT_SECRET';

/** The environment variable of the fleet's key for tokens at rest in Redis (`@cloud-token/redis`'s `encryption`). */
export const STORE_KEY_ENV = 'CLOUD_TOKEN_STORE_KEY';
