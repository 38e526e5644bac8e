import { describe, expect, it } from 'vitest';
import { isCloudTokenError } from '../../src/shared/errors.js';
import {
  DEFAULT_MAX_TOKEN_RESPONSE_BYTES,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  isBearerTokenValue,
  MAX_TOKEN_LIFETIME_SECONDS,
  parseJsonObject,
  resolveExpiresAt,
  tokenFromAnswer,
} from '../../src/token-endpoint/token-answer.js';
import { unsignedJwt } from '../support/unsigned-jwt.js';

const obtainedAt = Date.UTC(2030, 0, 1);
const json = 'application/json; charset=utf-8';

function answer(body: unknown, contentType: string | null = json, status = 200) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, contentType, text };
}

function responseError(run: () => unknown): { message: string; upstreamStatus?: number } {
  try {
    run();
  } catch (error) {
    expect(isCloudTokenError(error, 'ERR_TOKEN_RESPONSE')).toBe(true);
    return error as { message: string; upstreamStatus?: number };
  }
  throw new Error('expected a TokenResponseError');
}

describe('the documented defaults', () => {
  it('are 5 minutes, 1 year and 64 KiB', () => {
    expect(DEFAULT_TOKEN_LIFETIME_SECONDS).toBe(300);
    expect(MAX_TOKEN_LIFETIME_SECONDS).toBe(31_536_000);
    expect(DEFAULT_MAX_TOKEN_RESPONSE_BYTES).toBe(65_536);
  });
});

describe('tokenFromAnswer', () => {
  it('turns an RFC 6749 §5.1 answer into a token', () => {
    const token = tokenFromAnswer(
      answer({ access_token: 'abc.def.ghi', token_type: 'Bearer', expires_in: 86400 }),
      obtainedAt,
    );
    expect(token.value).toBe('abc.def.ghi');
    expect(token.type).toBe('Bearer');
    expect(token.obtainedAt).toBe(obtainedAt);
    expect(token.expiresAt).toBe(obtainedAt + 86_400_000);
  });

  it('accepts bearer in any case, a numeric string expires_in, and extra fields', () => {
    const token = tokenFromAnswer(
      answer({ access_token: 't', token_type: 'bEaReR', expires_in: ' 3600 ', scope: 'a b' }),
      obtainedAt,
    );
    expect(token.type).toBe('Bearer');
    expect(token.expiresAt).toBe(obtainedAt + 3_600_000);
  });

  it('tries JSON whatever the media type says', () => {
    const token = tokenFromAnswer(
      answer({ access_token: 't', token_type: 'Bearer', expires_in: 60 }, 'text/plain'),
      obtainedAt,
    );
    expect(token.expiresAt).toBe(obtainedAt + 60_000);
  });

  it.each([
    ['ten years', '315360000'],
    ['a huge numeric string', '"99999999999"'],
    ['infinite', '1e999'],
  ])('clamps an absurd expires_in (%s) to one year', (_, expiresIn) => {
    const text = `{"access_token":"t","token_type":"Bearer","expires_in":${expiresIn}}`;
    const token = tokenFromAnswer(answer(text), obtainedAt);
    expect(token.expiresAt).toBe(obtainedAt + MAX_TOKEN_LIFETIME_SECONDS * 1000);
  });

  it('without expires_in, uses the JWT exp', () => {
    const exp = obtainedAt / 1000 + 1800;
    const token = tokenFromAnswer(
      answer({ access_token: unsignedJwt({ exp }), token_type: 'Bearer' }),
      obtainedAt,
    );
    expect(token.expiresAt).toBe(exp * 1000);
  });

  it('without expires_in or a readable exp, uses the default lifetime', () => {
    const token = tokenFromAnswer(
      answer({ access_token: 'opaque', token_type: 'Bearer' }),
      obtainedAt,
    );
    expect(token.expiresAt).toBe(obtainedAt + DEFAULT_TOKEN_LIFETIME_SECONDS * 1000);
  });

  it('refuses a JWT whose exp has passed when there is no expires_in', () => {
    const expired = unsignedJwt({ exp: obtainedAt / 1000 - 1 });
    const error = responseError(() =>
      tokenFromAnswer(answer({ access_token: expired, token_type: 'Bearer' }), obtainedAt),
    );
    expect(error.message).toMatch(/exp claim has already passed/);
    expect(error.message).not.toContain(expired);
  });

  it.each([
    ['zero', 0],
    ['negative', -60],
    ['a negative string', '-60'],
    ['a non-numeric string', 'soon'],
    ['an empty string', ''],
    ['a numeric string with a unit', '60s'],
    ['null', null],
    ['a boolean', true],
    ['an object', { seconds: 60 }],
  ])('refuses an expires_in that is %s', (_, expiresIn) => {
    const error = responseError(() =>
      tokenFromAnswer(
        answer({ access_token: 't', token_type: 'Bearer', expires_in: expiresIn }),
        obtainedAt,
      ),
    );
    expect(error.message).toMatch(/expires_in/);
  });

  it.each([
    ['no access_token', { token_type: 'Bearer', expires_in: 60 }, /without an access_token/],
    [
      'an empty access_token',
      { access_token: '', token_type: 'Bearer' },
      /without an access_token/,
    ],
    [
      'a numeric access_token',
      { access_token: 42, token_type: 'Bearer' },
      /without an access_token/,
    ],
    ['an access_token with a space', { access_token: 'a b', token_type: 'Bearer' }, /cannot carry/],
    [
      'an access_token with a newline',
      { access_token: 'a\nb', token_type: 'Bearer' },
      /cannot carry/,
    ],
    [
      'an access_token with non-ASCII',
      { access_token: 'tökén', token_type: 'Bearer' },
      /cannot carry/,
    ],
    ['no token_type', { access_token: 't', expires_in: 60 }, /without a token_type/],
    ['a MAC token_type', { access_token: 't', token_type: 'mac' }, /other than Bearer/],
    ['a DPoP token_type', { access_token: 't', token_type: 'DPoP' }, /other than Bearer/],
    ['a numeric token_type', { access_token: 't', token_type: 1 }, /other than Bearer/],
  ])('refuses an answer with %s', (_, body, message) => {
    const error = responseError(() => tokenFromAnswer(answer(body), obtainedAt));
    expect(error.message).toMatch(message);
    expect(error.upstreamStatus).toBe(200);
  });

  it.each([
    [
      'HTML',
      '<!DOCTYPE html><html>secret-page</html>',
      'text/html; charset=utf-8',
      /answered 200 with text\/html, not JSON/,
    ],
    ['an empty body', '', json, /empty body/],
    ['whitespace', '  \n ', json, /empty body/],
    ['malformed JSON', '{"access_token": "eyJ', json, /application\/json that is not valid JSON/],
    ['a JSON array', '[{"access_token":"t"}]', json, /JSON that is not an object/],
    ['JSON null', 'null', json, /JSON that is not an object/],
    ['a JSON string', '"t"', json, /JSON that is not an object/],
    ['text without a media type', 'hello', null, /a body that is not JSON/],
    ['text with a garbled media type', 'hello', 'what ever', /a body that is not JSON/],
  ])('refuses %s without echoing it', (_, text, contentType, message) => {
    const error = responseError(() => tokenFromAnswer(answer(text, contentType), obtainedAt));
    expect(error.message).toMatch(message);
    if (text.trim() !== '') expect(error.message).not.toContain(text);
  });
});

