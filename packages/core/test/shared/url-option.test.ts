import { invalidOptionOf, thrownBy } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import type { InvalidOptionsError } from '../../src/shared/errors.js';
import {
  allowInsecureHttpRule,
  parseHttpUrlOption,
  parseUrlOption,
  requireSecureTransport,
} from '../../src/shared/url-option.js';

describe('parseUrlOption', () => {
  it('reads an absolute URL of any scheme, from a string or a URL', () => {
    expect(parseUrlOption('urn:example:api', 'resource').href).toBe('urn:example:api');
    expect(parseUrlOption(new URL('https://api.example.test/x'), 'resource').pathname).toBe('/x');
  });

  it.each([
    ['not a string or URL', 42],
    ['a relative URL', '/api'],
    ['credentials', 'https://user:pa55word@api.example.test/'],
    ['a user alone', 'https://user@api.example.test/'],
  ])('refuses %s, naming the option and never echoing the value', (_, value) => {
    const parse = () => parseUrlOption(value, 'resource');
    expect(invalidOptionOf(parse)).toBe('resource');
    expect((thrownBy(parse) as InvalidOptionsError).message).not.toContain('pa55word');
  });
});

describe('parseHttpUrlOption', () => {
  it('reads http: and https: URLs', () => {
    expect(parseHttpUrlOption('http://127.0.0.1:8080/v4.0', 'baseUrl').port).toBe('8080');
    expect(parseHttpUrlOption('https://api.aspose.cloud/', 'baseUrl').protocol).toBe('https:');
  });

  it.each(['ftp://api.aspose.cloud/', 'urn:example:api', 'https://user:pw@api.aspose.cloud/'])(
    'refuses %s',
    (value) => {
      expect(invalidOptionOf(() => parseHttpUrlOption(value, 'baseUrl'))).toBe('baseUrl');
    },
  );
});

describe('allowInsecureHttpRule', () => {
  it('is false when absent and the boolean when given', () => {
    expect(allowInsecureHttpRule(undefined, 'allowInsecureHttp')).toBe(false);
    expect(allowInsecureHttpRule(true, 'allowInsecureHttp')).toBe(true);
    expect(allowInsecureHttpRule(false, 'allowInsecureHttp')).toBe(false);
  });

  it('refuses anything but a boolean', () => {
    expect(invalidOptionOf(() => allowInsecureHttpRule('yes', 'allowInsecureHttp'))).toBe(
      'allowInsecureHttp',
    );
  });
});

describe('requireSecureTransport', () => {
  it('lets https anywhere and plain http to loopback pass', () => {
    for (const url of ['https://api.aspose.cloud/', 'http://127.0.0.1:9/', 'http://localhost/']) {
      expect(() =>
        requireSecureTransport(new URL(url), 'baseUrl', false, 'the access token'),
      ).not.toThrow();
    }
  });

  it('refuses plain http to another host unless allowInsecureHttp is set', () => {
    const url = new URL('http://api.aspose.cloud/');
    const refuse = () => requireSecureTransport(url, 'tokenUrl', false, 'the client secret');
    expect(invalidOptionOf(refuse)).toBe('tokenUrl');
    expect((thrownBy(refuse) as InvalidOptionsError).message).toContain('the client secret');
    expect(() => requireSecureTransport(url, 'tokenUrl', true, 'the client secret')).not.toThrow();
  });
});
