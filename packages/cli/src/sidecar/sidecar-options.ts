import {
  type ClientCredentialsGrant,
  type ClientCredentialsOptions,
  type CloudTokenOptions,
  clientCredentials,
  InvalidOptionsError,
  type TokenSourceOptions,
} from '@cloud-token/core';
import {
  booleanRule,
  clientCredentialsSchema,
  cloudTokenSchema,
  numberRule,
  optionsSchema,
  stringRule,
  tokenSourceSchema,
} from '@cloud-token/core/adapter';
import { isLoopbackHost } from '@cloud-token/core/node';
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

/** The sidecar's own options, besides the credentials and the token source's. */
export type SidecarOwnOptions = Omit<SidecarOptions, keyof CloudTokenOptions>;

const textRule = stringRule(undefined, /^[\s\S]/, 'a non-empty string');

/** A rule for each of the sidecar's own options: one added to {@link SidecarOptions} and forgotten here is a compile error. */
const sidecarOwnSchema = optionsSchema<SidecarOwnOptions>()({
  host: textRule,
  port: (value, path) => {
    const port = numberRule('whole', 0)(value, path);
    if (port > 65_535) throw new InvalidOptionsError(path, 'must be from 0 to 65535');
    return port;
  },
  socket: textRule,
  allowRemote: booleanRule(false),
  localClientId: textRule,
  localClientSecret: textRule,
  drainTimeoutMs: numberRule('timeout', 30_000),
});

/**
 * The schema of {@link SidecarOptions}: the credentials' and the token
 * source's tables (the core's `cloudTokenSchema`) and the sidecar's own,
 * read from own properties only, once.
 */
export const sidecarSchema = optionsSchema<SidecarOptions>()(
  { ...cloudTokenSchema.rules, ...sidecarOwnSchema.rules },
  { elsewhere: { allowedOrigins: "the sidecar sends the token to its baseUrl's origin only" } },
);

/** Where a sidecar listens. */
export type SidecarListen =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'socket'; readonly path: string };

/** The checked options of a sidecar. */
export interface ResolvedSidecarOptions {
  readonly grant: ClientCredentialsGrant;
  /** The token source's options, read (defaults filled in): `createTokenSource()` does not read them again. */
  readonly sourceOptions: ReturnType<typeof tokenSourceSchema.read>;
  readonly listen: SidecarListen;
  /** Who may ask the token facade for the token. */
  readonly client: LocalClient;
  /** Whether local clients have their own secret (which lifts the Host rule and guards the proxy). */
  readonly separateLocalSecret: boolean;
  readonly drainTimeoutMs: number;
}

/**
 * Checks every option of a sidecar at once (`InvalidOptionsError` naming
 * it, never echoing a value), reading each own value once through
 * {@link sidecarSchema}: the credentials through `clientCredentials()`, the
 * token source's options through its schema (`keepWarm` on unless turned
 * off), and the listening rules.
 */
export function resolveSidecarOptions(options: SidecarOptions): ResolvedSidecarOptions {
  const values = sidecarSchema.take(options);
  const grant = clientCredentials(clientCredentialsSchema.pick(values));
  const sourceOptions = tokenSourceSchema.read({
    keepWarm: true,
    ...tokenSourceSchema.pick(values),
  });
  const own = sidecarOwnSchema.resolve(values);
  let listen: SidecarListen;
  if (own.socket !== undefined) {
    if (own.host !== undefined || values.port !== undefined) {
      throw new InvalidOptionsError('socket', 'give a socket, or a host and a port, not both');
    }
    listen = { kind: 'socket', path: own.socket };
  } else {
    const host = own.host ?? '127.0.0.1';
    if (!isLoopbackHost(host) && (!own.allowRemote || own.localClientSecret === undefined)) {
      throw new InvalidOptionsError(
        'host',
        'listening on an address other than loopback needs allowRemote: true and a localClientSecret',
      );
    }
    listen = { kind: 'tcp', host, port: own.port };
  }
  return {
    grant,
    sourceOptions,
    listen,
    client: localClient(
      own.localClientId ?? grant.clientId,
      own.localClientSecret ?? grant.clientSecret.reveal(),
    ),
    separateLocalSecret: own.localClientSecret !== undefined,
    drainTimeoutMs: own.drainTimeoutMs,
  };
}
