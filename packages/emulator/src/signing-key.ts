import { randomUUID } from 'node:crypto';
import {
  type CryptoKey,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
  SignJWT,
} from 'jose';

const algorithm = 'RS256';

interface KeyEntry {
  /** Known at once, so that a rotation retires the old key synchronously. */
  readonly kid: string;
  readonly pair: Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }>;
}

/** Why a token did not verify. */
export type VerifyFailure = 'malformed' | 'revoked' | 'invalid' | 'expired';

export type VerifyOutcome =
  | { ok: true; payload: JWTPayload }
  | { ok: false; failure: VerifyFailure };

/**
 * The emulator's RS256 signing key. Rotating it is how every token issued so
 * far gets revoked; the retired key ids are remembered only to tell a revoked
 * token from a forged one.
 */
export class SigningKeys {
  #current: KeyEntry = createKeyEntry();
  readonly #retired = new Set<string>();

  /** Resolves once the first key exists (generating RSA keys takes a moment). */
  async ready(): Promise<void> {
    await this.#current.pair;
  }

  rotate(): void {
    this.#retired.add(this.#current.kid);
    this.#current = createKeyEntry();
  }

  async sign(payload: JWTPayload): Promise<string> {
    const { kid, pair } = this.#current;
    const { privateKey } = await pair;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: algorithm, typ: 'at+jwt', kid })
      .sign(privateKey);
  }

  /** Verifies signature and claims; `options.currentDate` is the emulator's clock. */
  async verify(token: string, options: JWTVerifyOptions): Promise<VerifyOutcome> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      return { ok: false, failure: 'malformed' };
    }
    const { kid: currentKid, pair } = this.#current;
    if (kid !== currentKid) {
      return {
        ok: false,
        failure: kid !== undefined && this.#retired.has(kid) ? 'revoked' : 'invalid',
      };
    }
    try {
      const { payload } = await jwtVerify(token, (await pair).publicKey, {
        ...options,
        algorithms: [algorithm],
      });
      return { ok: true, payload };
    } catch (error) {
      const expired = (error as { code?: unknown }).code === 'ERR_JWT_EXPIRED';
      return { ok: false, failure: expired ? 'expired' : 'invalid' };
    }
  }

  /** The public half of the current key, as a JWK Set. */
  async publicJwks(): Promise<{ keys: JWK[] }> {
    const { kid, pair } = this.#current;
    const jwk = await exportJWK((await pair).publicKey);
    return { keys: [{ ...jwk, kid, alg: algorithm, use: 'sig' }] };
  }
}

function createKeyEntry(): KeyEntry {
  return { kid: randomUUID(), pair: generateKeyPair(algorithm, { extractable: true }) };
}
