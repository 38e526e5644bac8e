import type { IncomingMessage } from 'node:http';
import { useAppsPerTest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import { cloudToken } from '@cloud-token/express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expressVersions } from './support/express-versions.js';
import { relayCloudFetch } from './support/relay-cloud-fetch.js';

const tenantCount = 8;
const tenants = Array.from({ length: tenantCount }, (_, index) => ({
  clientId: `tenant-${index}`,
  clientSecret: `secret-of-tenant-${index}`,
}));

describe.each(expressVersions)('cloudToken() per tenant with %s', (_name, express) => {
  let emulator: Emulator;
  const emulatorFixture = useEmulator(
    { beforeAll, beforeEach, afterAll },
    { emulator: { clients: tenants } },
  );
  beforeAll(() => {
    emulator = emulatorFixture.emulator;
  });
  const apps = useAppsPerTest({ afterEach });

  /** Tenant `n` comes from the `x-tenant` header; tenant 0's secret can be broken on purpose. */
  async function serve(options: { maxTenants?: number; brokenTenant?: string } = {}) {
    const middleware = cloudToken({
      credentials: (req: IncomingMessage) => {
        const tenant = tenants[Number(req.headers['x-tenant'])];
        if (tenant === undefined) throw new Error('unknown tenant');
        const clientSecret =
          tenant.clientId === options.brokenTenant ? 'not-the-secret' : tenant.clientSecret;
        return { tokenUrl: emulator.tokenUrl, clientId: tenant.clientId, clientSecret };
      },
      baseUrl: emulator.apiUrl,
      ...(options.maxTenants === undefined ? {} : { maxTenants: options.maxTenants }),
    });
    const app = express();
    app.use(apps.closeAfterTest(middleware));
    app.get('/echo', relayCloudFetch('words/tenant'));
    const url = await apps.listen(app);
    return async (tenant: number) => {
      const answer = await fetch(`${url}/echo`, { headers: { 'x-tenant': String(tenant) } });
      return { status: answer.status, body: await answer.text() };
    };
  }

  it('gives each tenant its own token, one token request per tenant', async () => {
    const call = await serve();
    const answers = await Promise.all([0, 1, 0, 1, 0, 1].map((tenant) => call(tenant)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const echoed = answers.map(
      (answer) => JSON.parse(answer.body) as { clientId: string; jti: string },
    );
    expect(new Set(echoed.map((body) => body.clientId))).toEqual(new Set(['tenant-0', 'tenant-1']));
    const jtiOf = (clientId: string) =>
      new Set(echoed.filter((body) => body.clientId === clientId).map((body) => body.jti));
    expect(jtiOf('tenant-0').size).toBe(1);
    expect(jtiOf('tenant-1').size).toBe(1);
    expect([...jtiOf('tenant-0')][0]).not.toBe([...jtiOf('tenant-1')][0]);
    expect(emulator.stats.tokenRequests.issued).toBe(2);
  });

  it("keeps one tenant's rejected credentials away from the others", async () => {
    const call = await serve({ brokenTenant: 'tenant-0' });
    const broken = await call(0);
    expect(broken.status).toBe(502);
    expect(broken.body).not.toContain('not-the-secret');
    expect((await call(1)).status).toBe(200);
    expect((await call(2)).status).toBe(200);
    // The broken tenant fails fast from then on, without another token request.
    expect((await call(0)).status).toBe(502);
    expect(emulator.stats.tokenRequests.rejected).toBe(1);
    expect(emulator.stats.tokenRequests.issued).toBe(2);
  });

  it('keeps at most maxTenants sources and closes the evicted ones', async () => {
    const call = await serve({ maxTenants: 3 });
    for (const tenant of [0, 1, 2]) expect((await call(tenant)).status).toBe(200);
    // Within the bound: every tenant's cached token is reused.
    for (const tenant of [0, 1, 2]) expect((await call(tenant)).status).toBe(200);
    expect(emulator.stats.tokenRequests.issued).toBe(3);

    // Five more tenants push 0, 1 and 2 out. Coming back, tenant 0 gets a new
    // source, which adopts the token the credential's store entry still holds
    // (issue 8: the token and guard state belong to the credential, not to
    // the source object): no new token request.
    for (const tenant of [3, 4, 5, 6, 7]) expect((await call(tenant)).status).toBe(200);
    expect(emulator.stats.tokenRequests.issued).toBe(8);
    expect((await call(0)).status).toBe(200);
    expect(emulator.stats.tokenRequests.issued).toBe(8);
    // The most recent tenants are still cached.
    for (const tenant of [6, 7]) expect((await call(tenant)).status).toBe(200);
    expect(emulator.stats.tokenRequests.issued).toBe(8);
  });

  it('issue 9 item 3: a rejected tenant evicted with maxTenants: 2 stays rejected (8 rounds → 1 rejected token request, no lockout)', async () => {
    const call = await serve({ maxTenants: 2, brokenTenant: 'tenant-0' });
    const statuses: number[] = [];
    for (let round = 0; round < 8; round++) {
      for (const tenant of [0, 1, 2]) statuses.push((await call(tenant)).status);
    }
    expect(statuses.filter((status) => status === 502)).toHaveLength(8);
    expect(statuses.filter((status) => status === 200)).toHaveLength(16);
    expect(emulator.stats.tokenRequests.rejected).toBe(1);
    expect(emulator.stats.lockouts).toBe(0);
  });

  it('forwards a failing credentials(req) to next(err)', async () => {
    const call = await serve();
    const answer = await call(99);
    expect(answer.status).toBe(500);
    expect(emulator.stats.tokenRequests.total).toBe(0);
  });
});
