import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntriesReport } from './support/entry-report.js';
import { expectBothFormats } from './support/expect-both-formats.js';
import { type FormatReports, runBothConsumers } from './support/run-consumers.js';

/** What `consumers/scenarios/fastify.cjs` reports. */
interface FastifyReport {
  entries: EntriesReport;
  cloudToken: string;
  route: { status: number; body: { status: number; upstreamPath: string } };
  proxied: { status: number; upstreamPath: string };
  ready: { status: number; body: { ready: boolean } };
  tokensIssued: number;
  afterClose: string;
}

const consumerDir = inject('consumerDir');

describe('@cloud-token/fastify installed from its tarball', () => {
  let reports: FormatReports<FastifyReport>;
  beforeAll(async () => {
    reports = await runBothConsumers<FastifyReport>(consumerDir, 'fastify');
  });

  it('loads the ESM build with import, the CJS build with require, with the same exports', () => {
    expectBothFormats(
      consumerDir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      { '@cloud-token/fastify': 'dist/index' },
    );
    expect(reports.esm.entries['@cloud-token/fastify']?.exports).toEqual(
      expect.arrayContaining([
        'cloudToken',
        'cloudTokenErrorHandler',
        'cloudTokenProxy',
        'cloudTokenReadiness',
        'sendCloudAnswer',
      ]),
    );
  });

  it.each(['esm', 'cjs'] as const)(
    '%s: the plugin, the proxy on its source and readiness call the API with one token; app.close() closes the source',
    (format) => {
      expect(reports[format]).toMatchObject({
        cloudToken: 'function',
        route: { status: 200, body: { status: 200, upstreamPath: '/v4.0/words/packaging.docx' } },
        proxied: { status: 200, upstreamPath: '/v4.0/words/proxied.docx' },
        ready: { status: 200, body: { ready: true } },
        tokensIssued: 1,
        afterClose: 'ERR_USAGE',
      });
    },
  );
});
