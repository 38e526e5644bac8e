import { isLoopbackHostHeader } from '@cloud-token/core/node';
import { describe, expect, it } from 'vitest';

describe('isLoopbackHostHeader', () => {
  it.each([
    'localhost:4020',
    'LOCALHOST:4020',
    'app.localhost:4020',
    '127.0.0.1:4020',
    '127.9.8.7:4020',
    '[::1]:4020',
  ])('accepts %s on port 4020', (host) => {
    expect(isLoopbackHostHeader(host, 4020)).toBe(true);
  });

  it('takes a Host without a port as port 80', () => {
    expect(isLoopbackHostHeader('localhost', 80)).toBe(true);
    expect(isLoopbackHostHeader('localhost', 4020)).toBe(false);
  });

  it.each([
    ['a DNS-rebinding name', 'evil.example:4020'],
    ['a name ending in a loopback address', '127.0.0.1.evil.example:4020'],
    ['another port', '127.0.0.1:4021'],
    ['a LAN address', '192.168.1.5:4020'],
    ['the unspecified address', '0.0.0.0:4020'],
    ['another IPv6 address', '[::2]:4020'],
    ['an unbracketed IPv6 address', '::1:4020'],
    ['credentials in the Host', 'user@127.0.0.1:4020'],
    ['an empty Host', ''],
    ['no Host', undefined],
    ['two ports', '127.0.0.1:4020:4020'],
  ])('refuses %s', (_, host) => {
    expect(isLoopbackHostHeader(host, 4020)).toBe(false);
  });
});
