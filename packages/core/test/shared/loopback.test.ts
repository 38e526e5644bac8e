import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/shared/loopback.js';

describe('isLoopbackHost', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    'localhost.',
    'api.localhost',
    'a.b.localhost',
    '127.0.0.1',
    '127.255.255.254',
    '127.1.2.3',
    '::1',
    '[::1]',
  ])('accepts %s', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    '',
    'example.com',
    'localhost.example.com',
    'notlocalhost',
    '128.0.0.1',
    '127.0.0.256',
    '127.0.0',
    '127.0.0.1.example.com',
    '10.0.0.1',
    '0.0.0.0',
    '::2',
    '[::]',
    '::ffff:7f00:1',
  ])('refuses %s', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('agrees with how URL normalises hostnames', () => {
    expect(isLoopbackHost(new URL('http://127.1/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://[0:0:0:0:0:0:0:1]:8080/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://LocalHost:3000/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://0x7f000001/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('https://api.aspose.cloud/').hostname)).toBe(false);
  });
});
