import { describe, expect, it } from 'vitest';
import { shortenToken } from '../src/shorten-token.js';

describe('shortenToken', () => {
  it('keeps the first and last 6 characters of a token', () => {
    expect(shortenToken('eyJhbGciOiJSUzI1NiJ9.payload-part.signature-XYZ123')).toBe(
      'eyJhbG…XYZ123',
    );
  });

  it('shows nothing of a token too short to hide its middle', () => {
    expect(shortenToken('short-secret-value')).toBe('…');
  });
});
