import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startsAtOrigin } from '../../src/call/starts-at-origin.js';

const origins = new Set([
  'https://api.aspose.cloud',
  'http://127.0.0.1:8080',
  'https://[::1]:4443',
]);

function parsedOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

// Characters that change how a parser reads an authority, or that it strips or folds.
const tricky = fc.constantFrom(
  '/',
  '?',
  '#',
  '@',
  ':',
  '\\',
  '.',
  '%',
  '\t',
  '\n',
  ' ',
  'A',
  'a',
  '0',
  '1',
  '[',
  ']',
  'é',
  '\u0000',
);
const tail = fc
  .array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 8 })
  .map((parts) => parts.join(''));
const head = fc.oneof(
  fc.constantFrom(...origins),
  fc.constantFrom(...origins).map((origin) => origin.toUpperCase()),
  fc.constantFrom(...origins).map((origin) => origin.slice(0, -1)),
  fc.constantFrom(
    ' https://api.aspose.cloud',
    'https://api.aspose.cloud:443',
    'HTTPS://api.aspose.cloud',
  ),
);

describe('startsAtOrigin', () => {
  it('answers true for an allowed origin followed by a path, query, fragment or nothing', () => {
    expect(startsAtOrigin('https://api.aspose.cloud', origins)).toBe(true);
    expect(startsAtOrigin('https://api.aspose.cloud/v4.0/words', origins)).toBe(true);
    expect(startsAtOrigin('https://api.aspose.cloud?x=1', origins)).toBe(true);
    expect(startsAtOrigin('http://127.0.0.1:8080#top', origins)).toBe(true);
  });

  it('leaves every other spelling to the parser', () => {
    expect(startsAtOrigin('https://api.aspose.cloud@evil.example/', origins)).toBe(false);
    expect(startsAtOrigin('https://api.aspose.cloud.evil.example/', origins)).toBe(false);
    expect(startsAtOrigin('https://api.aspose.cloud:443/', origins)).toBe(false);
    expect(startsAtOrigin('http://127.0.0.1:80801/', origins)).toBe(false);
    expect(startsAtOrigin('https://api.aspose.cloud\\evil.example/', origins)).toBe(false);
    expect(startsAtOrigin('HTTPS://api.aspose.cloud/', origins)).toBe(false);
  });

  it('never says yes where a URL parser finds another origin', () => {
    fc.assert(
      fc.property(head, tail, (start, rest) => {
        const url = start + rest;
        if (startsAtOrigin(url, origins)) expect(origins.has(parsedOrigin(url) ?? '')).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});
