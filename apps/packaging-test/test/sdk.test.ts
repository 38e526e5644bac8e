import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntriesReport } from './support/entry-report.js';
import { expectBothFormats } from './support/expect-both-formats.js';
import { type FormatReports, runBothConsumers } from './support/run-consumers.js';

/** What `consumers/scenarios/sdk.cjs` reports. */
interface SdkReport {
  entries: EntriesReport;
  useCloudToken: string;
  wordCounts: number[];
  tokensIssued: number;
  tokensRejected: number;
  refused: { recognised: boolean; option: string };
}

const consumerDir = inject('consumerDir');

describe('@cloud-token/sdk installed from its tarball', () => {
  let reports: FormatReports<SdkReport>;
  beforeAll(async () => {
    reports = await runBothConsumers<SdkReport>(consumerDir, 'sdk');
  });

  it('loads the ESM build with import, the CJS build with require, with the same exports', () => {
    expectBothFormats(
      consumerDir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      { '@cloud-token/sdk': 'dist/index' },
    );
    expect(reports.esm.entries['@cloud-token/sdk']?.exports).toEqual(
      expect.arrayContaining(['useCloudToken', 'createTokenSource', 'isCloudTokenError']),
    );
  });

  it.each(['esm', 'cjs'] as const)(
    '%s: the official Words SDK (imported that way) runs on the source: 3 calls, 1 token request; a non-client is refused',
    (format) => {
      expect(reports[format]).toEqual({
        entries: expect.any(Object),
        useCloudToken: 'function',
        wordCounts: [1234, 1234, 1234],
        tokensIssued: 1,
        tokensRejected: 0,
        refused: { recognised: true, option: 'client' },
      });
    },
  );
});
