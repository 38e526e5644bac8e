import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntriesReport } from './support/entry-report.js';
import { expectBothFormats } from './support/expect-both-formats.js';
import { type FormatReports, runBothConsumers } from './support/run-consumers.js';

/** What `consumers/scenarios/express.cjs` reports. */
interface ExpressReport {
  entries: EntriesReport;
  cloudToken: string;
  route: { status: number; body: { upstreamPath: string; reqCloudTokenIsTheAccessor: boolean } };
  proxied: { status: number; upstreamPath: string };
  tokensIssued: number;
}

const consumerDir = inject('consumerDir');

describe('@cloud-token/express installed from its tarball', () => {
  let reports: FormatReports<ExpressReport>;
  beforeAll(async () => {
    reports = await runBothConsumers<ExpressReport>(consumerDir, 'express');
  });

  it('loads `.` and `./env` from the ESM build with import, the CJS build with require, with the same exports', () => {
    expectBothFormats(
      consumerDir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      { '@cloud-token/express': 'dist/index', '@cloud-token/express/env': 'dist/env' },
    );
    expect(reports.esm.entries['@cloud-token/express']?.exports).toEqual(
      expect.arrayContaining([
        'cloudToken',
        'cloudTokenProxy',
        'getCloudToken',
        'isCloudTokenError',
      ]),
    );
    // `./env` only carries types: it loads, and exports nothing.
    expect(reports.esm.entries['@cloud-token/express/env']?.exports).toEqual([]);
  });

  it.each(['esm', 'cjs'] as const)(
    '%s: cloudToken() and cloudTokenProxy() mounted in an Express app call the API with one token',
    (format) => {
      expect(reports[format]).toMatchObject({
        cloudToken: 'function',
        route: {
          status: 200,
          body: { upstreamPath: '/v4.0/words/packaging.docx', reqCloudTokenIsTheAccessor: true },
        },
        proxied: { status: 200, upstreamPath: '/v4.0/words/proxied.docx' },
        tokensIssued: 1,
      });
    },
  );
});
