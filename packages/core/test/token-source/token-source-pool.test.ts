import {
  type AccessToken,
  type ClientCredentialsGrant,
  clientCredentials,
  createTokenSource,
  createTokenSourcePool,
  isCloudTokenError,
  type TokenSource,
} from '@cloud-token/core';
import { thrownBy } from '@cloud-token/core/testing';
import { type Emulator, startEmulator } from '@cloud-token/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const tokenUrl = 'https://id.example.test/connect/token';

function tenant(id: number | string, secret = `secret-${id}`) {
  return { tokenUrl, clientId: `tenant-${id}`, clientSecret: secret };
}

interface RecordingSource extends TokenSource {
  readonly grant: ClientCredentialsGrant;
  closed: boolean;
}

function recordingPool(maxSize?: number) {
  const created: RecordingSource[] = [];
  const pool = createTokenSourcePool({
    ...(maxSize === undefined ? {} : { maxSize }),
    create(grant) {
      const source: RecordingSource = {
        grant,
        identity: grant.identity,
        closed: false,
        getToken: () => Promise.reject(new Error('not used')),
        invalidate: () => false,
        peek: () => undefined,
        close() {
          source.closed = true;
        },
      };
      created.push(source);
      return source;
    },
  });
  return { pool, created };
}

describe('createTokenSourcePool', () => {
  it('returns the same source for the same credentials and another for other credentials', () => {
    const { pool, created } = recordingPool();
    const first = pool.get(tenant(1));
    expect(pool.get(tenant(1))).toBe(first);
    expect(pool.get(tenant(2))).not.toBe(first);
    expect(pool.get(tenant(1, 'rotated-secret'))).not.toBe(first);
    expect(created).toHaveLength(3);
    expect(first.identity).toBe(clientCredentials(tenant(1)).identity);
  });

  it('keeps 1,000 tenants within its bound and closes every evicted source', () => {
    const { pool, created } = recordingPool(50);
    for (let id = 0; id < 1_000; id++) {
      pool.get(tenant(id));
      expect(pool.size).toBeLessThanOrEqual(50);
    }
    expect(created).toHaveLength(1_000);
    const open = created.filter((source) => !source.closed);
    expect(open.map((source) => source.grant.clientId)).toEqual(
      Array.from({ length: 50 }, (_, index) => `tenant-${950 + index}`),
    );
    expect(created.filter((source) => source.closed)).toHaveLength(950);
  });

  it('evicts the least recently used source, not the oldest one', () => {
    const { pool, created } = recordingPool(2);
    const first = pool.get(tenant('a'));
    pool.get(tenant('b'));
    pool.get(tenant('a'));
    pool.get(tenant('c'));
    const closedOf = (clientId: string) =>
      created.find((source) => source.grant.clientId === clientId)?.closed;
    expect(closedOf('tenant-a')).toBe(false);
    expect(closedOf('tenant-b')).toBe(true);
    expect(pool.get(tenant('a'))).toBe(first);
  });

  it('keys sources by the credential store key, the same key the token store uses', () => {
    const { pool, created } = recordingPool();
    const spaced = pool.get({ ...tenant(1), scope: 'api.read api.write' });
    expect(pool.get({ ...tenant(1), scope: ['api.read', 'api.write'] })).toBe(spaced);
    expect(created).toHaveLength(1);
    expect((spaced as RecordingSource).grant.storeKey).toBe(
      clientCredentials({ ...tenant(1), scope: 'api.read api.write' }).storeKey,
    );
  });

  it("makes a missing source with get()'s own create when given, and shares it with later callers", () => {
    const { pool, created } = recordingPool();
    const made: ClientCredentialsGrant[] = [];
    const own = (grant: ClientCredentialsGrant): TokenSource => {
      made.push(grant);
      return createTokenSource(grant);
    };
    const first = pool.get(tenant('own'), own);
    expect(made).toHaveLength(1);
    expect(created).toHaveLength(0);
    // A later caller with another create gets the same source: the first one's.
    expect(pool.get(tenant('own'), own)).toBe(first);
    expect(pool.get(tenant('own'))).toBe(first);
    expect(made).toHaveLength(1);
    expect(thrownBy(() => pool.get(tenant(2), 'nope' as never))).toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
      option: 'create',
    });
    pool.close();
  });

  it('has a documented default bound of 100', () => {
    const { pool, created } = recordingPool();
    for (let id = 0; id < 101; id++) pool.get(tenant(id));
    expect(pool.size).toBe(100);
    expect(created[0]?.closed).toBe(true);
  });

  it('closes every source on close() and refuses later use', () => {
    const { pool, created } = recordingPool();
    pool.get(tenant(1));
    pool.get(tenant(2));
    pool.close();
    expect(created.every((source) => source.closed)).toBe(true);
    expect(pool.size).toBe(0);
    expect(thrownBy(() => pool.get(tenant(1)))).toMatchObject({ code: 'ERR_USAGE' });
  });

  it.each([
    [{ maxSize: 0 }, 'maxSize'],
    [{ maxSize: 1.5 }, 'maxSize'],
    [{ maxSize: '10' as unknown as number }, 'maxSize'],
    [{ create: 'nope' as unknown as () => TokenSource }, 'create'],
  ])('rejects invalid options %o at creation', (options, option) => {
    expect(thrownBy(() => createTokenSourcePool(options))).toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
      option,
    });
  });

  it('rejects invalid credentials without echoing the secret and creates nothing', () => {
    const { pool, created } = recordingPool();
    const caught = thrownBy(() =>
      pool.get({ tokenUrl: 'not a url', clientId: 'tenant', clientSecret: 'hunter2-secret' }),
    );
    expect(isCloudTokenError(caught, 'ERR_INVALID_OPTIONS')).toBe(true);
    expect(String((caught as Error).message)).not.toContain('hunter2-secret');
    expect(created).toHaveLength(0);
  });
});

