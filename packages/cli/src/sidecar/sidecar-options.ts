import {
  type ClientCredentialsGrant,
  type ClientCredentialsOptions,
  clientCredentials,
  InvalidOptionsError,
  type TokenSourceOptions,
} from '@cloud-token/core';
import {
  CLIENT_CREDENTIALS_OPTION_KEYS,
  isLoopbackHost,
  pickOptions,
  readBooleanOption,
  readNumberOption,
  readOptionsObject,
  TOKEN_SOURCE_OPTION_KEYS,
} from '@cloud-token/core/adapter';
import { type LocalClient, localClient } from './local-client.js';

/**
 * Options of `startSidecar()`: the credentials (as `clientCredentials()`
 * takes them; `baseUrl` is the API the sidecar proxies to), the token
 * source's options (`store`, `logger`, …), and where and for whom it listens.
 *
 * @example
 * ```ts
 * const options: SidecarOptions = {
 *   ...asposeCloud,
 *   clientId: process.env.CLOUD_TOKEN_CLIENT_ID ?? '',
 *   clientSecret: process.env.CLOUD_TOKEN_CLIENT_SECRET ?? '',
 *   port: 4020,
 * };
 * ```
 */
export interface SidecarOptions extends ClientCredentialsOptions, TokenSourceOptions {
  /** The address to listen on; default `127.0.0.1`. Another than loopback needs `allowRemote` and `localClientSecret`. */
  host?: string;
  /** The port; default `0` (a free one; `sidecar.url` says which). */
  port?: number;
  /** A Unix socket path to listen on instead of a host and port (made owner-only). */
  socket?: string;
  /** Allows a `host` that is not loopback. Default `false`. */
  allowRemote?: boolean;
  /** The client id local clients authenticate with; default `clientId`. */
  localClientId?: string;
  /**
   * A separate secret for local clients. Without it they authenticate with
   * the configured `clientSecret`, and only requests whose `Host` names this
   * machine are answered (DNS rebinding). With it, that secret (and not the
   * cloud's) is what local clients hold, any `Host` is answered, and the API
   * proxy asks each request for the local pair (Basic) or a token the
   * facade handed out (Bearer).
   */
  localClientSecret?: string;
  /** How long a shutdown waits for requests in flight before it ends them; default 30 000 ms. */
  drainTimeoutMs?: number;
}

const SIDECAR_KEYS = [
  'host',
  'port',
  'socket',
  'allowRemote',
  'localClientId',
  'localClientSecret',
  'drainTimeoutMs',
] as const;

/** Where a sidecar listens. */
export type SidecarListen =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'socket'; readonly path: string };

/** The checked options of a sidecar. */
export interface ResolvedSidecarOptions {
  readonly grant: ClientCredentialsGrant;
  readonly sourceOptions: TokenSourceOptions;
  readonly listen: SidecarListen;
  /** Who may ask the token facade for the token. */
  readonly client: LocalClient;
  /** Whether local clients have their own secret (which lifts the Host rule and guards the proxy). */
  readonly separateLocalSecret: boolean;
  readonly drainTimeoutMs: number;
}

/**
 * Checks every option of a sidecar at once (`InvalidOptionsError` naming
 * it, never echoing a value): the credentials through `clientCredentials()`,
 * the token source's options by their keys, and the listening rules.
 */
export function resolveSidecarOptions(options: SidecarOptions): ResolvedSidecarOptions {
  const given = readOptionsObject(options, 'options', {
    known: [...CLIENT_CREDENTIALS_OPTION_KEYS, ...TOKEN_SOURCE_OPTION_KEYS, ...SIDECAR_KEYS],
  });
  const grant = clientCredentials(pickOptions(options, CLIENT_CREDENTIALS_OPTION_KEYS));
  const sourceOptions = pickOptions(options, TOKEN_SOURCE_OPTION_KEYS);
  const localClientSecret = optionalText(given.localClientSecret, 'localClientSecret');
  const localClientId = optionalText(given.localClientId, 'localClientId') ?? grant.clientId;
  const allowRemote = readBooleanOption(given.allowRemote, 'allowRemote', false);
  const socket = optionalText(given.socket, 'socket');
  let listen: SidecarListen;
  if (socket !== undefined) {
    if (given.host !== undefined || given.port !== undefined) {
      throw new InvalidOptionsError('socket', 'give a socket, or a host and a port, not both');
    }
    listen = { kind: 'socket', path: socket };
  } else {
    const host = optionalText(given.host, 'host') ?? '127.0.0.1';
    const port = readNumberOption(given.port, 'port', 0, 'whole');
    if (port > 65_535) throw new InvalidOptionsError('port', 'must be from 0 to 65535');
    if (!isLoopbackHost(host) && (!allowRemote || localClientSecret === undefined)) {
      throw new InvalidOptionsError(
        'host',
        'listening on an address other than loopback needs allowRemote: true and a localClientSecret',
      );
    }
    listen = { kind: 'tcp', host, port };
  }
  return {
    grant,
    sourceOptions,
    listen,
    client: localClient(localClientId, localClientSecret ?? grant.clientSecret.reveal()),
    separateLocalSecret: localClientSecret !== undefined,
    drainTimeoutMs: readNumberOption(given.drainTimeoutMs, 'drainTimeoutMs', 30_000, 'timeout'),
  };
}

function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new InvalidOptionsError(name, 'must be a non-empty string');
  }
  return value;
}
