import { clientCredentials, createTokenSource } from '@cloud-token/core';
import { createRequestForwarder } from '@cloud-token/core/node';
import { describe, expect, it } from 'vitest';

const credentials = {
  tokenUrl: 'https://id.example.com/connect/token',
  clientId: 'client',
  clientSecret: 'top-secret-value',
};

function thrownBy(create: () => unknown): Error & { code?: string; option?: string } {
  try {
    create();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('createRequestForwarder() options', () => {
  it('rejects an unknown key with the closest known one, never echoing the secret', () => {
    const error = thrownBy(() =>
      createRequestForwarder({
        target: 'https://api.example.com/v4.0',
        ...credentials,
        maxBufferedBodyByte: 10,
      } as never),
    );
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: 'maxBufferedBodyByte' });
    expect(error.message).toContain('did you mean "maxBufferedBodyBytes"?');
    expect(error.message).not.toContain('top-secret-value');
  });

  it('says why a token-source option next to "source" does nothing', () => {
    const source = createTokenSource(clientCredentials(credentials));
    try {
      const error = thrownBy(() =>
        createRequestForwarder({
          target: 'https://api.example.com/v4.0',
          source,
          logger: console,
        } as never),
      );
      expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: 'logger' });
      expect(error.message).toContain('does nothing here');
    } finally {
      source.close();
    }
  });

  it('accepts a preset spread with the credentials', () => {
    const forwarder = createRequestForwarder({
      target: 'https://api.example.com/v4.0',
      ...credentials,
      baseUrl: 'https://api.example.com/v4.0',
      timeoutMs: 5_000,
    });
    forwarder.close();
  });
});
