import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntriesReport } from './support/entry-report.js';
import { expectBothFormats } from './support/expect-both-formats.js';
import { type FormatReports, runBothConsumers } from './support/run-consumers.js';

/** What `consumers/scenarios/otel.cjs` reports. */
interface OtelReport {
  entries: EntriesReport;
  instrumentCloudToken: string;
  recorded: { name: string; value: unknown; outcome: unknown }[];
}

const consumerDir = inject('consumerDir');

describe('@cloud-token/otel installed from its tarball', () => {
  let reports: FormatReports<OtelReport>;
  beforeAll(async () => {
    reports = await runBothConsumers<OtelReport>(consumerDir, 'otel');
  });

  it('loads the ESM build with import, the CJS build with require, with the same exports', () => {
    expectBothFormats(
      consumerDir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      { '@cloud-token/otel': 'dist/index' },
    );
    expect(reports.esm.entries['@cloud-token/otel']?.exports).toEqual(['instrumentCloudToken']);
  });

  it.each(['esm', 'cjs'] as const)(
    '%s: records the token request of a packed core, the same copy of its channels',
    (format) => {
      expect(reports[format].instrumentCloudToken).toBe('function');
      expect(reports[format].recorded).toEqual(
        expect.arrayContaining([
          { name: 'cloud_token.token.acquire.duration', value: 'number', outcome: 'issued' },
          { name: 'cloud_token.token.requests', value: 1, outcome: 'issued' },
        ]),
      );
    },
  );
});
