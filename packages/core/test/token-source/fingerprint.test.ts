import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/token-source/fingerprint.js';

describe('fingerprint', () => {
  it('is 16 hex digits, stable for the same parts', () => {
    expect(fingerprint(['id', 'secret'])).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(['id', 'secret'])).toBe(fingerprint(['id', 'secret']));
  });

  it('differs when any part or the split between parts differs', () => {
    const all = [
      fingerprint(['id', 'secret']),
      fingerprint(['id', 'secret2']),
      fingerprint(['id2', 'secret']),
      fingerprint(['ids', 'ecret']),
      fingerprint(['idsecret']),
      fingerprint([]),
    ];
    expect(new Set(all).size).toBe(all.length);
  });

  it('does not contain the parts', () => {
    // Not a hex word: a random-keyed hex fingerprint could contain 'abc' by chance.
    expect(fingerprint(['secret-xyz'])).not.toContain('secret-xyz');
  });
});

describe('fingerprint keying', () => {
  it('is not the plain SHA-256 of the parts, so it cannot be checked against guesses offline', async () => {
    const { createHash } = await import('node:crypto');
    const unkeyed = createHash('sha256').update(['id', 'secret'].join('\u0000')).digest('hex');
    expect(unkeyed.startsWith(fingerprint(['id', 'secret']))).toBe(false);
  });
});
