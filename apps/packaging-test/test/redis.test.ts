import { type RedisServer, startRedisServer } from '@cloud-token/redis/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntriesReport } from './support/entry-report.js';
import { expectBothFormats } from './support/expect-both-formats.js';
import type { FormatReports } from './support/run-consumers.js';
import { runNode } from './support/run-node.js';

/** What `consumers/scenarios/redis.cjs` reports. */
interface RedisReport {
  entries: EntriesReport;
  redisTokenStore: string;
  sameToken: boolean;
  storeModes: string[];
  tokensIssued: number;
  invalidOptions: { recognised: boolean; option: string };
}

const consumerDir = inject('consumerDir');

describe('@cloud-token/redis installed from its tarball', () => {
  let server: RedisServer;
  let reports: FormatReports<RedisReport>;
  beforeAll(async () => {
    server = await startRedisServer({ unixSocket: true });
    const run = async (script: string) =>
      JSON.parse(
        (await runNode(consumerDir, [script, server.socketPath ?? ''])).stdout,
      ) as RedisReport;
    const [esm, cjs] = await Promise.all([run('redis.mjs'), run('redis.cjs')]);
    reports = { esm, cjs };
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('loads the ESM build with import, the CJS build with require, with the same exports', () => {
    expectBothFormats(
      consumerDir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      { '@cloud-token/redis': 'dist/index' },
    );
    expect(reports.esm.entries['@cloud-token/redis']?.exports).toEqual(['redisTokenStore']);
  });

  it.each(['esm', 'cjs'] as const)(
    '%s: two sources on one real Redis share one token; bad options throw the core’s typed error',
    (format) => {
      expect(reports[format]).toEqual({
        entries: expect.any(Object),
        redisTokenStore: 'function',
        sameToken: true,
        storeModes: ['shared', 'shared'],
        tokensIssued: 1,
        invalidOptions: { recognised: true, option: 'keyPrefx' },
      });
    },
  );
});
