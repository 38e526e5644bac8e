import type { Emulator } from '@cloud-token/emulator';
import axios from 'axios';
import { compareLoad, STANDARD_LOAD } from '../compare-load.js';
import { API_PATH, emulatorCredentials, withEmulator } from '../emulator.js';
import type { Figure } from '../figure.js';
import { OAUTH_PEERS, type OAuthPeer, type PeerClient } from '../peers/oauth-clients.js';
import { FIXED_AUTHORIZATION } from '../proxies/proxy-candidates.js';
import { sized } from '../quick.js';
import type { Suite, SuiteContext } from '../suite.js';
import { startApiServer } from './separate-process-client.js';

/** The suite's title; the docs' cross-library table is made from its figures. */
export const OAUTH_PEERS_TITLE = '16 OAuth client libraries, same machine and run';

const HERD = sized(1_000, 200);
const STORM = 100;
const WRONG_SECRET_WAVES = 10;
const WAVE = 10;
const THROTTLED = 20;
const WRONG_SECRET = 'not-the-emulator-secret';

/**
 * cloud-token beside the OAuth client libraries users pick, each set up as
 * its README shows for client_credentials, each scenario against a fresh
 * emulator: token requests for a cold herd, a 401 storm (every token revoked
 * while warm) and a wrong secret; calls answered 200 while the API answers
 * 429 with `Retry-After: 1`; the per-call cost against the bare call with a
 * fixed header (fetch or axios, the library's own transport), sequentially,
 * the API in another process.
 */
export const oauthClientPeers: Suite = {
  title: OAUTH_PEERS_TITLE,
  run: async (context) => {
    const figures: Figure[] = [];
    for (const peer of OAUTH_PEERS) figures.push(...(await scenarios(peer, context)));
    figures.push(...(await perCallOverhead()));
    return figures;
  },
};

async function scenarios(peer: OAuthPeer, { checks }: SuiteContext): Promise<Figure[]> {
  const ours = peer === OAUTH_PEERS[0];
  const count = (
    figure: string,
    value: number,
    baseline: number,
    baselineLabel: string,
  ): Figure => ({
    figure: `${peer.label}: ${figure}`,
    value,
    unit: '',
    baseline,
    baselineLabel,
  });
  const herd = await withClient(peer, async (client, emulator) => {
    const statuses = await Promise.all(Array.from({ length: HERD }, () => client.call(API_PATH)));
    return { tokens: emulator.stats.tokenRequests.total, ok: okCount(statuses) };
  });
  const storm = await withClient(peer, async (client, emulator) => {
    await client.call(API_PATH);
    const before = emulator.stats.tokenRequests.total;
    emulator.control.revokeAllTokens();
    const statuses = await Promise.all(Array.from({ length: STORM }, () => client.call(API_PATH)));
    return { tokens: emulator.stats.tokenRequests.total - before, ok: okCount(statuses) };
  });
  const wrong = await withClient(
    peer,
    async (client, emulator) => {
      for (let wave = 0; wave < WRONG_SECRET_WAVES; wave += 1) {
        await Promise.all(Array.from({ length: WAVE }, () => client.call(API_PATH)));
      }
      return { tokens: emulator.stats.tokenRequests.total, ok: 0 };
    },
    WRONG_SECRET,
  );
  const throttled = await withClient(peer, async (client, emulator) => {
    await client.call(API_PATH);
    emulator.control.failApiRequests(THROTTLED, { status: 429, retryAfter: '1' });
    const statuses = await Promise.all(
      Array.from({ length: THROTTLED }, () => client.call(API_PATH)),
    );
    return { tokens: 0, ok: okCount(statuses) };
  });
  if (ours) {
    checks.expect(
      herd.tokens === 1,
      `oauth peers: cloud-token's herd sent ${herd.tokens} token requests, expected 1`,
    );
    checks.expect(
      storm.tokens === 1 && storm.ok === STORM,
      `oauth peers: cloud-token's 401 storm: ${storm.tokens} token requests, ${storm.ok} of ${STORM} answered`,
    );
    checks.expect(
      wrong.tokens <= 1,
      `oauth peers: cloud-token's wrong secret sent ${wrong.tokens} token requests, expected ≤ 1`,
    );
  }
  const calls = WRONG_SECRET_WAVES * WAVE;
  return [
    count(`cold herd of ${HERD}: token requests`, herd.tokens, HERD, 'one per call'),
    count(`cold herd of ${HERD}: calls answered 200`, herd.ok, HERD, 'calls'),
    count(`401 storm of ${STORM}: token requests`, storm.tokens, STORM, 'one per call'),
    count(`401 storm of ${STORM}: calls answered 200`, storm.ok, STORM, 'calls'),
    count(
      `wrong secret, ${WRONG_SECRET_WAVES} waves of ${WAVE} calls: token requests`,
      wrong.tokens,
      calls,
      'one per call',
    ),
    count(
      `429 with Retry-After: 1 on ${THROTTLED} calls: calls answered 200`,
      throttled.ok,
      THROTTLED,
      'calls',
    ),
  ];
}

