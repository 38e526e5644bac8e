import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntriesReport } from './support/entry-report.js';
import { expectBothFormats } from './support/expect-both-formats.js';
import { type FormatReports, runBothConsumers } from './support/run-consumers.js';
import { runNode, startNode } from './support/run-node.js';

/** What `consumers/scenarios/cli.cjs` reports. */
interface CliReport {
  entries: EntriesReport;
  exitCodes: Record<string, number>;
  statuses: number[];
  proxied: number;
  tokensIssued: number;
  invalidOption: { code: string; option: string };
}

const consumerDir = inject('consumerDir');
const installed = (name: string) => join(consumerDir, 'node_modules', name);

async function binOf(name: string, command: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(installed(name), 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  return join(installed(name), manifest.bin[command] ?? `no ${command} bin`);
}

describe('@cloud-token/cli installed from its tarball', () => {
  let reports: FormatReports<CliReport>;
  beforeAll(async () => {
    reports = await runBothConsumers<CliReport>(consumerDir, 'cli');
  });

  it('loads the ESM build with import, the CJS build with require, with the same exports', () => {
    expectBothFormats(
      consumerDir,
      { esm: reports.esm.entries, cjs: reports.cjs.entries },
      { '@cloud-token/cli': 'dist/index' },
    );
    expect(reports.esm.entries['@cloud-token/cli']?.exports).toEqual([
      'EXIT_CODES',
      'startSidecar',
    ]);
  });

  it.each(['esm', 'cjs'] as const)(
    '%s: startSidecar shares one token through its facade and proxy; bad options throw the core’s typed error',
    (format) => {
      expect(reports[format]).toMatchObject({
        exitCodes: { ok: 0, crash: 1, rejected: 2, rateLimited: 3, unreachable: 4, usage: 64 },
        statuses: [200, 200, 401],
        proxied: 200,
        tokensIssued: 1,
        invalidOption: { code: 'ERR_INVALID_OPTIONS', option: 'prot' },
      });
    },
  );
});

describe('the cloud-token bin of the packed CLI', () => {
  let bin: string;
  beforeAll(async () => {
    bin = await binOf('@cloud-token/cli', 'cloud-token');
  });

  it('is a node script that prints its usage for --help and exits with 0', async () => {
    const [firstLine] = (await readFile(bin, 'utf8')).split('\n');
    expect(firstLine).toBe('#!/usr/bin/env node');
    const { stdout } = await runNode(consumerDir, [bin, '--help']);
    expect(stdout).toMatch(/^cloud-token: OAuth 2.0 client_credentials tokens/);
    const { stdout: tokenHelp } = await runNode(consumerDir, [bin, 'token', '--help']);
    expect(tokenHelp).toMatch(/^Usage:\n {2}cloud-token token/);
  });

  it('prints a token from the packed emulator', async () => {
    const emulator = startNode(consumerDir, [
      await binOf('@cloud-token/emulator', 'cloud-token-emulator'),
      '--port',
      '0',
    ]);
    try {
      const [, tokenUrl = ''] = await emulator.waitForOutput(/token URL\s+(\S+)/);
      const { stdout, stderr } = await runNode(consumerDir, [bin, 'token'], {
        CLOUD_TOKEN_URL: tokenUrl,
        CLOUD_TOKEN_CLIENT_ID: 'emulator-client',
        CLOUD_TOKEN_CLIENT_SECRET: 'emulator-secret',
      });
      expect(stdout).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+\n$/);
      expect(stderr).toBe('');
    } finally {
      expect((await emulator.stop('SIGTERM')).exitCode).toBe(0);
    }
  });
});
