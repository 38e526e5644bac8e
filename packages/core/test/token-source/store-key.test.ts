import { inspect } from 'node:util';
import { clientCredentials, externalToken } from '@cloud-token/core';
import { credentialStoreKey, shortStoreKey } from '@cloud-token/core/store';
import { describe, expect, it } from 'vitest';
import { runScript } from '../support/run-script.js';

const credentials = {
  TOKEN_URL: 'https://id.example.test/connect/token',
  CLIENT_ID: 'fleet-client',
  CLIENT_SECRET: 'fleet-secret-6f1c9d',
};

async function keyInChildProcess(env: Record<string, string>): Promise<string> {
  const outcome = await runScript('print-store-key.ts', env);
  expect(outcome.code, outcome.stderr).toBe(0);
  return outcome.stdout.trim();
}

describe('the store key', () => {
  it('is the same in two processes for the same credentials, and differs for another secret, scope or token URL', async () => {
    const [first, second, otherSecret, otherScope, otherUrl] = await Promise.all([
      keyInChildProcess(credentials),
      keyInChildProcess(credentials),
      keyInChildProcess({ ...credentials, CLIENT_SECRET: 'another-secret' }),
      keyInChildProcess({ ...credentials, SCOPE: 'api.read' }),
      keyInChildProcess({ ...credentials, TOKEN_URL: 'https://id.example.test/oauth/token' }),
    ]);
    expect(first).toMatch(/^cc1:[0-9a-f]{64}$/);
    expect(second).toBe(first);
    // This process computes it too, although its per-process identity key differs.
    const here = clientCredentials({
      tokenUrl: credentials.TOKEN_URL,
      clientId: credentials.CLIENT_ID,
      clientSecret: credentials.CLIENT_SECRET,
    });
    expect(here.storeKey).toBe(first);
    expect(new Set([first, otherSecret, otherScope, otherUrl]).size).toBe(4);
  }, 60_000);

  it('differs for another client id, auth method or resource, and never shows the secret', () => {
    const base = {
      tokenUrl: 'https://id.example.test/connect/token',
      clientId: 'a',
      clientSecret: 'the-secret-value',
      authMethod: 'client_secret_post',
      scope: undefined,
      resource: [] as string[],
    };
    const keys = [
      credentialStoreKey(base),
      credentialStoreKey({ ...base, clientId: 'b' }),
      credentialStoreKey({ ...base, authMethod: 'client_secret_basic' }),
      credentialStoreKey({ ...base, resource: ['https://api.example.test/'] }),
      // Parts are not simply concatenated: moving a character between them changes the key.
      credentialStoreKey({ ...base, clientId: 'a', scope: 'x' }),
      credentialStoreKey({ ...base, clientId: 'ax', scope: undefined }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).not.toContain('the-secret-value');
    const grant = clientCredentials({ ...base, authMethod: 'client_secret_post' });
    expect(inspect(grant)).not.toContain('the-secret-value');
  });

  it('has a short form for log lines', () => {
    const key = credentialStoreKey({
      tokenUrl: 'https://id.example.test/connect/token',
      clientId: 'a',
      clientSecret: 's',
      authMethod: 'client_secret_post',
      scope: undefined,
      resource: [],
    });
    expect(shortStoreKey(key)).toBe(key.slice(4, 16));
    expect(shortStoreKey(key)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('is per process for external tokens and never contains the token', () => {
    const fixed = externalToken('external-token-value');
    expect(fixed.storeKey).toMatch(/^ext1:[0-9a-f]{16}$/);
    expect(fixed.storeKey).not.toContain('external-token-value');
    expect(externalToken('external-token-value').storeKey).toBe(fixed.storeKey);
    const provider = async () => 'x';
    expect(externalToken(provider).storeKey).toBe(externalToken(provider).storeKey);
    expect(externalToken(async () => 'x').storeKey).not.toBe(externalToken(provider).storeKey);
  });
});
