import { describe, expect, it } from 'vitest';
import {
  authenticateClient,
  basicAuthorization,
  formUrlEncode,
  secretForms,
} from '../../src/token-endpoint/client-authentication.js';
import { clientCredentials } from '../../src/token-endpoint/client-credentials.js';

const secret = 'pä$$+&=%:ß✓';

function decodeForm(value: string): string {
  return decodeURIComponent(value.replaceAll('+', ' '));
}

describe('formUrlEncode', () => {
  it('encodes every reserved character and UTF-8', () => {
    expect(formUrlEncode(secret)).toBe('p%C3%A4%24%24%2B%26%3D%25%3A%C3%9F%E2%9C%93');
    expect(formUrlEncode("a b!'()*~")).toBe('a%20b%21%27%28%29%2A%7E');
    expect(formUrlEncode('AZaz09-_.')).toBe('AZaz09-_.');
  });

  it('round-trips through a form decoder', () => {
    for (const value of [secret, 'a b+c', '%%', 'x:y:z', '😀']) {
      expect(decodeForm(formUrlEncode(value))).toBe(value);
      expect(new URLSearchParams(`v=${formUrlEncode(value)}`).get('v')).toBe(value);
    }
  });
});

describe('basicAuthorization', () => {
  it('is Basic base64(formUrlEncode(id):formUrlEncode(secret)) (RFC 6749 §2.3.1)', () => {
    const header = basicAuthorization('my:id', secret);
    expect(header.startsWith('Basic ')).toBe(true);
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    expect(decoded).toBe(`my%3Aid:${formUrlEncode(secret)}`);
    const [id, pass] = decoded.split(':') as [string, string];
    expect(decodeForm(id)).toBe('my:id');
    expect(decodeForm(pass)).toBe(secret);
  });
});

describe('authenticateClient', () => {
  const base = {
    tokenUrl: 'https://id.example/connect/token',
    clientId: 'id',
    clientSecret: secret,
  };

  it('puts id and secret in the body for client_secret_post', () => {
    const form = new URLSearchParams();
    const headers: Record<string, string> = {};
    authenticateClient(clientCredentials(base), form, headers);
    expect(form.get('client_id')).toBe('id');
    expect(form.get('client_secret')).toBe(secret);
    expect(headers).toEqual({});
  });

  it('puts them in a Basic header only for client_secret_basic', () => {
    const form = new URLSearchParams();
    const headers: Record<string, string> = {};
    authenticateClient(
      clientCredentials({ ...base, authMethod: 'client_secret_basic' }),
      form,
      headers,
    );
    expect(form.has('client_secret')).toBe(false);
    expect(form.has('client_id')).toBe(false);
    expect(headers.authorization).toBe(basicAuthorization('id', secret));
  });
});

describe('secretForms', () => {
  it('lists the secret as is, form-encoded both ways, and inside the Basic header', () => {
    const grant = clientCredentials({
      tokenUrl: 'https://id.example/connect/token',
      clientId: 'id',
      clientSecret: 'a b',
    });
    expect(secretForms(grant)).toEqual(
      expect.arrayContaining(['a b', 'a%20b', 'a+b', basicAuthorization('id', 'a b').slice(6)]),
    );
  });
});
