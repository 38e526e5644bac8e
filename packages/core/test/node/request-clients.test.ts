import type { IncomingMessage } from 'node:http';
import { clientCredentials, createTokenSource } from '@cloud-token/core';
import { optionsSchema, stringRule } from '@cloud-token/core/adapter';
import { type CloudTokenAccessor, createRequestClients } from '@cloud-token/core/node';
import { useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

describe('createRequestClients()', () => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const apps = useAppsPerTest({ afterEach });

  /** Serves `clients`: each request reads its token and answers its value's last characters. */
  function serveTokens(clients: {
    forRequest(req: IncomingMessage, res: never): CloudTokenAccessor;
  }) {
    return apps.listen(async (req, res) => {
      try {
        const token = await clients.forRequest(req, res as never).getToken();
        res.end(token.value);
      } catch (error) {
        res.statusCode = 500;
        res.end((error as { code?: string }).code ?? 'unknown');
      }
    });
  }

  /** Serves `clients`: each request calls the cloud through its accessor's fetch and answers the status, or the error code. */
  function serveCloudCalls(clients: {
    forRequest(req: IncomingMessage, res: never): CloudTokenAccessor;
  }) {
    return apps.listen(async (req, res) => {
      const answer = await clients
        .forRequest(req, res as never)
        .fetch('words/doc.docx')
        .then(
          (response) => String(response.status),
          (error: { code?: string }) => String(error.code),
        );
      res.end(answer);
    });
  }

  it('makes one token source for every request: 50 concurrent requests, 1 token request', async () => {
    const clients = createRequestClients({
      ...emulatorCredentials(emulator),
      baseUrl: emulator.apiUrl,
    });
    try {
      const url = await serveTokens(clients);
      const tokens = await Promise.all(
        Array.from({ length: 50 }, () => fetch(url).then((answer) => answer.text())),
      );
      expect(new Set(tokens).size).toBe(1);
      expect(emulator.stats.tokenRequests.total).toBe(1);
      expect(clients.prefetch).toBe(false);
    } finally {
      clients.close();
    }
  });

  it('calls the cloud through the request accessor', async () => {
    const clients = createRequestClients({
      ...emulatorCredentials(emulator),
      baseUrl: emulator.apiUrl,
    });
    try {
      const url = await serveCloudCalls(clients);
      expect(await (await fetch(url)).text()).toBe('200');
      expect(emulator.stats.apiRequestLog.at(-1)?.hadAuthorization).toBe(true);
    } finally {
      clients.close();
    }
  });

  it.each([
    ['a source whose credentials carry the API base', 'source'],
    ['that source given alone', 'bare'],
    ['per-tenant credentials that carry the API base', 'tenant'],
  ] as const)(
    'builds fetch for %s, as createAuthorizedFetch(source) would',
    async (_case, form) => {
      const withBase = { ...emulatorCredentials(emulator), baseUrl: `${emulator.apiUrl}/` };
      const source = createTokenSource(clientCredentials(withBase));
      const clients =
        form === 'source'
          ? createRequestClients({ source })
          : form === 'bare'
            ? createRequestClients(source)
            : createRequestClients({ credentials: () => withBase });
      try {
        const url = await serveCloudCalls(clients);
        expect(await (await fetch(url)).text()).toBe('200');
        expect(emulator.stats.apiRequestLog.at(-1)?.hadAuthorization).toBe(true);
      } finally {
        clients.close();
        source.close();
      }
    },
  );

  it('gives fetch no call policy of its own when neither the options nor the source has one', async () => {
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    const clients = createRequestClients({ source });
    try {
      const url = await serveCloudCalls(clients);
      expect(await (await fetch(url)).text()).toBe('ERR_USAGE');
      expect(emulator.stats.apiRequestLog).toHaveLength(0);
    } finally {
      clients.close();
      source.close();
    }
  });

  it('keeps a source given to it open on close()', async () => {
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    const clients = createRequestClients({ source, prefetch: true });
    clients.close();
    expect(clients.prefetch).toBe(true);
    await expect(source.getToken()).resolves.toBeDefined();
    source.close();
  });

  it('gives each tenant its own token through credentials(req)', async () => {
    emulator.control.addClient({ clientId: 'tenant-b', clientSecret: 'tenant-b-secret' });
    const clients = createRequestClients({
      credentials: (req: IncomingMessage) =>
        req.headers['x-tenant'] === 'b'
          ? { tokenUrl: emulator.tokenUrl, clientId: 'tenant-b', clientSecret: 'tenant-b-secret' }
          : emulatorCredentials(emulator),
      maxTenants: 2,
    });
    try {
      const url = await serveTokens(clients);
      const read = (tenant: string) =>
        fetch(url, { headers: { 'x-tenant': tenant } }).then((answer) => answer.text());
      const [a1, b1, a2, b2] = await Promise.all([read('a'), read('b'), read('a'), read('b')]);
      expect(a1).toBe(a2);
      expect(b1).toBe(b2);
      expect(a1).not.toBe(b1);
      expect(emulator.stats.tokenRequests.issued).toBe(2);
      expect(clients.tenants).toBe(2);
    } finally {
      clients.close();
    }
  });

  it.each([
    [{ prefetch: 'yes' }, 'prefetch'],
    [{ credentials: 'tenant-a' }, 'credentials'],
    [{ credentials: () => ({}), maxTenants: 0 }, 'maxTenants'],
    [{ source: {}, baseUrl: 'https://api.example.com/' }, 'source'],
    [{ source: {}, clientSecret: 'top-secret-value' }, 'clientSecret'],
  ])('rejects bad options at creation: %j names %s', (options, option) => {
    let thrown: unknown;
    try {
      createRequestClients(options as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option });
    expect(String((thrown as Error).message)).not.toContain('top-secret-value');
  });

  it.each([
    [
      {
        tokenUrl: 'https://id.example.com/token',
        clientId: 'a',
        clientSecret: 'top-secret-value',
        baseURL: 'https://api.example.com/',
      },
      'baseURL',
      'did you mean "baseUrl"?',
    ],
    [
      {
        tokenUrl: 'https://id.example.com/token',
        clientId: 'a',
        clientSecret: 'top-secret-value',
        apiBaseUrl: 'https://api.example.com/',
      },
      'apiBaseUrl',
      'did you mean "baseUrl"?',
    ],
    [{ source: 'SOURCE', logger: console }, 'logger', 'does nothing here'],
    [{ source: 'SOURCE', maxTenants: 3 }, 'maxTenants', 'does nothing here'],
    [
      { credentials: () => ({}), clientSecret: 'top-secret-value' },
      'clientSecret',
      'does nothing here',
    ],
    [
      {
        tokenUrl: 'https://id.example.com/token',
        clientId: 'a',
        clientSecret: 'top-secret-value',
        prefetc: true,
      },
      'prefetc',
      'did you mean "prefetch"?',
    ],
  ])('rejects the unknown key of %j at creation: %s', (given, option, hint) => {
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    const options = Object.fromEntries(
      Object.entries(given).map(([key, value]) => [key, value === 'SOURCE' ? source : value]),
    );
    let thrown: unknown;
    try {
      createRequestClients(options as never);
    } catch (error) {
      thrown = error;
    } finally {
      source.close();
    }
    expect(thrown).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option });
    expect((thrown as Error).message).toContain(hint);
    expect((thrown as Error).message).not.toContain('top-secret-value');
  });

  it('accepts an adapter key it is told about, and reads it with the rest', () => {
    const source = createTokenSource(clientCredentials(emulatorCredentials(emulator)));
    const stateKeySchema = optionsSchema<{ stateKey?: string }>()({
      stateKey: stringRule('cloudToken', /./, 'a non-empty string'),
    });
    expect(() => createRequestClients({ source, stateKey: 'cloud' } as never)).toThrow(/stateKey/);
    const clients = createRequestClients({ source, stateKey: 'cloud' } as never, {
      options: stateKeySchema,
    });
    expect(clients.adapterOptions).toEqual({ stateKey: 'cloud' });
    expect(() =>
      createRequestClients({ source, stateKy: 'cloud' } as never, { options: stateKeySchema }),
    ).toThrow('did you mean "stateKey"?');
    source.close();
  });

  it('keeps at most maxTenants tenant sources', async () => {
    for (const id of ['t1', 't2', 't3']) {
      emulator.control.addClient({ clientId: id, clientSecret: `${id}-secret` });
    }
    const clients = createRequestClients({
      credentials: (req: IncomingMessage) => {
        const id = String(req.headers['x-tenant']);
        return { tokenUrl: emulator.tokenUrl, clientId: id, clientSecret: `${id}-secret` };
      },
      maxTenants: 2,
    });
    try {
      const url = await serveTokens(clients);
      const seen: number[] = [];
      for (const tenant of ['t1', 't2', 't3', 't1', 't3', 't2']) {
        const answer = await fetch(url, { headers: { 'x-tenant': tenant } });
        expect(answer.status).toBe(200);
        await answer.text();
        seen.push(clients.tenants);
      }
      expect(seen).toEqual([1, 2, 2, 2, 2, 2]);
    } finally {
      clients.close();
    }
  });
});
