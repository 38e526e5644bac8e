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
  testing: {
    credentials: string;
    hooksRegistered: number;
    tokenStatus: number;
    counted: number;
    errorOption: string;
    errorOfTheMainEntrysClass: boolean;
  };
}

const consumerDir = inject('consumerDir');

describe('@cloud-token/emulator installed from its tarball', () => {
  let reports: FormatReports<EmulatorReport>;
  beforeAll(async () => {
    reports = await runBothConsumers<EmulatorReport>(consumerDir, 'emulator');
  });

  it('loads `.` and `./testing` from the ESM build with import, the CJS build with require, with the same exports', () => {
    expectBothFormats(
      consumerDir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      {
        '@cloud-token/emulator': 'dist/index',
        '@cloud-token/emulator/testing': 'dist/testing/index',
      },
    );
    expect(reports.esm.entries['@cloud-token/emulator']?.exports).toContain('startEmulator');
    expect(reports.esm.entries['@cloud-token/emulator/testing']?.exports).toEqual(
      expect.arrayContaining(['useEmulator', 'emulatorCredentials', 'waitForCounter']),
    );
  });

  it.each(['esm', 'cjs'] as const)(
    "%s: the ./testing helpers work without a test runner and throw the main entry's error class",
    (format) => {
      expect(reports[format].testing).toEqual({
        credentials: 'emulator-client',
        hooksRegistered: 3,
        tokenStatus: 200,
        counted: 2,
        errorOption: 'typo',
        errorOfTheMainEntrysClass: true,
      });
    },
  );

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
