import {
  type ClientCredentialsOptions,
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  createTokenSourcePool,
} from '@cloud-token/core';
import type { Emulator } from '@cloud-token/emulator';
import { API_PATH, emulatorSource, withEmulator } from '../emulator.js';
import { fakeTokenEndpoint } from '../fake-token-endpoint.js';
import type { Figure } from '../figure.js';
import { runLoad } from '../load.js';
import { canCollectGarbage, heapUsedAfterGc } from '../measure.js';
import { sized } from '../quick.js';
import { readOk } from '../read-ok.js';
import type { Suite, SuiteContext } from '../suite.js';

const SOURCES = 1_000;
const LEAK_CALLS = sized(20_000, 2_000);
const WARMUP_CALLS = sized(2_000, 500);
const CONCURRENCY = 50;
const KIB = 1_024;
/** Above this, heap growth per call looks like something is kept per request. */
const SUSPICIOUS_BYTES_PER_CALL = 100;

/**
 * Heap per token source and per cached token (1,000 tenants in a pool), and
 * heap growth across 20,000 authorized-fetch calls as a leak check.
 */
export const memory: Suite = {
  title: '6 memory',
  async run(context) {
    if (!canCollectGarbage()) {
      console.warn('  node runs without --expose-gc: heap figures include garbage');
    }
    const perTenant = await measurePerTenant(context);
    const leak = await withEmulator((emulator) => measureLeak(emulator));
    return [...perTenant, ...leak];
  },
};

async function measurePerTenant({ checks }: SuiteContext): Promise<Figure[]> {
  // Made first, so the credentials' own strings count in no figure.
  const tenants: ClientCredentialsOptions[] = Array.from({ length: SOURCES }, (_, index) => ({
    tokenUrl: 'http://127.0.0.1:9/connect/token',
    clientId: `tenant-${index}`,
    clientSecret: `secret-of-tenant-${index}-${'x'.repeat(24)}`,
  }));
  const grantBytes = await heapPerItem(() => tenants.map((tenant) => clientCredentials(tenant)));

  const pool = createTokenSourcePool({
    maxSize: SOURCES,
    create: (grant) => createTokenSource(grant, { fetch: fakeTokenEndpoint }),
  });
  try {
    const empty = await heapUsedAfterGc();
    for (const tenant of tenants) pool.get(tenant);
    const withSources = await heapUsedAfterGc();
    // Sequential, and nothing kept here: only the sources' caches hold the tokens.
    for (const tenant of tenants) await pool.get(tenant).getToken();
    const withTokens = await heapUsedAfterGc();
    const cached = tenants.filter((tenant) => pool.get(tenant).peek() !== undefined).length;
    checks.expect(
      pool.size === SOURCES && cached === SOURCES,
      `memory: the pool holds ${pool.size} sources and ${cached} cached tokens, expected ${SOURCES} of each`,
    );
    const tokenLength = pool.get(tenants[0]!).peek()?.value.length ?? 0;
    return [
      {
        figure: `heap per token source (${SOURCES} in a pool, no requests)`,
        value: (withSources - empty) / SOURCES,
        unit: 'B',
        baseline: grantBytes,
        baselineLabel: 'its clientCredentials() grant',
      },
      {
        figure: 'heap per cached token',
        value: (withTokens - withSources) / SOURCES,
        unit: 'B',
        baseline: tokenLength,
        baselineLabel: 'the JWT string',
      },
    ];
  } finally {
    pool.close();
  }
}

/** Heap bytes per element of what `make` returns, measured while it is still referenced. */
async function heapPerItem(make: () => unknown[]): Promise<number> {
  const before = await heapUsedAfterGc();
  const items = make();
  const after = await heapUsedAfterGc();
  return (after - before) / items.length;
}

async function measureLeak(emulator: Emulator): Promise<Figure[]> {
  const source = emulatorSource(emulator);
  try {
    const authorizedFetch = createAuthorizedFetch(source, { baseUrl: emulator.apiUrl });
    const { authorization } = await source.getToken();
    const url = `${emulator.apiUrl}/${API_PATH}`;
    const viaAuthorizedFetch = async () => readOk(await authorizedFetch(API_PATH));
    const viaPlainFetch = async () => readOk(await fetch(url, { headers: { authorization } }));
    await runLoad(WARMUP_CALLS, CONCURRENCY, viaAuthorizedFetch);
    await runLoad(WARMUP_CALLS, CONCURRENCY, viaPlainFetch);
    const growth = await heapGrowthAcross(emulator, viaAuthorizedFetch);
    const plainGrowth = await heapGrowthAcross(emulator, viaPlainFetch);
    const perCall = growth / LEAK_CALLS;
    if (perCall > SUSPICIOUS_BYTES_PER_CALL) {
      console.warn(`  heap grew ${perCall.toFixed(0)} B per authorized-fetch call: a leak?`);
    }
    const plainLabel = `plain fetch: ${(plainGrowth / KIB).toFixed(0)} KiB`;
    return [
      {
        figure: `heap growth after ${LEAK_CALLS.toLocaleString('en-US')} authorized-fetch calls`,
        value: growth / KIB,
        unit: 'KiB',
        baselineLabel: plainLabel,
      },
      {
        figure: 'heap growth per authorized-fetch call',
        value: perCall,
        unit: 'B',
        baselineLabel: `plain fetch: ${(plainGrowth / LEAK_CALLS).toFixed(1)} B`,
      },
    ];
  } finally {
    source.close();
  }
}

/**
 * Heap after minus heap before {@link LEAK_CALLS} calls, both after a full
 * collection; the emulator's request log is cleared first, since it keeps a
 * record of every request in this same process.
 */
async function heapGrowthAcross(emulator: Emulator, call: () => Promise<void>): Promise<number> {
  emulator.control.reset();
  const before = await heapUsedAfterGc();
  await runLoad(LEAK_CALLS, CONCURRENCY, call);
  emulator.control.reset();
  return (await heapUsedAfterGc()) - before;
}
