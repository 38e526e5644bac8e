import { EventEmitter, once } from 'node:events';
import { request, type ServerResponse } from 'node:http';
import { createTokenSource, externalToken, type TokenSource } from '@cloud-token/core';
import {
  type CloudTokenAccessor,
  createRequestClients,
  isClientDisconnect,
} from '@cloud-token/core/node';
import {
  type RecordingUpstream,
  startRecordingUpstream,
  useAppsPerTest,
} from '@cloud-token/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientDeparture } from '../../src/node/client-departure.js';
import { globalFetch } from '../../src/shared/option-rules.js';

/*
 * The accessor's calls without a signal of the caller's: the client's leaving
 * reaches Node's fetch through the dispatcher, never as an AbortSignal.
 */

const serve = useAppsPerTest({ afterEach }).listen;
const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

function fixedSource(): TokenSource {
  const source = createTokenSource(externalToken('fixed-token'));
  opened.push(source);
  return source;
}

async function upstreamAnswering(answer: Parameters<typeof startRecordingUpstream>[0]) {
  const upstream = await startRecordingUpstream(answer);
  opened.push(upstream);
  return upstream;
}

/**
 * A node:http route that runs `use` on the request's accessor and records
 * how it ended: `'ok'`, or the error's name and whether it is a client
 * disconnect.
 */
async function routeOn(
  upstream: RecordingUpstream,
  use: (cloud: CloudTokenAccessor, response: ServerResponse) => Promise<unknown>,
  options: Record<string, unknown> = {},
) {
  const clients = createRequestClients({
    source: fixedSource(),
    baseUrl: upstream.url,
    ...options,
  });
  opened.push(clients);
  let settle: (outcome: string) => void = () => undefined;
  const outcome = new Promise<string>((resolve) => {
    settle = resolve;
  });
  const url = await serve((req, res) => {
    use(clients.forRequest(req, res), res).then(
      () => {
        settle('ok');
        res.end('done');
      },
      (error: Error) => settle(`${error.name} ${isClientDisconnect(error)}`),
    );
  });
  return { url, outcome };
}

/** A client that sends one request and leaves (resets its connection) when told. */
function clientOf(url: string) {
  const outgoing = request(url, { agent: false });
  outgoing.on('error', () => undefined);
  outgoing.end();
  return { leave: () => outgoing.destroy() };
}

/** A client that leaves once `underway` resolves; resolves when the upstream saw its request abandoned. */
async function leaveMidCall(url: string, upstream: RecordingUpstream, underway: Promise<unknown>) {
  const client = clientOf(url);
  await underway;
  const abandoned = once(upstream.events, 'abandoned');
  client.leave();
  await abandoned;
}

describe('the accessor on Node, a client that leaves', () => {
  it('stops a cloud call waiting for its answer, through the dispatcher, with an AbortError', async () => {
    const upstream = await upstreamAnswering(() => undefined);
    const { url, outcome } = await routeOn(upstream, (cloud) => cloud.fetch('words/slow'));
    await leaveMidCall(url, upstream, once(upstream.events, 'arrived'));
    expect(await outcome).toBe('AbortError true');
  });

  it('stops a cloud answer the route is reading; the read rejects with what isClientDisconnect knows', async () => {
    const upstream = await upstreamAnswering((_request, response) => {
      response.writeHead(200).write('first part');
    });
    let headers: () => void = () => undefined;
    const headersIn = new Promise<void>((resolve) => {
      headers = resolve;
    });
    const { url, outcome } = await routeOn(upstream, async (cloud) => {
      const answer = await cloud.fetch('words/streaming');
      headers();
      return answer.text();
    });
    await leaveMidCall(url, upstream, headersIn);
    expect(await outcome).toBe('TypeError true');
  });

  it('stops a call started after the client left at once', async () => {
    const upstream = await upstreamAnswering((_request, response) => response.end('{}'));
    const { url, outcome } = await routeOn(upstream, async (cloud, response) => {
      await once(response, 'close');
      return cloud.fetch('words/late');
    });
    const arrived = new Promise((resolve) => setTimeout(resolve, 50));
    const client = clientOf(url);
    await arrived;
    client.leave();
    expect(await outcome).toBe('AbortError true');
    expect(upstream.requests).toHaveLength(0);
  });

  it('ends a Retry-After wait', async () => {
    const upstream = await upstreamAnswering((_request, response) => {
      response.writeHead(429, { 'retry-after': '5' }).end();
    });
    const { url, outcome } = await routeOn(upstream, (cloud) => cloud.fetch('words/busy'));
    const arrived = once(upstream.events, 'request');
    const client = clientOf(url);
    await arrived;
    client.leave();
    expect(await outcome).toBe('AbortError true');
    expect(upstream.requests).toHaveLength(1);
  });

  it('stops a call through an injected fetch with the signal instead', async () => {
    const upstream = await upstreamAnswering(() => undefined);
    const signals: (AbortSignal | null | undefined)[] = [];
    const injected: typeof fetch = (input, init) => {
      signals.push(init?.signal);
      return fetch(input, init);
    };
    const { url, outcome } = await routeOn(upstream, (cloud) => cloud.fetch('words/slow'), {
      fetch: injected,
    });
    await leaveMidCall(url, upstream, once(upstream.events, 'arrived'));
    expect(await outcome).toBe('AbortError true');
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
  });

  it('leaves a call that ends before the answer is complete alone', async () => {
    const upstream = await upstreamAnswering((_request, response) => response.end('{"a":1}'));
    const { url, outcome } = await routeOn(upstream, async (cloud) => {
      const answer = await cloud.fetch('words/fast');
      return answer.json();
    });
    const answer = await fetch(url);
    expect(await answer.text()).toBe('done');
    expect(await outcome).toBe('ok');
  });
});

describe('ClientDeparture', () => {
  async function departureOfARequest() {
    let made: ClientDeparture | undefined;
    const url = await serve((_req, res) => {
      made = new ClientDeparture(res);
      res.end();
    });
    await (await fetch(url)).text();
    return made as ClientDeparture;
  }

  it("hands Node's own fetch a dispatcher and no signal; any other fetch the signal", async () => {
    const departure = await departureOfARequest();
    const throughNode: RequestInit = {};
    departure.arm(throughNode, globalFetch);
    expect(throughNode.signal).toBeUndefined();
    expect(throughNode).toHaveProperty('dispatcher');
    const throughAnother: RequestInit = {};
    departure.arm(throughAnother, (input, init) => fetch(input, init));
    expect(throughAnother.signal).toBeInstanceOf(AbortSignal);
    expect(throughAnother).not.toHaveProperty('dispatcher');
  });

  it('hands a send after the client left its aborted signal, not a dispatcher', () => {
    const left = Object.assign(new EventEmitter(), {
      closed: true,
      writableFinished: false,
      errored: null,
    }) as unknown as ServerResponse;
    const departure = new ClientDeparture(left);
    const init: RequestInit = {};
    departure.arm(init, globalFetch);
    expect(init.signal?.aborted).toBe(true);
    expect(isClientDisconnect(init.signal?.reason)).toBe(true);
    expect(init).not.toHaveProperty('dispatcher');
  });

  it('does not count a response that finished as a client that left', async () => {
    const departure = await departureOfARequest();
    expect(departure.reason).toBeUndefined();
    expect(departure.signal.aborted).toBe(false);
  });
});
