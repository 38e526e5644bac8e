import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAuthorizedFetch, createTokenSource, externalToken } from '@cloud-token/core';
import { createRequestClients, watchClientDisconnect } from '@cloud-token/core/node';
import { API_PATH } from '../emulator.js';
import type { Figure } from '../figure.js';
import { median } from '../measure.js';
import { FIXED_AUTHORIZATION } from '../proxies/proxy-candidates.js';
import { sized } from '../quick.js';
import type { Suite } from '../suite.js';

const CONCURRENCY = 50;
const WARMUP_CALLS = sized(20_000, 2_000);
const CALLS_PER_ROUND = sized(5_000, 500);
const ROUNDS = sized(30, 4);
const BASE_URL = 'http://127.0.0.1:8080/v4.0/';
const BODY = Buffer.from(JSON.stringify({ words: 'x'.repeat(200) }));
const RAW_HEADERS = [
  Buffer.from('content-type'),
  Buffer.from('application/json'),
  Buffer.from('content-length'),
  Buffer.from(String(BODY.length)),
];

/** The parts of undici's legacy handler the answering dispatcher calls. */
interface LegacyHandler {
  onConnect(abort: (reason?: Error) => void): void;
  onHeaders(status: number, headers: Buffer[], resume: () => void, text: string): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: Buffer[]): void;
}

/**
 * A dispatcher that answers every request at once, with no socket and no
 * server: what is left to measure is `fetch` and what wraps it. It counts
 * the requests, and those that carried a bearer token.
 */
function answeringDispatcher() {
  const seen = { requests: 0, withToken: 0 };
  const dispatcher = {
    dispatch(options: { headers?: unknown }, handler: LegacyHandler): boolean {
      seen.requests += 1;
      if (JSON.stringify(options.headers ?? '').includes('Bearer ')) seen.withToken += 1;
      queueMicrotask(() => {
        handler.onConnect(() => undefined);
        handler.onHeaders(200, RAW_HEADERS, () => undefined, 'OK');
        handler.onData(BODY);
        handler.onComplete([]);
      });
      return true;
    },
  };
  return { dispatcher, seen };
}

/** A stand-in for a route's Node response, open for the whole call, as the disconnect wiring reads it. */
function openResponse(): ServerResponse {
  return Object.assign(new EventEmitter(), {
    closed: false,
    writableFinished: false,
    errored: null,
  }) as unknown as ServerResponse;
}

/**
 * What stopping a cloud call when the client leaves costs `fetch` itself,
 * the transport taken out: a dispatcher that answers at once, in this
 * process, at concurrency 50, CPU per call over 30 interleaved rounds. Five
 * sides, each with a fresh stand-in response per call: `fetch` with a fixed
 * header; the same with a per-request disconnect signal
 * (`watchClientDisconnect`); `createAuthorizedFetch`; the same with that
 * signal, which is what the request accessor's `fetch` did before; and the
 * accessor's `fetch`, which now stops its calls through the dispatcher.
 */
export const disconnectWiring: Suite = {
  title: '19 disconnect wiring, transport excluded',
  run: async ({ checks }) => {
    const { dispatcher, seen } = answeringDispatcher();
    const url = `${BASE_URL}${API_PATH}`;
    const headers = { authorization: FIXED_AUTHORIZATION };
    // Ours carry a token as long as the fixed header, and as long as the emulator's.
    const source = createTokenSource(externalToken(FIXED_AUTHORIZATION.slice('Bearer '.length)));
    const authorizedFetch = createAuthorizedFetch(source, { baseUrl: BASE_URL });
    const clients = createRequestClients({ source, baseUrl: BASE_URL });
    const init = { dispatcher } as RequestInit;
    const request = {} as IncomingMessage;
    const sides = {
      bare: () => {
        openResponse();
        return fetch(url, { headers, dispatcher } as RequestInit);
      },
      signal: () =>
        fetch(url, {
          headers,
          dispatcher,
          signal: watchClientDisconnect(openResponse()).signal,
        } as RequestInit),
      authorized: () => {
        openResponse();
        return authorizedFetch(API_PATH, init);
      },
      authorizedSignal: () =>
        authorizedFetch(API_PATH, {
          dispatcher,
          signal: watchClientDisconnect(openResponse()).signal,
        } as RequestInit),
      accessor: () => clients.forRequest(request, openResponse()).fetch(API_PATH, init),
    };
    type Side = keyof typeof sides;
    const names = Object.keys(sides) as Side[];
    const cpu = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
      Side,
      number[]
    >;
    try {
      for (const name of names) await cpuPerCall(sides[name], WARMUP_CALLS);
      for (let round = 0; round < ROUNDS; round += 1) {
        const order = round % 2 === 0 ? names : [...names].reverse();
        for (const name of order) cpu[name].push(await cpuPerCall(sides[name], CALLS_PER_ROUND));
      }
    } finally {
      clients.close();
      source.close();
    }
    const calls = names.length * (WARMUP_CALLS + ROUNDS * CALLS_PER_ROUND);
    checks.expect(
      seen.requests === calls && seen.withToken === calls,
      `disconnect wiring: the dispatcher saw ${seen.requests} requests (${seen.withToken} with a bearer token), expected ${calls}, all with one`,
    );
    const at = (name: Side) => median(cpu[name]);
    const figure = (name: Side, label: string, baseline: Side, baselineLabel: string): Figure => ({
      figure: `${label}: CPU per call`,
      value: at(name),
      unit: 'µs',
      baseline: at(baseline),
      baselineLabel,
    });
    return [
      figure('signal', 'fetch + fixed header + disconnect signal', 'bare', 'fetch + fixed header'),
      figure('authorized', 'createAuthorizedFetch', 'bare', 'fetch + fixed header'),
      figure(
        'authorizedSignal',
        'createAuthorizedFetch + disconnect signal (the accessor before)',
        'authorized',
        'createAuthorizedFetch',
      ),
      figure('accessor', 'request accessor fetch', 'authorized', 'createAuthorizedFetch'),
      figure(
        'accessor',
        'request accessor fetch against its former wiring',
        'authorizedSignal',
        'createAuthorizedFetch + disconnect signal',
      ),
    ];
  },
};

/** Runs `calls` calls of `call`, `CONCURRENCY` at a time, each answer read; CPU µs per call. */
async function cpuPerCall(call: () => Promise<Response>, calls: number): Promise<number> {
  let started = 0;
  const before = process.cpuUsage();
  const worker = async () => {
    while (started < calls) {
      started += 1;
      await (await call()).arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
}
