import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntriesReport } from './support/entry-report.js';
import { expectBothFormats } from './support/expect-both-formats.js';
import { type FormatReports, runBothConsumers } from './support/run-consumers.js';

/** What `consumers/scenarios/axios.cjs` reports. */
interface AxiosReport {
  entries: EntriesReport;
  attachCloudToken: string;
  /** Of a call that carries the token, then of one with `cloudToken: { skip: true }`. */
  statuses: number[];
  carriedAuthorization: boolean[];
  tokensIssued: number;
}

const consumerDir = inject('consumerDir');

describe('@cloud-token/axios installed from its tarball', () => {
  let reports: FormatReports<AxiosReport>;
  beforeAll(async () => {
    reports = await runBothConsumers<AxiosReport>(consumerDir, 'axios');
  });

  it('loads the ESM build with import, the CJS build with require, with the same exports', () => {
    expectBothFormats(
      consumerDir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      { '@cloud-token/axios': 'dist/index' },
    );
    expect(reports.esm.entries['@cloud-token/axios']?.exports).toEqual(
      expect.arrayContaining(['attachCloudToken', 'clientCredentials', 'isCloudTokenError']),
    );
  });

  it.each(['esm', 'cjs'] as const)(
    '%s: attached to an axios instance, authorizes its calls and honours `cloudToken: { skip: true }`',
    (format) => {
      expect(reports[format]).toMatchObject({
        attachCloudToken: 'function',
        statuses: [200, 401],
        carriedAuthorization: [true, false],
        tokensIssued: 1,
      });
    },
  );
});