describe('createTokenSourcePool against the emulator', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      clients: [
        { clientId: 'tenant-a', clientSecret: 'secret-a' },
        { clientId: 'tenant-b', clientSecret: 'secret-b' },
      ],
    });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("keeps one tenant's rejected credentials away from another tenant", async () => {
    const pool = createTokenSourcePool({ create: (grant) => createTokenSource(grant) });
    const credentials = (clientId: string, clientSecret: string) => ({
      tokenUrl: emulator.tokenUrl,
      clientId,
      clientSecret,
    });
    try {
      const broken = pool.get(credentials('tenant-a', 'wrong-secret'));
      await expect(broken.getToken()).rejects.toMatchObject({ code: 'ERR_CREDENTIALS_REJECTED' });
      // The rejection is remembered: a second call sends no request.
      const afterRejection = emulator.stats.tokenRequests.total;
      await expect(broken.getToken()).rejects.toMatchObject({ code: 'ERR_CREDENTIALS_REJECTED' });
      expect(emulator.stats.tokenRequests.total).toBe(afterRejection);

      const healthy: AccessToken = await pool.get(credentials('tenant-b', 'secret-b')).getToken();
      const fixed: AccessToken = await pool.get(credentials('tenant-a', 'secret-a')).getToken();
      expect(healthy.value).not.toBe(fixed.value);
      expect(emulator.stats.tokenRequests.issued).toBe(2);
    } finally {
      pool.close();
    }
  });

  it('issue 9 item 3: a rejected tenant evicted from a pool of 2 stays rejected (8 rounds → 1 rejected token request, no lockout)', async () => {
    emulator.control.reset();
    emulator.control.addClient({ clientId: 'tenant-c', clientSecret: 'secret-c' });
    const pool = createTokenSourcePool({ maxSize: 2 });
    const tenants = [
      { tokenUrl: emulator.tokenUrl, clientId: 'tenant-a', clientSecret: 'wrong-secret' },
      { tokenUrl: emulator.tokenUrl, clientId: 'tenant-b', clientSecret: 'secret-b' },
      { tokenUrl: emulator.tokenUrl, clientId: 'tenant-c', clientSecret: 'secret-c' },
    ];
    const codes: string[] = [];
    try {
      for (let round = 0; round < 8; round++) {
        for (const tenant of tenants) {
          // Three tenants in a pool of two: every round evicts and re-creates sources.
          const outcome = await pool
            .get(tenant)
            .getToken()
            .then(
              () => 'ok',
              (error: unknown) => (isCloudTokenError(error) ? error.code : 'unknown'),
            );
          codes.push(outcome);
        }
      }
    } finally {
      pool.close();
    }
    expect(codes.filter((code) => code === 'ERR_CREDENTIALS_REJECTED')).toHaveLength(8);
    expect(codes.filter((code) => code === 'ok')).toHaveLength(16);
    expect(emulator.stats.tokenRequests.rejected).toBe(1);
    expect(emulator.stats.lockouts).toBe(0);
    // The good tenants' tokens outlive their evicted sources too.
    expect(emulator.stats.tokenRequests.issued).toBe(2);
  });
});
