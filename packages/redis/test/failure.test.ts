import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisTokenStore, redisTokenStore } from '../src/index.js';
import { type RedisServer, startRedisServer } from '../src/testing/index.js';
import { type ClientForm, clientForms } from './support/client-forms.js';
import { waitFor } from './support/wait-for.js';

interface LogLine {
  level: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}

function recordingLogger(lines: LogLine[]) {
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, fields });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Every store method once, each settled: what the token source would call. */
async function everyMethod(store: RedisTokenStore, key: string) {
  const lock = { owner: 'o', generation: 1 };
  const token = { value: 'v', type: 'Bearer', expiresInMs: 60_000, generation: 1 };
  return Promise.allSettled([
    store.read(key),
    store.acquireLock(key, 1_000),
    store.writeToken(key, token, lock),
    store.releaseLock(key, lock),
    store.updateGuard(key, { failed: true, windowMs: 60_000 }, 60_000),
  ]);
}

it('runs where a rejection nobody handles ends the process (--unhandled-rejections=strict)', () => {
  expect(process.execArgv).toContain('--unhandled-rejections=strict');
});

describe.each(clientForms)('Redis failing, over $name', (form) => {
  let server: RedisServer;
  let client: ClientForm;
  beforeAll(async () => {
    server = await startRedisServer();
    client = await form.connect(server.url);
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('killed: every method rejects, the outage is logged once; restarted: it works again, logged once', async () => {
    const lines: LogLine[] = [];
    const store = redisTokenStore({
      ...client.options,
      commandTimeoutMs: 300,
      logger: recordingLogger(lines),
    });
    const key = randomBytes(16).toString('hex');
    const unsubscribe = store.subscribe?.(key, () => {});
    try {
      expect((await everyMethod(store, key)).map((r) => r.status)).toEqual(
        Array(5).fill('fulfilled'),
      );
      await server.kill();
      for (let round = 0; round < 3; round++) {
        const settled = await everyMethod(store, key);
        expect(settled.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
      }
      expect(lines.filter((line) => line.level === 'warn')).toHaveLength(1);
      expect(lines[0]?.fields).toMatchObject({ reason: expect.any(String) });

      await server.restart();
      await waitFor(async () => {
        const settled = await everyMethod(store, key);
        return settled.every((r) => r.status === 'fulfilled');
      }, 'the store to work again');
      expect(lines.map((line) => line.level)).toEqual(['warn', 'info']);
      // The restarted server lost the scripts: EVALSHA → NOSCRIPT → EVAL, transparently.
      await expect(store.read(key)).resolves.toMatchObject({});
    } finally {
      unsubscribe?.();
      await store.close();
    }
  });

  it('slow (every client paused): every method rejects within the command timeout', async () => {
    const store = redisTokenStore({ ...client.options, commandTimeoutMs: 200 });
    const key = randomBytes(16).toString('hex');
    // Wait for the client's own reconnection after the previous test's restart.
    await waitFor(
      async () =>
        await store.read(key).then(
          () => true,
          () => false,
        ),
      'a connection',
    );
    await client.command('CLIENT', 'PAUSE', '1500', 'ALL');
    try {
      const settled = await everyMethod(store, key);
      expect(settled.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
      expect(String((settled[0] as PromiseRejectedResult).reason)).toMatch(/did not answer/);
    } finally {
      await store.close();
    }
    // The late replies arrive after the pause; nothing is left unhandled (strict mode would fail the run).
    await waitFor(
      async () =>
        await store.read(key).then(
          () => true,
          () => false,
        ),
      'the pause to end',
    );
  });
});
