import { PassThrough } from 'node:stream';
import * as core from '@cloud-token/core';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import { runCli } from '../src/run-cli.js';
import { sidecarSchema } from '../src/sidecar/sidecar-options.js';
import { CLIENT_ID, CLIENT_SECRET, useCliCloud } from './support/cli-cloud.js';
import { curl } from './support/curl.js';

/*
 * startSidecar, this package's one function, reads its options through one
 * schema (the core's credentials and token-source tables and the sidecar's
 * own): a misspelt key is refused with a did-you-mean, and a polluted
 * Object.prototype changes nothing. The command line reads its flags and
 * its environment the same way: own values only.
 */

const cloud = useCliCloud();
const credentials = () => ({
  tokenUrl: cloud.emulator.tokenUrl,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
});

type Values = Record<string, unknown>;

/**
 * Runs `action` while Object.prototype carries `values`; the prototype is
 * restored whatever happens. Writable, as an assignment that pollutes makes
 * them: a read-only inherited `port` would stop Node itself from setting
 * `server.address().port`.
 */
async function withPrototype<T>(values: Values, action: () => Promise<T>): Promise<T> {
  for (const [key, value] of Object.entries(values)) {
    Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true });
  }
  try {
    return await action();
  } finally {
    for (const key of Object.keys(values)) Reflect.deleteProperty(Object.prototype, key);
  }
}

/** A token facade request for the local client `id`/`secret`, by curl. */
function askForToken(url: string, id: string, secret: string) {
  return curl(`${url}/connect/token`, [
    '-d',
    `grant_type=client_credentials&client_id=${id}&client_secret=${secret}`,
  ]);
}

it('has one function of its own, startSidecar', () => {
  const functions = Object.entries(api).filter(([, value]) => typeof value === 'function');
  expect(functions.map(([name]) => name)).toEqual(['startSidecar']);
});

it.each([
  ['its own options', { localClientSecert: 'x' }, 'localClientSecert', 'localClientSecret'],
  ['the credentials', { clientSecrett: 'x' }, 'clientSecrett', 'clientSecret'],
  ['the token source options', { timeoutMS: 1 }, 'timeoutMS', 'timeoutMs'],
  ['a nested token source option', { retry: { attemps: 2 } }, 'retry.attemps', 'retry.attempts'],
])(
  'startSidecar refuses a misspelt key of %s with a did-you-mean, before anything starts',
  async (_where, extra, key, meant) => {
    const refusal = await api.startSidecar({ ...credentials(), ...extra } as never).then(
      async (sidecar) => {
        await sidecar.close();
        throw new Error('the options were accepted');
      },
      (error: unknown) => error,
    );
    expect(refusal).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: key });
    expect((refusal as Error).message).toContain(`did you mean "${meant}"?`);
    expect((refusal as Error).message).not.toContain(CLIENT_SECRET);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(0);
  },
);

describe('a polluted Object.prototype changes nothing', () => {
  it('startSidecar reads no inherited key', async () => {
    const keys = [
      ...sidecarSchema.keys,
      ...Object.values(core.DEFAULT_TOKEN_SOURCE_OPTIONS).flatMap((group) =>
        typeof group === 'object' ? Object.keys(group) : [],
      ),
    ];
    // A symbol is a value no rule accepts: reading any inherited key would throw.
    const polluted = Object.fromEntries(keys.map((key) => [key, Symbol('polluted')]));
    const sidecar = await withPrototype(polluted, () => api.startSidecar(credentials()));
    try {
      expect(sidecar.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const answer = await askForToken(sidecar.url, CLIENT_ID, CLIENT_SECRET);
      expect(answer.status).toBe(200);
    } finally {
      await sidecar.close();
    }
  });

  it('an inherited host, allowRemote, socket or local secret neither opens the sidecar nor changes who may ask', async () => {
    const inherited = {
      host: '0.0.0.0',
      allowRemote: true,
      socket: '/tmp/cloud-token-inherited.sock',
      localClientId: 'inherited-client',
      localClientSecret: 'inherited-local-secret',
    };
    const sidecar = await withPrototype(inherited, () => api.startSidecar(credentials()));
    try {
      expect(sidecar.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sidecar.socket).toBeUndefined();
      const rebound = await curl(`${sidecar.url}/healthz`, ['-H', 'Host: evil.example']);
      expect(rebound.status).toBe(403);
      const inheritedPair = await askForToken(
        sidecar.url,
        'inherited-client',
        'inherited-local-secret',
      );
      expect(inheritedPair.status).toBe(401);
      const configured = await askForToken(sidecar.url, CLIENT_ID, CLIENT_SECRET);
      expect(configured.status).toBe(200);
    } finally {
      await sidecar.close();
    }
  });

  it('the command line reads no inherited flag or environment variable', async () => {
    const stderr = new PassThrough();
    const stdout = new PassThrough();
    let written = '';
    stderr.on('data', (chunk: Buffer) => {
      written += chunk.toString('utf8');
    });
    const env = { CLOUD_TOKEN_URL: cloud.emulator.tokenUrl, CLOUD_TOKEN_CLIENT_ID: CLIENT_ID };
    const code = await withPrototype(
      {
        CLOUD_TOKEN_CLIENT_SECRET: CLIENT_SECRET,
        'client-secret-file': '/etc/hostname',
        'client-secret-stdin': true,
        json: true,
      },
      () => runCli(['token'], { stdin: new PassThrough(), stdout, stderr, env }),
    );
    expect(code).toBe(64);
    expect(written).toMatch(/^cloud-token: usage: no client secret: set CLOUD_TOKEN_CLIENT_SECRET/);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(0);
  });
});