describe('resolveExpiresAt', () => {
  it('prefers a known lifetime, clamped to a year', () => {
    expect(resolveExpiresAt('t', obtainedAt, 1000)).toBe(obtainedAt + 1000);
    expect(resolveExpiresAt('t', obtainedAt, Number.POSITIVE_INFINITY)).toBe(
      obtainedAt + MAX_TOKEN_LIFETIME_SECONDS * 1000,
    );
  });

  it('clamps a JWT exp to a year', () => {
    const far = unsignedJwt({ exp: obtainedAt / 1000 + 10 * MAX_TOKEN_LIFETIME_SECONDS });
    expect(resolveExpiresAt(far, obtainedAt)).toBe(obtainedAt + MAX_TOKEN_LIFETIME_SECONDS * 1000);
  });
});

describe('isBearerTokenValue', () => {
  it('accepts visible ASCII only', () => {
    expect(isBearerTokenValue('eyJ0.eyJ1.c2ln')).toBe(true);
    expect(isBearerTokenValue('a+b/c=~_-:')).toBe(true);
    expect(isBearerTokenValue('')).toBe(false);
    expect(isBearerTokenValue(' t')).toBe(false);
    expect(isBearerTokenValue('t\r\n')).toBe(false);
    expect(isBearerTokenValue('ü')).toBe(false);
  });
});

describe('parseJsonObject', () => {
  it('returns objects only, never throws', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonObject('[1]')).toBeUndefined();
    expect(parseJsonObject('null')).toBeUndefined();
    expect(parseJsonObject('1')).toBeUndefined();
    expect(parseJsonObject('{')).toBeUndefined();
    expect(parseJsonObject('')).toBeUndefined();
  });
});
