import { thrownBy } from '@cloud-token/core/testing';
import {
  clientCredentials,
  cloudToken,
  cloudTokenErrorHandler,
  cloudTokenProxy,
  cloudTokenReadiness,
  createTokenSource,
  InvalidOptionsError,
} from '@cloud-token/hono';
import { expect, it } from 'vitest';

const secret = 'hono-s3cret-never-echoed';
// Each call misspells a key, as a JavaScript caller (no type check) may.
const credentials = {
  tokenUrl: 'https://auth.example.test/token',
  clientId: 'id',
  clientSecret: secret,
};

it.each([
  [
    'cloudToken',
    () => cloudToken({ ...credentials, baseURL: 'https://api.example.test/' } as never),
    'baseUrl',
  ],
  [
    'cloudTokenProxy',
    () =>
      cloudTokenProxy({
        ...credentials,
        target: 'https://api.example.test/v4.0',
        maxBufferedBodyByte: 1,
      } as never),
    'maxBufferedBodyBytes',
  ],
  [
    'cloudTokenReadiness',
    () =>
      cloudTokenReadiness(createTokenSource(clientCredentials(credentials)), {
        timeout: 1,
      } as never),
    'timeoutMs',
  ],
  [
    'cloudTokenErrorHandler',
    () => cloudTokenErrorHandler({ problemTYpe: () => 'x' } as never),
    'problemType',
  ],
] as const)(
  '%s checks its options when called: a misspelt key gets a did-you-mean, the secret never shows',
  (_name, make, meant) => {
    const error = thrownBy(make as () => unknown);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).code).toBe('ERR_INVALID_OPTIONS');
    expect(String((error as Error).message)).toContain(meant);
    expect(JSON.stringify(error) + String(error)).not.toContain(secret);
  },
);
