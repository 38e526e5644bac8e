import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runNode, startNode } from './support/run-node.js';

const consumerDir = inject('consumerDir');
const emulatorDir = join(consumerDir, 'node_modules/@cloud-token/emulator');

describe('the cloud-token-emulator bin of the packed emulator', () => {
  let bin: string;
  beforeAll(async () => {
    const manifest = JSON.parse(await readFile(join(emulatorDir, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    bin = join(emulatorDir, manifest.bin['cloud-token-emulator'] ?? 'no cloud-token-emulator bin');
  });

  it('is a node script', async () => {
    const [firstLine] = (await readFile(bin, 'utf8')).split('\n');
    expect(firstLine).toBe('#!/usr/bin/env node');
  });

  it('prints its usage for --help and exits with 0', async () => {
    const { stdout } = await runNode(consumerDir, [bin, '--help']);
    expect(stdout).toMatch(/^Usage: cloud-token-emulator/);
  });

  it('serves tokens on the port it prints, until SIGTERM stops it cleanly', async () => {
    const emulator = startNode(consumerDir, [bin, '--port', '0']);
    try {
      const [, tokenUrl] = await emulator.waitForOutput(/token URL\s+(\S+)/);
      const answer = await fetch(tokenUrl ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'emulator-client',
          client_secret: 'emulator-secret',
        }),
      });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ token_type: 'Bearer' });
    } finally {
      const { exitCode, stdout } = await emulator.stop('SIGTERM');
      expect(exitCode).toBe(0);
      expect(stdout).toContain('cloud-token emulator stopped');
    }
  });
});
