import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AccessToken,
  clientCredentials,
  createTokenSource,
  type TokenSource,
} from '@cloud-token/core';
import { createFakeClock, type FakeClock } from '@cloud-token/core/testing';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { MIN_TOKEN_LIFETIME_SECONDS } from '../../src/token-endpoint/token-answer.js';
import { useEmulatorSources } from '../support/emulator-sources.js';
import { runUntilSettled } from '../support/run-until-settled.js';
import { unsignedJwt } from '../support/unsigned-jwt.js';

const cloud = useEmulatorSources();
const { opened } = cloud;
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

async function tokenAt(clock: FakeClock, source: TokenSource): Promise<AccessToken> {
  const outcome = await runUntilSettled(clock, source.getToken());
  if (outcome.status === 'rejected') throw outcome.reason;
  return outcome.value;
}

/**
 * A token endpoint that lies: it always hands back the same JWT (its `exp`
 * fixed at `exp`) with a fresh `expires_in: 3600`, and dates its answers by
 * `clock`, as a server whose clock agrees with ours.
 */
async function lyingTokenEndpoint(clock: FakeClock, exp: number) {
  const token = unsignedJwt({ exp: exp / 1000, sub: 'same-token' });
  let requests = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests += 1;
      response.writeHead(200, {
        'content-type': 'application/json',
        date: new Date(clock.now()).toUTCString(),
      });
      response.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { tokenUrl: `http://127.0.0.1:${port}/connect/token`, requests: () => requests };
}

describe('createTokenSource: lifetimes', () => {
  it('issue 9 item 10: expires_in 0.001 does not make every call a token request (100 calls over 100 s → at most 5)', async () => {
    cloud.emulator.control.failTokenRequests(1_000, { kind: 'bad-expires-in', value: 0.001 });
    const clock = createFakeClock();
    const source = createTokenSource(
      clientCredentials({
        tokenUrl: cloud.emulator.tokenUrl,
        clientId: DEFAULT_CLIENT_ID,
        clientSecret: DEFAULT_CLIENT_SECRET,
      }),
      { clock, random: () => 0 },
    );
    opened.push(source);

    const first = await tokenAt(clock, source);
    // The token says what the server said; the source believes it for the minimum.
    expect(first.expiresAt - first.obtainedAt).toBe(1);
    for (let call = 1; call < 100; call++) {
      await clock.advance(1_000);
      await tokenAt(clock, source);
    }
    expect(cloud.emulator.stats.tokenRequests.total).toBeGreaterThanOrEqual(2);
    expect(cloud.emulator.stats.tokenRequests.total).toBeLessThanOrEqual(5);
    expect(MIN_TOKEN_LIFETIME_SECONDS).toBe(30);
  });

  it('issue 9 lifetimes lie: the earlier of expires_in and the JWT exp wins, and the same token re-issued does not loop', async () => {
    const clock = createFakeClock();
    const endpoint = await lyingTokenEndpoint(clock, clock.now() + 120_000);
    const source = createTokenSource(
      clientCredentials({ tokenUrl: endpoint.tokenUrl, clientId: 'c', clientSecret: 's' }),
      { clock, random: () => 0 },
    );
    opened.push(source);

    const first = await tokenAt(clock, source);
    expect(first.expiresAt).toBe(clock.now() + 120_000);

    // Five minutes of traffic, one call a second, well past the token's exp:
    // every renewal answers the same (then expired) token with expires_in 3600.
    for (let second = 1; second <= 300; second++) {
      await clock.advance(1_000);
      expect((await tokenAt(clock, source)).value).toBe(first.value);
    }
    expect(endpoint.requests()).toBeGreaterThanOrEqual(2);
    expect(endpoint.requests()).toBeLessThanOrEqual(12);
  });

  it('reads the JWT exp against the answer’s Date header, so a skewed client clock changes nothing', async () => {
    // Our clock is a year ahead of the token endpoint's: exp looks long past.
    const clock = createFakeClock();
    const server = createFakeClock(clock.now() - 365 * 86_400_000);
    const endpoint = await lyingTokenEndpoint(server, server.now() + 600_000);
    const source = createTokenSource(
      clientCredentials({ tokenUrl: endpoint.tokenUrl, clientId: 'c', clientSecret: 's' }),
      { clock, random: () => 0 },
    );
    opened.push(source);
    const token = await tokenAt(clock, source);
    expect(token.expiresAt).toBe(clock.now() + 600_000);
  });
});
