import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sendRawRequest } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { type BenchChild, startChild } from '../child-process.js';
import { emulatorCredentials, withEmulator } from '../emulator.js';
import type { Figure, Target } from '../figure.js';
import { measureRounds, type Samples } from '../interleaved-rounds.js';
import { median, percentile } from '../measure.js';
import {
  type CandidateConfig,
  type CandidateName,
  PROXY_CANDIDATES,
} from '../proxies/proxy-candidates.js';
import type { Suite } from '../suite.js';
import { startApiServer } from './separate-process-client.js';

/**
 * cloud-token's proxy beside what users pick by hand, each in a process of
 * its own, in front of the plain upstream (another process), loaded from a
 * third process (undici, keep-alive). Rounds alternate between the
 * candidates (the order reversed every other round), at concurrency 50 and
 * 1; requests/s and the proxy process's CPU time per request (from
 * `/proc`), medians of the rounds. Before measuring, every candidate gets
 * the same browser request with a cookie, a bearer token, proxy
 * credentials and a hop-by-hop header, and a 256 KiB upload: the suite
 * prints what reached the upstream and what came back, and fails when one
 * of ours forwards what it must not, or when any candidate garbles a body.
 */
export const proxyPeers: Suite = {
  title: '14 proxies against their peers, each in its own process',
  run: ({ checks }) =>
    withEmulator(async (emulator) => {
      const api = await startApiServer();
      const names = Object.keys(PROXY_CANDIDATES) as CandidateName[];
      const children: BenchChild<{ url: string }>[] = [];
      let generator: BenchChild<Record<string, never>> | undefined;
      try {
        const config = candidateConfig(emulator, api.ready.url);
        for (const name of names) {
          children.push(
            await startChild(new URL('../children/candidate-server.ts', import.meta.url), [
              name,
              JSON.stringify(config),
            ]),
          );
        }
        const candidates = names.map((name, index) => {
          const child = children[index] as BenchChild<{ url: string }>;
          return { name, ...PROXY_CANDIDATES[name], url: child.ready.url, pid: child.pid };
        });

        const rows = [];
        for (const candidate of candidates) {
          const row = await checkForwarding(candidate.url);
          rows.push({ label: candidate.label, ours: candidate.ours, ...row });
          checks.expect(
            row.status === 200 && row.bodyIntact,
            `peers: ${candidate.label} answered ${row.status}, body intact: ${row.bodyIntact}`,
          );
          if (candidate.ours) {
            checks.expect(
              !row.cookie && !row.proxyAuthorization && !row.hopByHop && !row.setCookieBack,
              `peers: ${candidate.label} forwarded what it must not: ${JSON.stringify(row)}`,
            );
            checks.expect(
              row.authorization === 'token',
              `peers: ${candidate.label} sent ${row.authorization} as Authorization, not its token`,
            );
          }
        }
        console.log(formatForwarding(rows));

        generator = await startChild(
          new URL('../children/dispatch-load-generator.ts', import.meta.url),
        );
        const figures: Figure[] = [];
        for (const concurrency of [50, 1]) {
          const samples = await measureRounds(
            candidates,
            generator,
            concurrency,
            '/cloud/words/bench.docx/statistics',
          );
          figures.push(...peerFigures(samples, concurrency));
        }
        const ourCandidates = candidates.filter((candidate) => candidate.ours).length;
        checks.expect(
          emulator.stats.tokenRequests.total === ourCandidates,
          `peers: ${emulator.stats.tokenRequests.total} token requests, expected ${ourCandidates} (one per cloud-token proxy)`,
        );
        return figures;
      } finally {
        await generator?.close();
        for (const child of children) await child.close();
        await api.close();
      }
    }),
};

function candidateConfig(emulator: Emulator, upstream: string): CandidateConfig {
  const { tokenUrl, clientId, clientSecret } = emulatorCredentials(emulator);
  return { upstream, tokenUrl: String(tokenUrl), clientId, clientSecret };
}

const LABEL_OF = (name: CandidateName): string => PROXY_CANDIDATES[name].label;

/**
 * Each candidate's requests/s and CPU per request against the limit, then
 * the targets as figures of their own: the bare forwarder's CPU
 * ≤ 1.15× the limit's, Express + cloudTokenProxy ≥ 1.5× the requests/s of
 * Express + http-proxy-middleware, Koa ≥ Express, Fastify + cloudTokenProxy
 * ≥ 1.0× the requests/s of Fastify + `@fastify/http-proxy`.
 */
