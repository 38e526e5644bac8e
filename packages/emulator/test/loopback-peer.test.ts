import { describe, expect, it } from 'vitest';
import { isLoopbackPeer } from '../src/loopback-peer.js';

describe('isLoopbackPeer', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.2'])(
    '%s is this machine',
    (address) => {
      expect(isLoopbackPeer(address)).toBe(true);
    },
  );

  it.each([
    undefined,
    '10.0.0.7',
    '192.168.1.20',
    '::ffff:10.0.0.7',
    'fe80::1',
    '127.0.0.1.evil',
    '1127.0.0.1',
  ])('%s is another host', (address) => {
    expect(isLoopbackPeer(address)).toBe(false);
  });
});
