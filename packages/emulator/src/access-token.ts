import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from './context.js';
import type { VerifyFailure } from './signing-key.js';

/** What a token request asked for, once the client is known. */
export interface TokenGrant {
  clientId: string;
  scope: string;
  /** RFC 8707 `resource`: added to the token's audience. */
  resource: string | undefined;
}

/** The RFC 6749 §5.1 answer body. */
export interface TokenAnswer {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
}

/** The claims of a token that passed {@link verifyAccessToken}. */
export interface VerifiedToken {
  clientId: string;
  jti: string;
}

/**
 * Signs a token the way IdentityServer shapes it. `expires_in` is the real
 * cloud's lifetime; `exp` is when the emulator stops accepting the token,
 * i.e. the lifetime times `timeScale`, kept to the millisecond (RFC 7519
 * allows a fractional NumericDate) so short scaled lifetimes stay exact.
 */
export async function issueAccessToken(
  context: EmulatorContext,
  grant: TokenGrant,
): Promise<TokenAnswer> {
  const issuedAt = context.clock.now();
  const lifetimeMs = context.clock.scale(context.tokenTtlSeconds * 1000);
  const notBefore = Math.floor(issuedAt / 1000);
  const accessToken = await context.keys.sign({
    iss: context.issuer,
    aud: grant.resource === undefined ? context.audience : [context.audience, grant.resource],
    client_id: grant.clientId,
    scope: grant.scope,
    nbf: notBefore,
    iat: notBefore,
    exp: Math.round(issuedAt + lifetimeMs) / 1000,
    jti: randomUUID(),
  });
  return {
    access_token: accessToken,
    expires_in: context.tokenTtlSeconds,
    token_type: 'Bearer',
    scope: grant.scope,
  };
}

/** Checks signature, issuer, audience and lifetime against the emulator's clock. */
export async function verifyAccessToken(
  context: EmulatorContext,
  token: string,
): Promise<{ ok: true; token: VerifiedToken } | { ok: false; failure: VerifyFailure }> {
  const now = context.clock.now();
  const outcome = await context.keys.verify(token, {
    issuer: context.issuer,
    audience: context.audience,
    currentDate: new Date(now),
    requiredClaims: ['exp', 'jti', 'client_id'],
  });
  if (!outcome.ok) return outcome;
  const { exp, jti, client_id: clientId } = outcome.payload;
  // jose compares whole seconds; scaled lifetimes need the milliseconds too.
  if (typeof exp === 'number' && exp * 1000 <= now) return { ok: false, failure: 'expired' };
  if (typeof jti !== 'string' || typeof clientId !== 'string') {
    return { ok: false, failure: 'invalid' };
  }
  return { ok: true, token: { clientId, jti } };
}
