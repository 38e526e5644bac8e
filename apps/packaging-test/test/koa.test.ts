import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntriesReport } from './support/entry-report.js';
import { expectBothFormats } from './support/expect-both-formats.js';
import { type FormatReports, runBothConsumers } from './support/run-consumers.js';

/** What `consumers/scenarios/koa.cjs` reports. */
interface KoaReport {
  entries: EntriesReport;
  cloudToken: string;
  middlewareName: string;
  route: { status: number; body: { upstreamPath: string; stateIsTheAccessor: boolean } };
  proxied: { status: number; upstreamPath: string };
  tokensIssued: number;
}

const consumerDir = inject('consumerDir');

describe('@cloud-token/koa installed from its tarball', () => {
  let reports: FormatReports<KoaReport>;
  beforeAll(async () => {
    reports = await runBothConsumers<KoaReport>(consumerDir, 'koa');
  });

  it('loads the ESM build with import, the CJS build with require, with the same exports', () => {
    expectBothFormats(
      consumerDir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      { '@cloud-token/koa': 'dist/index' },
    );
    expect(reports.esm.entries['@cloud-token/koa']?.exports).toEqual(
      expect.arrayContaining([
        'cloudToken',
        'cloudTokenErrorHandler',
        'cloudTokenProxy',
        'cloudTokenReadiness',
        'getCloudToken',
        'sendCloudAnswer',
      ]),
    );
  });

  it.each(['esm', 'cjs'] as const)(
    '%s: cloudToken() and cloudTokenProxy() mounted in a Koa app call the API with one token',
    (format) => {
      expect(reports[format]).toMatchObject({
        cloudToken: 'function',
        middlewareName: 'cloudToken',
        route: {
          status: 200,
          body: { upstreamPath: '/v4.0/words/packaging.docx', stateIsTheAccessor: true },
        },
        proxied: { status: 200, upstreamPath: '/v4.0/words/proxied.docx' },
        tokensIssued: 1,
      });
    },
  );
});
