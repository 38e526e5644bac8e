import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntriesReport } from './support/entry-report.js';
import { expectBothFormats } from './support/expect-both-formats.js';
import { type FormatReports, runBothConsumers } from './support/run-consumers.js';

/** What `consumers/scenarios/core.cjs` reports. */
interface CoreReport {
  entries: EntriesReport;
  storeKey: number;
  schemaError: string;
  clientCredentials: string;
  sourceMethods: string[];
  ownError: { recognised: boolean; option: string };
  otherFormat: {
    ourGuardRecognisesTheirError: boolean;
    theirGuardRecognisesOurError: boolean;
    theirErrorIsOurClass: boolean;
  };
  forwarder: {
    createRequestForwarder: string;
    errorOption: string;
    errorOfTheMainEntrysClass: boolean;
  };
  testing: {
    storeTests: number;
    adapterTests: number;
    fakeClockFired: number;
    errorOption: string;
    errorOfTheMainEntrysClass: boolean;
  };
}

const consumerDir = inject('consumerDir');
const formats = ['esm', 'cjs'] as const;

describe('@cloud-token/core installed from its tarball', () => {
  let reports: FormatReports<CoreReport>;
  beforeAll(async () => {
    reports = await runBothConsumers<CoreReport>(consumerDir, 'core');
  });

  it('loads `.`, `./node`, `./adapter`, `./store` and `./testing` from the ESM build with import, the CJS build with require, with the same exports', () => {
    expectBothFormats(
      consumerDir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      {
        '@cloud-token/core': 'dist/index',
        '@cloud-token/core/node': 'dist/node/index',
        '@cloud-token/core/adapter': 'dist/adapter',
        '@cloud-token/core/store': 'dist/store',
        '@cloud-token/core/testing': 'dist/testing/index',
      },
    );
    expect(reports.esm.entries['@cloud-token/core']?.exports).toEqual(
      expect.arrayContaining([
        'clientCredentials',
        'createAuthorizedFetch',
        'createTokenSource',
        'externalToken',
        'isCloudTokenError',
        'CloudTokenError',
      ]),
    );
    expect(reports.esm.entries['@cloud-token/core/node']?.exports).toContain(
      'createRequestForwarder',
    );
    expect(reports.esm.entries['@cloud-token/core/testing']?.exports).toEqual(
      expect.arrayContaining([
        'runServerAdapterConformance',
        'runTokenStoreConformance',
        'createFakeClock',
      ]),
    );
  });

  it.each(formats)(
    '%s: `./store` gives a store author the short key, `./adapter` an adapter author the schemas',
    (format) => {
      expect(reports[format].storeKey).toBe(12);
      expect(reports[format].schemaError).toContain('did you mean "baseUrl"?');
    },
  );

  it.each(formats)(
    '%s: makes a token source from a grant, and rejects a bad option with a typed error',
    (format) => {
      const report = reports[format];
      expect(report.clientCredentials).toBe('function');
      expect(report.sourceMethods).toEqual(['getToken', 'invalidate', 'close']);
      expect(report.ownError).toEqual({ recognised: true, option: 'tokenUrl' });
    },
  );

  it.each(formats)(
    "%s: isCloudTokenError recognises an error from the other format's copy, a class of its own",
    (format) => {
      expect(reports[format].otherFormat).toEqual({
        ourGuardRecognisesTheirError: true,
        theirGuardRecognisesOurError: true,
        theirErrorIsOurClass: false,
      });
    },
  );

  it.each(formats)(
    "%s: `./node` exports the forwarder, built on the main entry's copy of the core",
    (format) => {
      expect(reports[format].forwarder).toEqual({
        createRequestForwarder: 'function',
        errorOption: 'target',
        errorOfTheMainEntrysClass: true,
      });
    },
  );

  it.each(formats)(
    "%s: `./testing` registers both conformance suites with the runner it is given, and throws the main entry's error class",
    (format) => {
      expect(reports[format].testing).toEqual({
        storeTests: 18,
        adapterTests: 29,
        fakeClockFired: 1,
        errorOption: 'createStor',
        errorOfTheMainEntrysClass: true,
      });
    },
  );
});
