import { describe, expect, it } from 'vitest';
import { upstreamUrl } from '../../src/node/upstream-url.js';

const target = new URL('https://api.cloud.example/v4.0');

describe('upstreamUrl', () => {
  it.each([
    ['/words/doc.docx', 'https://api.cloud.example/v4.0/words/doc.docx'],
    [
      '/words/doc.docx?storage=s1&folder=a%2Fb',
      'https://api.cloud.example/v4.0/words/doc.docx?storage=s1&folder=a%2Fb',
    ],
    ['/', 'https://api.cloud.example/v4.0/'],
    ['/a/./b', 'https://api.cloud.example/v4.0/a/b'],
    ['//evil.example/x', 'https://api.cloud.example/v4.0//evil.example/x'],
    ['/files/my%20doc.pdf', 'https://api.cloud.example/v4.0/files/my%20doc.pdf'],
    ['/search?q=../etc', 'https://api.cloud.example/v4.0/search?q=../etc'],
    ['/a#b?c#d', 'https://api.cloud.example/v4.0/a%23b?c%23d'],
    ['/a b/"c"', 'https://api.cloud.example/v4.0/a%20b/%22c%22'],
  ])('forwards %s under the target prefix', (requestTarget, expected) => {
    expect(upstreamUrl(target, requestTarget)?.href).toBe(expected);
  });

  it('treats a target with a trailing slash like one without', () => {
    expect(upstreamUrl(new URL('https://api.cloud.example/v4.0/'), '/x?y=1')?.href).toBe(
      'https://api.cloud.example/v4.0/x?y=1',
    );
    expect(upstreamUrl(new URL('https://api.cloud.example'), '/x')?.href).toBe(
      'https://api.cloud.example/x',
    );
  });

  it.each([
    '/../secret',
    '/words/../../secret',
    '/%2e%2e/secret',
    '/%2E%2E/secret',
    '/.%2e/secret',
    '/words/..%2fsecret',
    '/words/..%5csecret',
    '/words\\..\\secret',
    '/..',
    '/%zz',
    'https://evil.example/v4.0/x',
    'evil.example:443',
    '*',
    '',
  ])('refuses %j, which could leave the target prefix', (requestTarget) => {
    expect(upstreamUrl(target, requestTarget)).toBeUndefined();
  });
});
