import { inspect } from 'node:util';
import { thrownBy } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { type InvalidOptionsError, isCloudTokenError } from '../../src/shared/errors.js';
import { clientCredentials } from '../../src/token-endpoint/client-credentials.js';
import type { ClientCredentialsOptions } from '../../src/token-endpoint/client-credentials-options.js';

const secret = 'pä$$+&=%:ß✓';
const valid: ClientCredentialsOptions = {
  tokenUrl: 'https://api.aspose.cloud/connect/token',
  clientId: 'client-id',
  clientSecret: secret,
};

function invalidOption(options: unknown): InvalidOptionsError {
  try {
    clientCredentials(options as ClientCredentialsOptions);
  } catch (error) {
    expect(isCloudTokenError(error, 'ERR_INVALID_OPTIONS')).toBe(true);
    return error as InvalidOptionsError;
  }
  throw new Error('expected an InvalidOptionsError');
}

describe('clientCredentials', () => {
  it('makes a frozen grant with defaults', () => {
    const grant = clientCredentials(valid);
    expect(grant.kind).toBe('client_credentials');
    expect(grant.tokenUrl.href).toBe('https://api.aspose.cloud/connect/token');
    expect(grant.clientId).toBe('client-id');
    expect(grant.clientSecret.reveal()).toBe(secret);
    expect(grant.authMethod).toBe('client_secret_post');
    expect(grant.scope).toBeUndefined();
    expect(grant.resource).toEqual([]);
    expect(Object.isFrozen(grant)).toBe(true);
    expect(Object.isFrozen(grant.resource)).toBe(true);
  });

  it('never shows the secret', () => {
    const grant = clientCredentials(valid);
    expect(inspect(grant, { depth: Number.POSITIVE_INFINITY })).not.toContain(secret);
    expect(JSON.stringify(grant)).not.toContain(secret);
    expect(String(grant.clientSecret)).not.toContain(secret);
    expect(grant.identity).not.toContain(secret);
  });

  it('rejects keys that are not its own, saying where token-source options go (issue 8)', () => {
    const error = thrownBy(() =>
      clientCredentials({ ...valid, timeoutMs: 5_000 } as ClientCredentialsOptions),
    );
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: 'timeoutMs' });
    expect((error as Error).message).toContain('createTokenSource(grant, options)');
    const typo = thrownBy(() =>
      clientCredentials({ ...valid, clientSecrett: 'x' } as ClientCredentialsOptions),
    );
    expect(typo).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: 'clientSecrett' });
    expect((typo as Error).message).toContain('did you mean "clientSecret"');
  });

  it("keeps a preset's baseUrl on the grant, validated", () => {
    expect(
      clientCredentials({ ...valid, baseUrl: 'https://api.aspose.cloud/' }).baseUrl?.href,
    ).toBe('https://api.aspose.cloud/');
    expect(thrownBy(() => clientCredentials({ ...valid, baseUrl: 'not a url' }))).toMatchObject({
      option: 'baseUrl',
    });
  });

  it('accepts a URL object and copies it', () => {
    const url = new URL('https://id.aspose.cloud/connect/token');
    const grant = clientCredentials({ ...valid, tokenUrl: url });
    url.pathname = '/elsewhere';
    expect(grant.tokenUrl.pathname).toBe('/connect/token');
  });

  it('allows http: for loopback hosts', () => {
    for (const tokenUrl of [
      'http://127.0.0.1:8080/connect/token',
      'http://localhost/connect/token',
      'http://[::1]:1234/connect/token',
      'http://emulator.localhost/connect/token',
    ]) {
      expect(clientCredentials({ ...valid, tokenUrl }).tokenUrl.protocol).toBe('http:');
    }
  });

  it('allows http: elsewhere only with the explicit opt-out', () => {
    const grant = clientCredentials({
      ...valid,
      tokenUrl: 'http://identity.internal/connect/token',
      allowInsecureHttp: true,
    });
    expect(grant.tokenUrl.protocol).toBe('http:');
  });

  it('normalises scope: a string or a list, space-joined', () => {
    expect(clientCredentials({ ...valid, scope: 'api.read' }).scope).toBe('api.read');
    expect(clientCredentials({ ...valid, scope: ' api.read   api.write ' }).scope).toBe(
      'api.read api.write',
    );
    expect(clientCredentials({ ...valid, scope: ['api.read', 'api.write'] }).scope).toBe(
      'api.read api.write',
    );
  });

  it('keeps resource indicators as given', () => {
    expect(clientCredentials({ ...valid, resource: 'https://api.aspose.cloud' }).resource).toEqual([
      'https://api.aspose.cloud',
    ]);
    expect(
      clientCredentials({ ...valid, resource: ['https://a.example/', 'urn:example:api'] }).resource,
    ).toEqual(['https://a.example/', 'urn:example:api']);
  });

  it('accepts client_secret_basic', () => {
    expect(clientCredentials({ ...valid, authMethod: 'client_secret_basic' }).authMethod).toBe(
      'client_secret_basic',
    );
  });

  describe('refuses', () => {
    it.each([
      ['no options', undefined, 'options'],
      ['null options', null, 'options'],
      ['a missing clientId', { ...valid, clientId: undefined }, 'clientId'],
      ['an empty clientId', { ...valid, clientId: '' }, 'clientId'],
      ['a numeric clientId', { ...valid, clientId: 42 }, 'clientId'],
      ['a clientId with a newline', { ...valid, clientId: 'id\n' }, 'clientId'],
      ['a missing clientSecret', { ...valid, clientSecret: undefined }, 'clientSecret'],
      ['a null clientSecret', { ...valid, clientSecret: null }, 'clientSecret'],
      ['an empty clientSecret', { ...valid, clientSecret: '' }, 'clientSecret'],
      ['a clientSecret object', { ...valid, clientSecret: { value: secret } }, 'clientSecret'],
      ['a missing tokenUrl', { ...valid, tokenUrl: undefined }, 'tokenUrl'],
      ['an empty tokenUrl', { ...valid, tokenUrl: '' }, 'tokenUrl'],
      ['a relative tokenUrl', { ...valid, tokenUrl: '/connect/token' }, 'tokenUrl'],
      ['a tokenUrl that is not a URL', { ...valid, tokenUrl: 'not a url' }, 'tokenUrl'],
      ['a numeric tokenUrl', { ...valid, tokenUrl: 443 }, 'tokenUrl'],
      [
        'an ftp tokenUrl',
        { ...valid, tokenUrl: 'ftp://api.aspose.cloud/connect/token' },
        'tokenUrl',
      ],
      ['a file tokenUrl', { ...valid, tokenUrl: 'file:///etc/passwd' }, 'tokenUrl'],
      [
        'an http tokenUrl on a public host',
        { ...valid, tokenUrl: 'http://api.aspose.cloud/connect/token' },
        'tokenUrl',
      ],
      [
        'an http tokenUrl with allowInsecureHttp false',
        { ...valid, tokenUrl: 'http://api.aspose.cloud/connect/token', allowInsecureHttp: false },
        'tokenUrl',
      ],
      [
        'a tokenUrl with credentials',
        { ...valid, tokenUrl: 'https://user:pw@api.aspose.cloud/connect/token' },
        'tokenUrl',
      ],
      [
        'a tokenUrl with a user',
        { ...valid, tokenUrl: 'https://user@api.aspose.cloud/connect/token' },
        'tokenUrl',
      ],
      [
        'a tokenUrl with a fragment',
        { ...valid, tokenUrl: 'https://api.aspose.cloud/connect/token#x' },
        'tokenUrl',
      ],
      [
        'a tokenUrl with an empty fragment',
        { ...valid, tokenUrl: 'https://api.aspose.cloud/connect/token#' },
        'tokenUrl',
      ],
      [
        'a non-boolean allowInsecureHttp',
        { ...valid, allowInsecureHttp: 'yes' },
        'allowInsecureHttp',
      ],
      ['an unknown authMethod', { ...valid, authMethod: 'private_key_jwt' }, 'authMethod'],
      ['a null authMethod', { ...valid, authMethod: null }, 'authMethod'],
      ['an empty scope', { ...valid, scope: '' }, 'scope'],
      ['a blank scope', { ...valid, scope: '   ' }, 'scope'],
      ['an empty scope list', { ...valid, scope: [] }, 'scope'],
      ['a numeric scope', { ...valid, scope: 42 }, 'scope'],
      ['a scope list with a number', { ...valid, scope: ['a', 1] }, 'scope'],
      ['a scope with a quote', { ...valid, scope: 'a"b' }, 'scope'],
      ['a scope with a non-ASCII character', { ...valid, scope: 'lesen.ä' }, 'scope'],
      ['a numeric resource', { ...valid, resource: 1 }, 'resource'],
      ['a relative resource', { ...valid, resource: ['/api'] }, 'resource'],
      ['a resource with a fragment', { ...valid, resource: 'https://api.example/#x' }, 'resource'],
      ['an empty resource', { ...valid, resource: '' }, 'resource'],
    ])('%s', (_, options, option) => {
      const error = invalidOption(options);
      expect(error.option).toBe(option);
      expect(error.message).toContain(`"${option}"`);
      expect(error.message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
      expect(inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toContain(secret);
    });

    it('a clientSecret with control characters, without echoing it', () => {
      const error = invalidOption({ ...valid, clientSecret: `${secret}\n` });
      expect(error.option).toBe('clientSecret');
      expect(error.message).toMatch(/control characters/);
      expect(error.message).not.toContain(secret);
    });

    it('a clientSecret with a lone surrogate, without echoing it', () => {
      const error = invalidOption({ ...valid, clientSecret: `${secret}\uD800` });
      expect(error.option).toBe('clientSecret');
      expect(error.message).not.toContain(secret);
    });

    it('a tokenUrl with credentials, without echoing them', () => {
      const error = invalidOption({
        ...valid,
        tokenUrl: 'https://user:hunter2@api.aspose.cloud/t',
      });
      expect(error.message).not.toContain('hunter2');
    });
  });

  describe('identity', () => {
    it('is the same for the same inputs, and secret-free', () => {
      const first = clientCredentials(valid).identity;
      expect(clientCredentials({ ...valid }).identity).toBe(first);
      expect(
        clientCredentials({ ...valid, tokenUrl: new URL(String(valid.tokenUrl)) }).identity,
      ).toBe(first);
      expect(clientCredentials({ ...valid, scope: 'a b' }).identity).toBe(
        clientCredentials({ ...valid, scope: ['a', 'b'] }).identity,
      );
      expect(first).not.toContain(secret);
      expect(first).not.toContain(encodeURIComponent(secret));
    });

    it('changes when any input changes', () => {
      const identities = [
        clientCredentials(valid).identity,
        clientCredentials({ ...valid, tokenUrl: 'https://id.aspose.cloud/connect/token' }).identity,
        clientCredentials({ ...valid, clientId: 'other-id' }).identity,
        clientCredentials({ ...valid, clientSecret: `${secret}x` }).identity,
        clientCredentials({ ...valid, authMethod: 'client_secret_basic' }).identity,
        clientCredentials({ ...valid, scope: 'api.read' }).identity,
        clientCredentials({ ...valid, scope: 'api.write' }).identity,
        clientCredentials({ ...valid, resource: 'https://api.aspose.cloud/' }).identity,
        clientCredentials({ ...valid, resource: ['https://a.example/', 'https://b.example/'] })
          .identity,
      ];
      expect(new Set(identities).size).toBe(identities.length);
    });
  });
});
