import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntriesReport } from './support/entry-report.js';
import { expectBothFormats } from './support/expect-both-formats.js';
import { type FormatReports, runBothConsumers } from './support/run-consumers.js';

/** What `consumers/scenarios/hono.cjs` reports. */
interface HonoReport {
  entries: EntriesReport;
  cloudToken: string;
  route: { status: number; body: { status: number; upstreamPath: string } };
  proxied: { status: number; upstreamPath: string };
  ready: { status: number; body: { ready: boolean } };
  refused: { status: number; contentType: string | null; code: string; showsSecret: boolean };
  tokensIssued: number;
}

const consumerDir = inject('consumerDir');

describe('@cloud-token/hono installed from its tarball', () => {
  let reports: FormatReports<HonoReport>;
  beforeAll(async () => {
    reports = await runBothConsumers<HonoReport>(consumerDir, 'hono');
  });

  it('loads the ESM build with import, the CJS build with require, with the same exports', () => {
    expectBothFormats(
      consumerDir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      { '@cloud-token/hono': 'dist/index' },
    );
    expect(reports.esm.entries['@cloud-token/hono']?.exports).toEqual(
      expect.arrayContaining([
        'cloudToken',
        'cloudTokenErrorHandler',
        'cloudTokenProxy',
        'cloudTokenReadiness',
        'createTokenSource',
      ]),
    );
  });

  it.each(['esm', 'cjs'] as const)(
    '%s: on @hono/node-server, the middleware, the proxy and readiness call the API with one token; a wrong secret is answered as problem+json',
    (format) => {
      expect(reports[format]).toMatchObject({
        cloudToken: 'function',
        route: { status: 200, body: { status: 200, upstreamPath: '/v4.0/words/packaging.docx' } },
        proxied: { status: 200, upstreamPath: '/v4.0/words/proxied.docx' },
        ready: { status: 200, body: { ready: true } },
        refused: {
          contentType: expect.stringContaining('application/problem+json'),
          code: 'ERR_CREDENTIALS_REJECTED',
          showsSecret: false,
        },
        tokensIssued: 1,
      });
      expect(reports[format].refused.status).toBeGreaterThanOrEqual(500);
    },
  );
});
