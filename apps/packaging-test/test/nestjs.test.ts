import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntriesReport } from './support/entry-report.js';
import { expectBothFormats } from './support/expect-both-formats.js';
import { createNest12Consumer } from './support/nest12-consumer.js';
import { type FormatReports, runBothConsumers } from './support/run-consumers.js';

/** What `consumers/scenarios/nestjs.cjs` reports. */
interface NestjsReport {
  entries: EntriesReport;
  nestCore: string;
  statuses: number[];
  tokensIssued: number;
  limited: { status: number; retryAfter: string | null; contentType: string | null; code: string };
}

const consumerDir = inject('consumerDir');

const servesWithOneToken = {
  statuses: [200, 200, 200, 200, 200],
  limited: {
    status: 503,
    retryAfter: '7',
    contentType: expect.stringMatching(/^application\/problem\+json/),
    code: 'ERR_RATE_LIMITED',
  },
  tokensIssued: 1,
};

describe('@cloud-token/nestjs installed from its tarball, in a NestJS 11 application', () => {
  let reports: FormatReports<NestjsReport>;
  beforeAll(async () => {
    reports = await runBothConsumers<NestjsReport>(consumerDir, 'nestjs');
  });

  it('loads `.` and `./http` from the ESM build with import, the CJS build with require, with the same exports', () => {
    expectBothFormats(
      consumerDir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      { '@cloud-token/nestjs': 'dist/index', '@cloud-token/nestjs/http': 'dist/http' },
    );
    expect(reports.esm.entries['@cloud-token/nestjs']?.exports).toEqual(
      expect.arrayContaining([
        'CloudTokenModule',
        'CloudTokenService',
        'CloudTokenExceptionFilter',
      ]),
    );
    expect(reports.esm.entries['@cloud-token/nestjs/http']?.exports).toEqual([
      'CloudTokenHttpBinding',
    ]);
  });

  it.each(['index.js', 'index.cjs'])(
    'keeps the optional @nestjs/axios out of the main entry (dist/%s)',
    async (file) => {
      const main = await readFile(
        join(consumerDir, 'node_modules/@cloud-token/nestjs/dist', file),
        'utf8',
      );
      expect(main).not.toMatch(
        /@nestjs\/axios|@cloud-token\/axios|from ['"]axios['"]|require\(['"]axios['"]\)/,
      );
    },
  );

  it.each(['esm', 'cjs'] as const)(
    '%s: serves through HttpService with one token; a rate-limited renewal is a 503 problem',
    (format) => {
      expect(reports[format].nestCore).toMatch(/^11\./);
      expect(reports[format]).toMatchObject(servesWithOneToken);
    },
  );
});

describe('@cloud-token/nestjs installed from its tarball, in a NestJS 12 application', () => {
  let nest12Dir: string;
  let reports: FormatReports<NestjsReport>;
  beforeAll(async () => {
    nest12Dir = await createNest12Consumer(consumerDir);
    reports = await runBothConsumers<NestjsReport>(nest12Dir, 'nestjs');
  });

  it('loads the ESM build from an ESM app and the CJS build from a CommonJS app (require(esm) for Nest)', () => {
    expectBothFormats(
      nest12Dir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      { '@cloud-token/nestjs': 'dist/index', '@cloud-token/nestjs/http': 'dist/http' },
    );
  });

  it.each(['esm', 'cjs'] as const)(
    '%s: serves through HttpService with one token; a rate-limited renewal is a 503 problem',
    (format) => {
      expect(reports[format].nestCore).toMatch(/^12\./);
      expect(reports[format]).toMatchObject(servesWithOneToken);
    },
  );
});
