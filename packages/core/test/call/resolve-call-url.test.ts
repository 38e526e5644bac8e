import { isCloudTokenError } from '@cloud-token/core';
import { describe, expect, it } from 'vitest';
import { resolveCallUrl } from '../../src/call/resolve-call-url.js';

const versioned = new URL('https://api.aspose.cloud/v4.0/');
const bareAspose = new URL('https://api.aspose.cloud/');
const bareGroupDocs = new URL('https://api.groupdocs.cloud/');

/** The UsageError `resolveCallUrl` throws (fails the test when it throws none). */
function refusal(input: string, base: URL): Error {
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
    expect(refusal('x', new URL('https://api.aspose.cloud/words/')).message).toContain(
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
    expect(resolveCallUrl('/words/a.docx', new URL('https://gateway.example/')).href).toBe(
      'https://gateway.example/words/a.docx',
    );
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
});