/** Runs `use` with a fresh emulator and the peer's client for it (a wrong `secret` if given). */
function withClient<T>(
  peer: OAuthPeer,
  use: (client: PeerClient, emulator: Emulator) => Promise<T>,
  secret?: string,
): Promise<T> {
  return withEmulator(async (emulator) => {
    const { tokenUrl, clientId, clientSecret } = emulatorCredentials(emulator, secret);
    const client = peer.start(
      { tokenUrl: String(tokenUrl), clientId, clientSecret },
      `${emulator.apiUrl}/`,
    );
    try {
      return await use(client, emulator);
    } finally {
      client.close();
    }
  });
}

const okCount = (statuses: readonly number[]) => statuses.filter((status) => status === 200).length;

/** Every library's sequential calls against the bare call on its own transport, plus the noise floor. */
async function perCallOverhead(): Promise<Figure[]> {
  const api = await startApiServer();
  try {
    return await withEmulator(async (emulator) => {
      const { tokenUrl, clientId, clientSecret } = emulatorCredentials(emulator);
      const apiBase = `${api.ready.url}/v4.0/`;
      const headers = { authorization: FIXED_AUTHORIZATION };
      const plainAxios = axios.create({ baseURL: apiBase, headers });
      const bare = {
        fetch: async () => {
          await (await fetch(`${apiBase}${API_PATH}`, { headers })).arrayBuffer();
        },
        axios: async () => {
          await plainAxios.get(API_PATH);
        },
      };
      const load = { ...STANDARD_LOAD, concurrency: 1 };
      const figures: Figure[] = [];
      for (const peer of OAUTH_PEERS) {
        const client = peer.start({ tokenUrl: String(tokenUrl), clientId, clientSecret }, apiBase);
        try {
          const [rate] = await compareLoad({
            ...load,
            label: `${peer.label}: sequential calls`,
            candidate: async () => {
              const status = await client.call(API_PATH);
              if (status !== 200) throw new Error(`${peer.label}: expected 200, got ${status}`);
            },
            baseline: bare[peer.transport],
          });
          if (rate !== undefined)
            figures.push(...overheadFigures(rate, `${peer.transport} + fixed header`));
        } finally {
          client.close();
        }
      }
      const [noise] = await compareLoad({
        ...load,
        label: 'noise floor, fetch + fixed header against itself: sequential calls',
        candidate: bare.fetch,
        baseline: bare.fetch,
      });
      if (noise !== undefined) figures.push(...overheadFigures(noise, 'fetch + fixed header'));
      return figures;
    });
  } finally {
    await api.close();
  }
}

/** The requests/s figure, and the same as microseconds per call above the bare call's. */
function overheadFigures(rate: Figure, baselineLabel: string): Figure[] {
  const baseline = rate.baseline ?? rate.value;
  return [
    { ...rate, baselineLabel },
    {
      figure: rate.figure.replace(/: requests\/s$/, ': overhead per call'),
      value: 1e6 / rate.value - 1e6 / baseline,
      unit: 'µs',
      baselineLabel,
    },
  ];
}
