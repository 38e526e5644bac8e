import { useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, useEmulator } from '@cloud-token/emulator/testing';
import {
  cloudToken,
  cloudTokenReadiness,
  createTokenSource,
  externalToken,
} from '@cloud-token/fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fastifyVersions } from './support/fastify-versions.js';
import { listen } from './support/listen.js';

describe.each(fastifyVersions)('cloudTokenReadiness() on %s', (_name, Fastify) => {
  let emulator: Emulator;
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
  beforeAll(() => {
    emulator = cloud.emulator;
  });
  const apps = useAppsPerTest({ afterEach });

  /** An app answering probes at /readyz on the plugin's source, with a hook of its own. */
  async function serve(clientSecret: string): Promise<string> {
    const app = apps.closeAfterTest(Fastify());
    await app.register(cloudToken, { ...emulatorCredentials(emulator), clientSecret });
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('x-hook', 'seen');
    });
    app.get('/readyz', cloudTokenReadiness(app.cloudToken, { timeoutMs: 2_000 }));
    return `${await listen(app)}/readyz`;
  }

  it('answers 200 once the source has a token, with the headers hooks set', async () => {
    const answer = await fetch(await serve(emulatorCredentials(emulator).clientSecret));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ ready: true, store: 'local' });
    expect(answer.headers.get('x-hook')).toBe('seen');
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('answers 503 with Retry-After while the token endpoint holds the source back', async () => {
    emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '90' });
    const answer = await fetch(await serve(emulatorCredentials(emulator).clientSecret));
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('90');
    expect(await answer.json()).toMatchObject({ ready: false, reason: expect.any(String) });
  });

  it('checks its arguments when it is created', () => {
    const source = createTokenSource(externalToken('external-token'));
    try {
      expect(() => cloudTokenReadiness(undefined as never)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }),
      );
      expect(() => cloudTokenReadiness(source, { timeoutMS: 5 } as never)).toThrow(
        'did you mean "timeoutMs"?',
      );
    } finally {
      source.close();
    }
  });
});
