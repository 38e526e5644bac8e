import { thrownBy } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { createAuthorizedFetch } from '../../src/call/authorized-fetch.js';
import { readOptionsObject } from '../../src/shared/options.js';
import { clientCredentials } from '../../src/token-endpoint/client-credentials.js';
import { createTokenSource } from '../../src/token-source/token-source.js';

const SECRET = 'sup3r-s3cret-value';
const grant = clientCredentials({
  tokenUrl: 'http://127.0.0.1:9/connect/token',
  clientId: 'client',
  clientSecret: SECRET,
});

function expectRejected(error: unknown, option: string, suggestion?: string): void {
  expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option });
  const message = (error as Error).message;
  if (suggestion !== undefined) expect(message).toContain(`did you mean "${suggestion}"`);
  expect(message).not.toContain(SECRET);
  expect(JSON.stringify(error)).not.toContain(SECRET);
}

describe('unknown option keys (issue 8)', () => {
  it('baseURL on the authorized fetch throws at creation, naming baseUrl', () => {
    const source = createTokenSource(grant);
    expectRejected(
      thrownBy(() => createAuthorizedFetch(source, { baseURL: 'https://api.example' } as never)),
      'baseURL',
      'baseUrl',
    );
    source.close();
  });

  it('apiBaseUrl (the old preset field) throws at creation, naming baseUrl', () => {
    const source = createTokenSource(grant);
    expectRejected(
      thrownBy(() => createAuthorizedFetch(source, { apiBaseUrl: 'https://api.example' } as never)),
      'apiBaseUrl',
      'baseUrl',
    );
    source.close();
  });

  it('renewal.maxEarlyMS throws at creation, naming renewal.maxEarlyMs', () => {
    expectRejected(
      thrownBy(() => createTokenSource(grant, { renewal: { maxEarlyMS: 1 } } as never)),
      'renewal.maxEarlyMS',
      'renewal.maxEarlyMs',
    );
  });

  it('a key of another form says why it does nothing there', () => {
    const source = createTokenSource(grant);
    const error = thrownBy(() =>
      createAuthorizedFetch(source, { baseUrl: 'https://a.example', logger: console } as never),
    );
    expectRejected(error, 'logger');
    expect((error as Error).message).toContain('does nothing here');
    source.close();
  });

  it('never echoes a secret put where a key belongs', () => {
    const error = thrownBy(() =>
      readOptionsObject({ [SECRET]: true }, 'options', { known: ['baseUrl'] }),
    );
    expect((error as Error).message).not.toContain(SECRET);
    expect((error as Error).message).toContain(`a key of ${SECRET.length} characters`);
  });

  it('lists the known keys when none is close', () => {
    const error = thrownBy(() =>
      readOptionsObject({ zzz: 1 }, 'retry', { known: ['attempts', 'baseDelayMs'] }),
    );
    expect(error).toMatchObject({ option: 'retry.zzz' });
    expect((error as Error).message).toContain('known: attempts, baseDelayMs');
  });

  it('rejects a non-object, describing its type only', () => {
    const error = thrownBy(() => readOptionsObject(SECRET, 'options', { known: [] }));
    expect((error as Error).message).toContain('got a string');
    expect((error as Error).message).not.toContain(SECRET);
  });
});