function peerFigures(samples: Map<CandidateName, Samples>, concurrency: number): Figure[] {
  const at = `concurrency ${concurrency}`;
  const rate = (name: CandidateName) => median(samples.get(name)?.rates ?? []);
  const cpu = (name: CandidateName) => median(samples.get(name)?.cpuMicros ?? []);
  const figures: Figure[] = [];
  for (const name of samples.keys()) {
    const base = { baselineLabel: LABEL_OF('limit') };
    figures.push(
      {
        figure: `${LABEL_OF(name)}, ${at}: requests/s`,
        value: rate(name),
        unit: 'req/s',
        baseline: rate('limit'),
        ...base,
      },
      {
        figure: `${LABEL_OF(name)}, ${at}: CPU per request (proxy process)`,
        value: cpu(name),
        unit: 'µs',
        baseline: cpu('limit'),
        ...base,
      },
      {
        figure: `${LABEL_OF(name)}, ${at}: p99 latency`,
        value: percentile(samples.get(name)?.latenciesMs ?? [], 99),
        unit: 'ms',
        baseline: percentile(samples.get('limit')?.latenciesMs ?? [], 99),
        ...base,
      },
    );
  }
  const target = (
    figure: string,
    value: number,
    baseline: number,
    baselineLabel: string,
    unit: string,
    goal: Target,
  ): Figure => ({ figure, value, baseline, baselineLabel, unit, target: goal });
  figures.push(
    target(
      `target: bare forwarder CPU per request against the limit's, ${at}`,
      cpu('ours-node'),
      cpu('limit'),
      LABEL_OF('limit'),
      'µs',
      { kind: 'ratio-at-most', limit: 1.15 },
    ),
    target(
      `target: Express + cloudTokenProxy requests/s against Express + http-proxy-middleware, ${at}`,
      rate('ours-express'),
      rate('express-hpm'),
      LABEL_OF('express-hpm'),
      'req/s',
      { kind: 'ratio-at-least', limit: 1.5 },
    ),
    target(
      `target: Koa + cloudTokenProxy requests/s against Express + cloudTokenProxy, ${at}`,
      rate('ours-koa'),
      rate('ours-express'),
      LABEL_OF('ours-express'),
      'req/s',
      { kind: 'ratio-at-least', limit: 1 },
    ),
    target(
      `target: Fastify + cloudTokenProxy requests/s against Fastify + @fastify/http-proxy, ${at}`,
      rate('ours-fastify'),
      rate('fastify-http-proxy'),
      LABEL_OF('fastify-http-proxy'),
      'req/s',
      { kind: 'ratio-at-least', limit: 1 },
    ),
  );
  return figures;
}

interface Forwarding {
  readonly status: number;
  readonly bodyIntact: boolean;
  /** What reached the upstream as `Authorization`: the candidate's token, the browser's, or nothing. */
  readonly authorization: 'token' | 'browser' | 'none';
  readonly cookie: boolean;
  readonly proxyAuthorization: boolean;
  readonly hopByHop: boolean;
  readonly requestIdKept: boolean;
  readonly setCookieBack: boolean;
}

const BROWSER_HEADERS = {
  cookie: 'app-session=browser-session',
  authorization: 'Bearer from-the-browser',
  'proxy-authorization': 'Basic YnJvd3Nlcjpwdw==',
  connection: 'keep-alive, x-browser-hop',
  'x-browser-hop': '1',
  'x-request-id': 'bench-request-1',
};

/** One browser-like GET to the inspecting path and one 256 KiB upload through `url`. */
async function checkForwarding(url: string): Promise<Forwarding> {
  const inspected = await sendRawRequest(`${url}/cloud/words/inspect`, {
    headers: BROWSER_HEADERS,
  });
  const seen = JSON.parse(inspected.body.toString('utf8')) as IncomingHttpHeaders;
  const upload = randomBytes(256 * 1024);
  const echoed = await sendRawRequest(`${url}/cloud/storage/file/bench.bin`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: upload,
  });
  const authorization = seen.authorization;
  return {
    status: Math.max(inspected.status, echoed.status),
    bodyIntact: echoed.status === 200 && echoed.body.equals(upload),
    authorization:
      authorization === undefined
        ? 'none'
        : authorization === BROWSER_HEADERS.authorization
          ? 'browser'
          : 'token',
    cookie: seen.cookie !== undefined,
    proxyAuthorization: seen['proxy-authorization'] !== undefined,
    hopByHop: seen['x-browser-hop'] !== undefined,
    requestIdKept: seen['x-request-id'] === BROWSER_HEADERS['x-request-id'],
    setCookieBack: inspected.headers['set-cookie'] !== undefined,
  };
}

const yesNo = (value: boolean, bad: boolean): string => (value ? (bad ? 'yes ✗' : 'yes') : 'no');

/** The forwarding table: what each candidate let through, a ✗ on what a BFF must not. */
function formatForwarding(
  rows: readonly (Forwarding & { label: string; ours: boolean })[],
): string {
  const header =
    '| proxy | status | 256 KiB upload intact | Authorization reaching the API | Cookie forwarded | Proxy-Authorization forwarded | hop-by-hop header forwarded | X-Request-Id kept | Set-Cookie passed back |';
  const lines = rows.map((row) =>
    [
      row.label,
      String(row.status),
      row.bodyIntact ? 'yes' : 'no ✗',
      row.authorization === 'browser'
        ? "the browser's ✗"
        : row.authorization === 'token'
          ? row.ours
            ? 'its token'
            : 'the fixed one'
          : 'none ✗',
      yesNo(row.cookie, true),
      yesNo(row.proxyAuthorization, true),
      yesNo(row.hopByHop, true),
      row.requestIdKept ? 'yes' : 'no',
      yesNo(row.setCookieBack, true),
    ].join(' | '),
  );
  return [
    '\nWhat each proxy forwards (a browser request with a cookie, its own bearer token, proxy credentials and a hop-by-hop header):\n',
    header,
    `|${' --- |'.repeat(9)}`,
    ...lines.map((line) => `| ${line} |`),
  ].join('\n');
}
