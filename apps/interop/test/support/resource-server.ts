import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { listenOnLoopback } from './listen-on-loopback.js';

/** What the resource server answers for a request with a valid token. */
export interface ResourceAnswer {
  method: string;
  path: string;
  /** The request body, as text. */
  body: string;
  /** The verified token's claims. */
  claims: JWTPayload & { client_id?: string; scope?: string };
}

/** One request the resource server received. */
export interface ResourceRequestRecord {
  status: number;
  /** The `jti` of the token the request carried, if it verified. */
  jti: string | undefined;
}

/** A plain node:http API that accepts only tokens that verify against the issuer's JWKS. */
export interface ResourceServer {
  /** `http://127.0.0.1:<port>/`. */
  url: string;
  /** Every request so far, oldest first. */
  readonly requests: readonly ResourceRequestRecord[];
  close(): Promise<void>;
}

/** Where the tokens come from and whom they must be for. */
export interface ResourceServerOptions {
  issuer: string;
  jwksUrl: string;
  /** The `aud` every token must carry. */
  audience: string;
}

async function readBody(req: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts a resource server on 127.0.0.1 that verifies each bearer token with
 * `jose` (RS256 signature against the issuer's current JWKS, `iss`, `aud`,
 * `exp`, type `at+jwt`, RFC 9068). A token that does not verify gets 401 with
 * `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3); a verified
 * one gets 200 with its claims echoed back as JSON.
 *
 * @example
 * ```ts
 * const api = await startResourceServer({ issuer, jwksUrl, audience: DEFAULT_RESOURCE });
 * await fetch(`${api.url}data`, { headers: { authorization: `Bearer ${token}` } });
 * ```
 */
export async function startResourceServer(options: ResourceServerOptions): Promise<ResourceServer> {
  // Always fetched afresh: a rotated key must be seen at once, and an old one refused at once.
  const keys = createRemoteJWKSet(new URL(options.jwksUrl), {
    cacheMaxAge: 0,
    cooldownDuration: 0,
  });
  const requests: ResourceRequestRecord[] = [];
  const server = await listenOnLoopback((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      const claims =
        bearer === undefined
          ? undefined
          : await jwtVerify(bearer, keys, {
              issuer: options.issuer,
              audience: options.audience,
              typ: 'at+jwt',
              algorithms: ['RS256'],
            }).then(
              ({ payload }) => payload,
              () => undefined,
            );
      if (claims === undefined) {
        requests.push({ status: 401, jti: undefined });
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
        return;
      }
      requests.push({ status: 200, jti: claims.jti });
      const answer: ResourceAnswer = {
        method: req.method ?? '',
        path: req.url ?? '',
        body,
        claims,
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    })().catch(() => {
      res.writeHead(500).end();
    });
  });
  return { url: `${server.origin}/`, requests, close: server.close };
}
