import { inspect } from 'node:util';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type EmulatorOptions,
  startEmulator,
} from '@cloud-token/emulator';
import { requestToken, waitFor } from '@cloud-token/emulator/testing';
import { describe, expect, it } from 'vitest';

describe('startEmulator', () => {
  it('listens on 127.0.0.1 on a free port and names its URLs', async () => {
    const emulator = await startEmulator();
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.tokenUrl).toBe(`${emulator.url}/connect/token`);
      expect(emulator.apiUrl).toBe(`${emulator.url}/v4.0`);
      expect(DEFAULT_CLIENT_ID).toBe('emulator-client');
      expect(DEFAULT_CLIENT_SECRET).toBe('emulator-secret');
      expect((await requestToken(emulator)).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it('accepts the shorthand client and every listed client, and honours tokenTtlSeconds', async () => {
    const emulator = await startEmulator({
      clientId: 'main',
      clientSecret: 'main-secret',
      clients: [{ clientId: 'second', clientSecret: 'second-secret' }],
      tokenTtlSeconds: 3600,
    });
    try {
      const main = await requestToken(emulator, { clientId: 'main', clientSecret: 'main-secret' });
      const second = await requestToken(emulator, {
        clientId: 'second',
        clientSecret: 'second-secret',
      });
      const defaultClient = await requestToken(emulator);

      expect(await main.json()).toMatchObject({ expires_in: 3600 });
      expect(second.status).toBe(200);
      expect(defaultClient.status).toBe(400);
    } finally {
      await emulator.close();
    }
  });

  it('answers 404 JSON to unknown paths', async () => {
    const emulator = await startEmulator();
    try {
      const response = await fetch(`${emulator.url}/api/viewer`);

      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'not_found' });
    } finally {
      await emulator.close();
    }
  });

  it('never shows a client secret when the emulator is printed', async () => {
    const emulator = await startEmulator({ clientSecret: 'printed-secret-value' });
    try {
      expect(
        inspect(emulator, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
      ).not.toContain('printed-secret-value');
      expect(JSON.stringify(emulator)).not.toContain('printed-secret-value');
    } finally {
      await emulator.close();
    }
  });

  it.each<[EmulatorOptions, RegExp]>([
    [{ port: 70_000 }, /"port" must be from 0 to 65535/],
    [{ port: 1.5 }, /"port" must be an integer/],
    [{ host: '' }, /"host" must be a non-empty string/],
    [{ clientId: '' }, /clientId must be a non-empty string/],
    [{ clientSecret: '' }, /clientSecret must be a non-empty string/],
    [{ clients: [{ clientId: 'a', clientSecret: '' }] }, /clients"\[0\]\.clientSecret/],
    [{ profile: 'azure' as never }, /"profile" must be one of aspose, groupdocs/],
    [{ tokenTtlSeconds: 0 }, /"tokenTtlSeconds" must be from 1/],
    [{ timeScale: 0 }, /"timeScale" must be greater than 0/],
    [{ timeScale: Number.NaN }, /"timeScale" must be a finite number/],
  ])('rejects %o before listening', async (options, message) => {
    await expect(startEmulator(options)).rejects.toThrow(message);
  });

  it('rejects when the port is taken', async () => {
    const first = await startEmulator();
    try {
      const port = Number(new URL(first.url).port);
      await expect(startEmulator({ port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});

describe('close', () => {
  it('ends hanging requests and kept-alive connections, and can be called again', async () => {
    const emulator = await startEmulator();
    await requestToken(emulator); // leaves a kept-alive connection behind
    emulator.control.failTokenRequests(1, { kind: 'hang' });
    const hanging = requestToken(emulator);
    await waitFor(() => emulator.stats.tokenRequests.faulted === 1, 'the hanging request');

    await emulator.close();

    await expect(hanging).rejects.toThrow(TypeError);
    await expect(emulator.close()).resolves.toBeUndefined();
    await expect(requestToken(emulator)).rejects.toThrow(TypeError);
  });

  it('ends requests held back by latency', async () => {
    const emulator = await startEmulator();
    emulator.control.setLatency({ tokenMs: 60_000 });
    const delayed = requestToken(emulator);
    await waitFor(() => emulator.stats.tokenRequests.total === 1, 'the delayed request');

    await emulator.close();

    await expect(delayed).rejects.toThrow(TypeError);
  });
});
