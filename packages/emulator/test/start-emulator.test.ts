import { inspect } from 'node:util';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type EmulatorOptions,
  InvalidOptionsError,
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

  it.each<[EmulatorOptions, string, RegExp]>([
    [{ port: 70_000 }, 'port', /"port" must be from 0 to 65535/],
    [{ port: 1.5 }, 'port', /"port" must be an integer/],
    [{ host: '' }, 'host', /"host" must be a non-empty string/],
    [{ clientId: '' }, 'clientId', /clientId must be a non-empty string/],
    [{ clientSecret: '' }, 'clientSecret', /clientSecret must be a non-empty string/],
    [
      { clients: [{ clientId: 'a', clientSecret: '' }] },
      'clients[0].clientSecret',
      /clients"\[0\]\.clientSecret/,
    ],
    [{ profile: 'azure' as never }, 'profile', /"profile" must be one of aspose, groupdocs/],
    [{ tokenTtlSeconds: 0 }, 'tokenTtlSeconds', /"tokenTtlSeconds" must be from 1/],
    [{ timeScale: 0 }, 'timeScale', /"timeScale" must be greater than 0/],
    [{ timeScale: Number.NaN }, 'timeScale', /"timeScale" must be a finite number/],
    [{ requestLogSize: -1 }, 'requestLogSize', /"requestLogSize" must be from 0 to 1000000/],
    [{ requestLogSize: 2.5 }, 'requestLogSize', /"requestLogSize" must be an integer/],
    [{ controlToken: 'short' }, 'controlToken', /"controlToken" must be at least 8 characters/],
    [
      { controlToken: 'line\nbreak-token' },
      'controlToken',
      /"controlToken" must be a non-empty string of printable/,
    ],
    [
      { prot: 4010 } as EmulatorOptions,
      'prot',
      /option "prot" is not known; did you mean "port"\? \(known options: port, host/,
    ],
  ])('rejects %o before listening, naming the option', async (options, option, message) => {
    const rejection = startEmulator(options);

    await expect(rejection).rejects.toThrow(message);
    await expect(rejection).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(rejection).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', option });
  });

  it('never repeats a secret or a control token in an option error', async () => {
    const rejection = startEmulator({
      clientSecret: 'printed-secret-value',
      controlToken: 'a control token\n',
    });

    await expect(rejection).rejects.toThrow(InvalidOptionsError);
    await expect(rejection).rejects.not.toThrow(/printed-secret-value|a control token/);
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
