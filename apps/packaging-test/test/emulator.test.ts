import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntriesReport } from './support/entry-report.js';
import { expectBothFormats } from './support/expect-both-formats.js';
import { type FormatReports, runBothConsumers } from './support/run-consumers.js';

/** What `consumers/scenarios/emulator.cjs` reports. */
interface EmulatorReport {
  entries: EntriesReport;
  startEmulator: string;
  tokenType: string;
  apiStatus: number;
  tokensIssued: number;
}

const consumerDir = inject('consumerDir');

describe('@cloud-token/emulator installed from its tarball', () => {
  let reports: FormatReports<EmulatorReport>;
  beforeAll(async () => {
    reports = await runBothConsumers<EmulatorReport>(consumerDir, 'emulator');
  });

  it('loads the ESM build with import, the CJS build with require, with the same exports', () => {
    expectBothFormats(
      consumerDir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      { '@cloud-token/emulator': 'dist/index' },
    );
    expect(reports.esm.entries['@cloud-token/emulator']?.exports).toContain('startEmulator');
  });

  it.each([
    ['esm', 'the CJS core'],
    ['cjs', 'the ESM core'],
  ] as const)('%s: issues a token to %s, and its API accepts it', (format, _otherCore) => {
    expect(reports[format]).toMatchObject({
      startEmulator: 'function',
      tokenType: 'Bearer',
      apiStatus: 200,
      tokensIssued: 1,
    });
  });
});
