import { isCloudTokenError } from '@cloud-token/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CallBase, callBaseOf, resolveCallUrl } from '../../src/call/resolve-call-url.js';
import { versionedApiOf } from '../../src/shared/presets.js';

const versioned = callBaseOf(new URL('https://api.aspose.cloud/v4.0/'));
const bareAspose = callBaseOf(new URL('https://api.aspose.cloud/'));
const bareGroupDocs = callBaseOf(new URL('https://api.groupdocs.cloud/'));

/** The UsageError `resolveCallUrl` throws (fails the test when it throws none). */
function refusal(input: string, base: CallBase): Error {
  try {
    resolveCallUrl(input, base);
  } catch (error) {
    expect(isCloudTokenError(error, 'ERR_USAGE')).toBe(true);
    return error as Error;
  }
  throw new Error(`${input} against ${base.href} was not refused`);
}

describe('resolveCallUrl', () => {
  it('resolves paths below a versioned baseUrl, and absolute URLs as they are', () => {
    expect(resolveCallUrl('words/report.docx/statistics', versioned).href).toBe(
      'https://api.aspose.cloud/v4.0/words/report.docx/statistics',
    );
    expect(resolveCallUrl('?storage=s1', versioned).href).toBe(
      'https://api.aspose.cloud/v4.0/?storage=s1',
    );
    // A leading slash that stays below the base path is what the caller meant.
    expect(resolveCallUrl('/v4.0/words/a.docx', versioned).href).toBe(
      'https://api.aspose.cloud/v4.0/words/a.docx',
    );
    // Another product on the same host: an absolute URL says so.
    expect(resolveCallUrl('https://api.aspose.cloud/v3.0/cells/a.xlsx', versioned).href).toBe(
      'https://api.aspose.cloud/v3.0/cells/a.xlsx',
    );
    expect(resolveCallUrl(new URL('https://api.aspose.cloud/words/x'), bareAspose).href).toBe(
      'https://api.aspose.cloud/words/x',
    );
    expect(resolveCallUrl('https://storage.example/blob', undefined).href).toBe(
      'https://storage.example/blob',
    );
  });

  it.each(['/words/a.docx', '../v3.0/cells/a.xlsx', '//elsewhere.example/words/a.docx', '/'])(
    'refuses %s, which leaves a baseUrl with a path, naming the baseUrl',
    (path) => {
      const error = refusal(path, versioned);
      expect(error.message).toContain('baseUrl https://api.aspose.cloud/v4.0/');
      expect(error.message).toContain('without the leading slash');
    },
  );

  it("refuses a path outside every version of Aspose's and GroupDocs' bare hosts, naming a versioned baseUrl", () => {
    expect(refusal('words/report.docx/statistics', bareAspose).message).toContain(
      'e.g. https://api.aspose.cloud/v4.0/',
    );
    expect(refusal('/words/report.docx', bareAspose).message).toContain(
      'e.g. https://api.aspose.cloud/v4.0/',
    );
    expect(refusal('viewer/info', bareGroupDocs).message).toContain(
      'e.g. https://api.groupdocs.cloud/v1/',
    );
    // Below a path that is not a version, too.
    expect(refusal('x', callBaseOf(new URL('https://api.aspose.cloud/words/'))).message).toContain(
      'outside every versioned API of Aspose Cloud',
    );
  });

  it('keeps a path that starts with the version on a bare host, and any path on other hosts', () => {
    expect(resolveCallUrl('v4.0/words/a.docx', bareAspose).href).toBe(
      'https://api.aspose.cloud/v4.0/words/a.docx',
    );
    expect(resolveCallUrl('/v1/viewer/info', bareGroupDocs).href).toBe(
      'https://api.groupdocs.cloud/v1/viewer/info',
    );
    expect(
      resolveCallUrl('/words/a.docx', callBaseOf(new URL('https://gateway.example/'))).href,
    ).toBe('https://gateway.example/words/a.docx');
  });

  it('never echoes the path (its query may hold a secret)', () => {
    const messages = [
      refusal('/words/a.docx?sig=path-s3cret', versioned).message,
      refusal('words/a.docx?sig=path-s3cret', bareAspose).message,
    ];
    expect(messages.join('\n')).not.toMatch(/path-s3cret|words\/a\.docx/);
  });

  it('refuses an unparsable or baseless relative URL with ERR_USAGE', () => {
    expect(() => resolveCallUrl('words/a.docx', undefined)).toThrow(/no baseUrl/);
    expect(() => resolveCallUrl('http://[bad', versioned)).toThrow(/cannot parse/);
  });

  it('gives every input the answer of new URL(input, base) and the two rules, the fast path for plain paths included', () => {
    const bases = [
      versioned,
      bareAspose,
      bareGroupDocs,
      callBaseOf(new URL('https://api.aspose.cloud/words/')),
      callBaseOf(new URL('http://127.0.0.1:8080/api/')),
      callBaseOf(new URL('http://localhost:3000/')),
    ];
    /** The rules spelled out on the one parse against the base, as a browser resolves a link. */
    function expected(input: string, { url: base }: CallBase): string {
      let url: URL;
      try {
        url = new URL(input, base);
      } catch {
        return 'refused';
      }
      if (/^[a-z][a-z\d+.-]*:/i.test(input)) return url.href;
      const below = url.origin === base.origin && url.pathname.startsWith(base.pathname);
      if (base.pathname !== '/' && !below) return 'refused';
      const outsideVersions = !/^\/v\d+(?:\.\d+)*(?:\/|$)/i.test(url.pathname);
      return versionedApiOf(url) !== undefined && outsideVersions ? 'refused' : url.href;
    }
    function actual(input: string, base: CallBase): string {
      try {
        return resolveCallUrl(input, base).href;
      } catch (error) {
        expect(isCloudTokenError(error, 'ERR_USAGE')).toBe(true);
        return 'refused';
      }
    }
    const pieces = [
      'words',
      'v4.0',
      'v1',
      'a.docx',
      '/',
      '//',
      '.',
      '..',
      '\\',
      ':',
      'x:',
      'https:',
      '?',
      '#',
      '%2e',
      '%zz',
      ' ',
      '\t',
      '@',
      'é',
      '~',
      '-',
      '_',
      'api',
      '8080',
    ];
    const input = fc
      .array(fc.constantFrom(...pieces), { maxLength: 8 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(input, fc.constantFrom(...bases), (path, base) => {
        expect(actual(path, base)).toBe(expected(path, base));
      }),
      { numRuns: 5_000 },
    );
  });
});
