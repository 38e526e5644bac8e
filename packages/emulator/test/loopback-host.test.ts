import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../src/loopback-host.js';

describe('isLoopbackHost', () => {
  it.each([
    'localhost:4010',
    'LocalHost:4010',
    '127.0.0.1:4010',
    '127.8.9.10:4010',
    '127.255.255.254:4010',
    '[::1]:4010',
  ])('%s names this machine on port 4010', (host) => {
    expect(isLoopbackHost(host, 4010)).toBe(true);
  });

  it('takes a Host without a port as port 80', () => {
    expect(isLoopbackHost('localhost', 80)).toBe(true);
    expect(isLoopbackHost('127.0.0.1', 80)).toBe(true);
    expect(isLoopbackHost('localhost', 4010)).toBe(false);
  });

  it.each([
    undefined,
    '',
    'evil.example:4010',
    'localhost:4011',
    'localhost:04010',
    'localhost:',
    ':4010',
    'localhost.:4010',
    'localhost.evil.example:4010',
    '127.0.0.1.evil.example:4010',
    'evil.example:4010@127.0.0.1:4010',
    '127.0.0.256:4010',
    '127.0.1:4010',
    '1127.0.0.1:4010',
    '10.0.0.7:4010',
    '0.0.0.0:4010',
    '[::2]:4010',
    '[::ffff:10.0.0.7]:4010',
    '::1:4010',
    'localhost:4010, evil.example:4010',
  ])('%s is refused for port 4010', (host) => {
    expect(isLoopbackHost(host, 4010)).toBe(false);
  });
});
