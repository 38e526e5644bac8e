import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isCloudTokenError } from '../../src/shared/errors.js';
import {
  accessTokenFromExternalAnswer,
  type ExternalTokenProvider,
  externalToken,
} from '../../src/token-endpoint/external-token.js';
import {
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  MAX_TOKEN_LIFETIME_SECONDS,
} from '../../src/token-endpoint/token-answer.js';
import { unsignedJwt } from '../support/unsigned-jwt.js';

const obtainedAt = Date.UTC(2030, 0, 1);

describe('externalToken', () => {
  it('serves a fixed token', async () => {
    const grant = externalToken('fixed-token');
    expect(grant.kind).toBe('external');
    expect(await grant.provide({ signal: new AbortController().signal })).toBe('fixed-token');
    expect(Object.isFrozen(grant)).toBe(true);
  });

  it('fingerprints a fixed token in its identity', () => {
    const grant = externalToken('fixed-token-value');
    expect(grant.identity).toMatch(/^external:token:[0-9a-f]{16}$/);
    expect(grant.identity).not.toContain('fixed-token-value');
    expect(externalToken('fixed-token-value').identity).toBe(grant.identity);
    expect(externalToken('another-token').identity).not.toBe(grant.identity);
    expect(inspect(grant, { depth: Number.POSITIVE_INFINITY })).not.toContain('fixed-token-value');
  });

  it('calls a provider with the signal, each time a token is needed', async () => {
    const signals: AbortSignal[] = [];
    const grant = externalToken(({ signal }) => {
      signals.push(signal);
      return { accessToken: `token-${signals.length}`, expiresIn: 60 };
    });
    const [first, second] = [new AbortController().signal, new AbortController().signal];
    expect(await grant.provide({ signal: first })).toEqual({
      accessToken: 'token-1',
      expiresIn: 60,
    });
    expect(await grant.provide({ signal: second })).toEqual({
      accessToken: 'token-2',
      expiresIn: 60,
    });
    expect(signals).toHaveLength(2);
    expect(signals[0]).toBe(first);
    expect(signals[1]).toBe(second);
  });

  it('turns a provider that throws synchronously into a rejection', async () => {
    const grant = externalToken(() => {
      throw new Error('vault down');
    });
    await expect(grant.provide({ signal: new AbortController().signal })).rejects.toThrow(
      'vault down',
    );
  });

  it('gives one provider one identity, and two providers two', () => {
    const provider: ExternalTokenProvider = async () => 'token';
    expect(externalToken(provider).identity).toBe(externalToken(provider).identity);
    expect(externalToken(async () => 'token').identity).not.toBe(externalToken(provider).identity);
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['an empty string', ''],
    ['a number', 42],
    ['an object', { accessToken: 't' }],
  ])('refuses %s with ERR_INVALID_OPTIONS', (_, value) => {
    try {
      externalToken(value as string);
      expect.unreachable();
    } catch (error) {
      expect(isCloudTokenError(error, 'ERR_INVALID_OPTIONS')).toBe(true);
      expect((error as { option: string }).option).toBe('tokenOrProvider');
    }
  });

  it('refuses a fixed token a header cannot carry, and hints at a Bearer prefix, never echoing it', () => {
    for (const [token, hint] of [
      ['Bearer abc.def', /without the "Bearer " prefix/],
      ['abc\n', /visible ASCII/],
      ['ä-token', /visible ASCII/],
    ] as const) {
      try {
        externalToken(token);
        expect.unreachable();
      } catch (error) {
        expect(isCloudTokenError(error, 'ERR_INVALID_OPTIONS')).toBe(true);
        expect((error as Error).message).toMatch(hint);
        expect((error as Error).message).not.toContain(token.trim());
      }
    }
  });
});

describe('accessTokenFromExternalAnswer', () => {
  it('prefers expiresAt (epoch ms or Date) over expiresIn', () => {
    expect(
      accessTokenFromExternalAnswer(
        { accessToken: 't', expiresAt: obtainedAt + 5000, expiresIn: 60 },
        obtainedAt,
      ).expiresAt,
    ).toBe(obtainedAt + 5000);
    expect(
      accessTokenFromExternalAnswer(
        { accessToken: 't', expiresAt: new Date(obtainedAt + 7000) },
        obtainedAt,
      ).expiresAt,
    ).toBe(obtainedAt + 7000);
  });

  it('uses expiresIn seconds next', () => {
    const token = accessTokenFromExternalAnswer({ accessToken: 't', expiresIn: 60 }, obtainedAt);
    expect(token.value).toBe('t');
    expect(token.expiresAt).toBe(obtainedAt + 60_000);
    expect(token.obtainedAt).toBe(obtainedAt);
  });

  it('uses the JWT exp next, for a bare string or an object', () => {
    const jwt = unsignedJwt({ exp: obtainedAt / 1000 + 900 });
    expect(accessTokenFromExternalAnswer(jwt, obtainedAt).expiresAt).toBe(obtainedAt + 900_000);
    expect(accessTokenFromExternalAnswer({ accessToken: jwt }, obtainedAt).expiresAt).toBe(
      obtainedAt + 900_000,
    );
  });

  it('uses the default lifetime last', () => {
    expect(accessTokenFromExternalAnswer('opaque', obtainedAt).expiresAt).toBe(
      obtainedAt + DEFAULT_TOKEN_LIFETIME_SECONDS * 1000,
    );
  });

  it('clamps to a year', () => {
    expect(
      accessTokenFromExternalAnswer({ accessToken: 't', expiresIn: 1e12 }, obtainedAt).expiresAt,
    ).toBe(obtainedAt + MAX_TOKEN_LIFETIME_SECONDS * 1000);
  });

  it.each([
    ['undefined', undefined, /no token/],
    ['a number', 42, /no token/],
    ['an empty string', '', /no token/],
    ['an object without accessToken', { token: 't' }, /no token/],
    ['a token with a space', { accessToken: 'a b' }, /cannot carry/],
    ['a zero expiresIn', { accessToken: 't', expiresIn: 0 }, /expiresIn/],
    ['a string expiresIn', { accessToken: 't', expiresIn: '60' }, /expiresIn/],
    ['a NaN expiresIn', { accessToken: 't', expiresIn: Number.NaN }, /expiresIn/],
    ['a string expiresAt', { accessToken: 't', expiresAt: '2030-01-02' }, /expiresAt/],
    ['an invalid Date', { accessToken: 't', expiresAt: new Date('nope') }, /expiresAt/],
    [
      'an expiresAt in the past',
      { accessToken: 't', expiresAt: obtainedAt - 1 },
      /already expired/,
    ],
    ['an expired JWT', unsignedJwt({ exp: obtainedAt / 1000 - 10 }), /already expired/],
  ])('refuses %s with ERR_TOKEN_RESPONSE', (_, answer, message) => {
    try {
      accessTokenFromExternalAnswer(answer, obtainedAt);
      expect.unreachable();
    } catch (error) {
      expect(isCloudTokenError(error, 'ERR_TOKEN_RESPONSE')).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });
});
