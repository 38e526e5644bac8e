import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, {
  type ClientAuthMethod,
  type ClientMetadata,
  type Configuration,
} from 'oidc-provider';
import { listenOnLoopback } from './listen-on-loopback.js';
import { MemoryAdapter } from './memory-adapter.js';

/**
 * A client secret with characters that need form-urlencoding (RFC 6749
 * §2.3.1) before Basic encoding: a space, `+`, `%`, `:`, `&`, `=`, quotes and
 * a backslash. oidc-provider accepts only VSCHAR secrets (printable ASCII,
 * RFC 6749 Appendix A), so non-ASCII secrets are covered against the emulator.
 */
export const CLIENT_SECRET = 'p $$+&=%:/?#[]@!~*()\'"\\;,';

/** The clients registered on the server; each may ask for `read` and `write`. */
export const CLIENTS = {
  /** Authenticates with HTTP Basic. */
  basic: 'interop-basic',
  /** Authenticates with `client_id` and `client_secret` in the form body. */
  post: 'interop-post',
  /** Registered for `client_secret_jwt`: Basic and form-body authentication are disallowed. */
  jwtOnly: 'interop-jwt-only',
} as const;

/** The scopes the clients may ask for. */
export const SCOPES = ['read', 'write'] as const;

/** A scope the server knows but no client may have. */
export const FORBIDDEN_SCOPE = 'admin';

/** The resource (audience) a token is for when the request names none. */
export const DEFAULT_RESOURCE = 'https://default.interop.test/';

/** The resource the test API serves: a token must name it in `aud` (RFC 8707). */
export const API_RESOURCE = 'https://api.interop.test/';

/** One request to the token endpoint, as the server saw it. */
export interface TokenRequestRecord {
  /** `basic` when an Authorization header carried the credentials, else `body`. */
  credentialsIn: 'basic' | 'body';
  /** The HTTP status the server answered. */
  status: number;
}

/** oidc-provider on loopback, issuing JWT access tokens for the client_credentials grant. */
export interface AuthorizationServer {
  /** The issuer, `http://127.0.0.1:<port>`. */
  issuer: string;
  /** `<issuer>/connect/token`. */
  tokenUrl: string;
  /** Where the signing keys are published. */
  jwksUrl: string;
  /** Every request to the token endpoint so far, oldest first. */
  readonly tokenRequests: readonly TokenRequestRecord[];
  /**
   * Replaces the signing key and publishes only the new one, as after a key
   * compromise: every token issued before no longer verifies.
   */
  rotateKeys(): Promise<void>;
  close(): Promise<void>;
}

/** How the server is configured. */
export interface AuthorizationServerOptions {
  /** Access token lifetime in seconds; default 300. */
  accessTokenTtlSeconds?: number;
}

async function signingKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

function client(clientId: string, method: ClientAuthMethod): ClientMetadata {
  return {
    client_id: clientId,
    client_secret: CLIENT_SECRET,
    token_endpoint_auth_method: method,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: SCOPES.join(' '),
  };
}

function configuration(key: JWK, ttlSeconds: number): Configuration {
  return {
    clients: [
      client(CLIENTS.basic, 'client_secret_basic'),
      client(CLIENTS.post, 'client_secret_post'),
      client(CLIENTS.jwtOnly, 'client_secret_jwt'),
    ],
    routes: { token: '/connect/token' },
    jwks: { keys: [key] },
    scopes: [...SCOPES, FORBIDDEN_SCOPE],
    adapter: MemoryAdapter,
    ttl: { ClientCredentials: ttlSeconds },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Resource indicators (RFC 8707) are how oidc-provider issues JWT access tokens.
      resourceIndicators: {
        enabled: true,
        defaultResource: () => DEFAULT_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => ({
          audience: resource,
          scope: SCOPES.join(' '),
          accessTokenTTL: ttlSeconds,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  };
}

/**
 * Starts oidc-provider on 127.0.0.1 with the client_credentials grant at
 * `/connect/token`, JWT access tokens, and the clients in {@link CLIENTS}.
 *
 * @example
 * ```ts
 * const server = await startAuthorizationServer({ accessTokenTtlSeconds: 3 });
 * server.tokenUrl; // http://127.0.0.1:<port>/connect/token
 * await server.close();
 * ```
 */
export async function startAuthorizationServer(
  options: AuthorizationServerOptions = {},
): Promise<AuthorizationServer> {
  const ttlSeconds = options.accessTokenTtlSeconds ?? 300;
  const tokenRequests: TokenRequestRecord[] = [];
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = await listenOnLoopback((req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/connect/token') === true) {
      const credentialsIn = req.headers.authorization === undefined ? 'body' : 'basic';
      res.once('finish', () => tokenRequests.push({ credentialsIn, status: res.statusCode }));
    }
    handle(req, res);
  });
  let generation = 0;
  const provide = async (): Promise<void> => {
    generation += 1;
    const provider = new Provider(
      server.origin,
      configuration(await signingKey(`key-${generation}`), ttlSeconds),
    );
    handle = provider.callback();
  };
  await provide();
  return {
    issuer: server.origin,
    tokenUrl: `${server.origin}/connect/token`,
    jwksUrl: `${server.origin}/jwks`,
    tokenRequests,
    rotateKeys: provide,
    close: server.close,
  };
}
