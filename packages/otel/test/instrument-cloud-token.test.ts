import {
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  isCloudTokenError,
  systemClock,
  type TokenSource,
} from '@cloud-token/core';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import { instrumentCloudToken } from '@cloud-token/otel';
import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** A reader the test collects from on demand. */
class OnDemandReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const cloud = useEmulator({ beforeAll, beforeEach, afterAll });

let reader: OnDemandReader;
let provider: MeterProvider;
let instrumentation: ReturnType<typeof instrumentCloudToken>;
const sources: TokenSource[] = [];

beforeEach(() => {
  reader = new OnDemandReader();
  provider = new MeterProvider({ readers: [reader] });
  instrumentation = instrumentCloudToken({ meterProvider: provider });
});

afterEach(async () => {
  instrumentation.close();
  for (const source of sources.splice(0)) source.close();
  await provider.shutdown();
});

function source(secret = DEFAULT_CLIENT_SECRET): TokenSource {
  const made = createTokenSource(
    clientCredentials({
      tokenUrl: cloud.emulator.tokenUrl,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: secret,
    }),
    { retry: { attempts: 1 } },
  );
  sources.push(made);
  return made;
}

async function collected(): Promise<ResourceMetrics> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  return resourceMetrics;
}

/** The data points of one instrument, as `attributes → value`. */
async function points(
  name: string,
): Promise<{ attributes: Record<string, unknown>; value: unknown }[]> {
  const metrics = (await collected()).scopeMetrics.flatMap((scope) => scope.metrics);
  const metric = metrics.find((candidate) => candidate.descriptor.name === name);
  return (metric?.dataPoints ?? []).map((point: DataPoint<unknown>) => ({
    attributes: { ...point.attributes },
    value: point.value,
  }));
}

const tokenHost = (): string => new URL(cloud.emulator.tokenUrl).hostname;

describe('instrumentCloudToken (issue 15)', () => {
  it('counts one issued token request and one initial renewal for a cold herd, with its duration', async () => {
    const herd = source();
    await Promise.all(Array.from({ length: 100 }, () => herd.getToken()));
    expect(await points('cloud_token.token.requests')).toEqual([
      { attributes: { 'server.address': tokenHost(), outcome: 'issued' }, value: 1 },
    ]);
    expect(await points('cloud_token.token.renewals')).toEqual([
      {
        attributes: {
          'server.address': tokenHost(),
          'cloud_token.renewal.reason': 'initial',
          'cloud_token.token.from': 'token_endpoint',
        },
        value: 1,
      },
    ]);
    const [duration] = await points('cloud_token.token.acquire.duration');
    expect((duration?.value as Histogram | undefined)?.count).toBe(1);
  });

  it('counts a replay after a key rotation and a retry after a 429', async () => {
    const api = createAuthorizedFetch(source(), { baseUrl: cloud.emulator.apiUrl });
    expect((await api('words/a.docx')).status).toBe(200);
    cloud.emulator.control.revokeAllTokens();
    expect((await api('words/a.docx')).status).toBe(200);
    cloud.emulator.control.failApiRequests(1, { status: 429, retryAfter: '0' });
    expect((await api('words/a.docx')).status).toBe(200);
    const apiHost = new URL(cloud.emulator.apiUrl).hostname;
    expect(await points('cloud_token.call.replays')).toEqual([
      { attributes: { 'server.address': apiHost }, value: 1 },
    ]);
    expect(await points('cloud_token.call.retries')).toEqual([
      { attributes: { 'server.address': apiHost, 'http.response.status_code': 429 }, value: 1 },
    ]);
    expect(await points('cloud_token.token.renewals')).toContainEqual({
      attributes: {
        'server.address': tokenHost(),
        'cloud_token.renewal.reason': 'reactive',
        'cloud_token.token.from': 'token_endpoint',
      },
      value: 1,
    });
  });

  it('counts a throttled token endpoint and a rejected secret, with a low-cardinality error.type', async () => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    const throttled = await source()
      .getToken()
      .catch((error: unknown) => error);
    expect(isCloudTokenError(throttled, 'ERR_RATE_LIMITED')).toBe(true);
    const rejected = await source('wrong-secret')
      .getToken()
      .catch((error: unknown) => error);
    expect(isCloudTokenError(rejected, 'ERR_CREDENTIALS_REJECTED')).toBe(true);

    expect(await points('cloud_token.token.requests')).toEqual(
      expect.arrayContaining([
        {
          attributes: {
            'server.address': tokenHost(),
            outcome: 'rate_limited',
            'error.type': 'ERR_TOKEN_REQUEST',
          },
          value: 1,
        },
        {
          attributes: {
            'server.address': tokenHost(),
            outcome: 'rejected',
            'error.type': 'ERR_CREDENTIALS_REJECTED',
          },
          value: 1,
        },
      ]),
    );
    expect(await points('cloud_token.endpoint.throttles')).toEqual([
      { attributes: { 'server.address': tokenHost() }, value: 1 },
    ]);
    expect(await points('cloud_token.guard.cooldowns')).toEqual(
      expect.arrayContaining([
        {
          attributes: {
            'server.address': tokenHost(),
            'cloud_token.cooldown.reason': 'rate limited',
          },
          value: 1,
        },
        {
          attributes: {
            'server.address': tokenHost(),
            'cloud_token.cooldown.reason': 'credentials rejected',
          },
          value: 1,
        },
      ]),
    );
    const everything = JSON.stringify(await collected());
    expect(everything).not.toContain(DEFAULT_CLIENT_SECRET);
    expect(everything).not.toContain('wrong-secret');
    expect(everything).not.toContain(DEFAULT_CLIENT_ID);
  });

  it('stops recording after close()', async () => {
    instrumentation.close();
    instrumentation.close();
    await source().getToken();
    expect(await points('cloud_token.token.requests')).toEqual([]);
  });

  it('rejects an unknown option and a meterProvider that is not one', () => {
    expect(() => instrumentCloudToken({ meter: {} } as never)).toThrow(/Invalid option "meter"/);
    expect(() => instrumentCloudToken({ meterProvider: {} as never })).toThrow(/meterProvider/);
  });
});

describe('instrumentCloudToken on an injected clock (issue 21 item 3)', () => {
  it('measures the acquire duration on the clock it is given', async () => {
    const readings = [1_000, 3_500];
    const clock = { ...systemClock, monotonic: () => readings.shift() ?? Number.NaN };
    const ownReader = new OnDemandReader();
    const ownProvider = new MeterProvider({ readers: [ownReader] });
    const timed = instrumentCloudToken({ meterProvider: ownProvider, clock });
    try {
      await source().getToken();
      const { resourceMetrics } = await ownReader.collect();
      const histogram = resourceMetrics.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .find((metric) => metric.descriptor.name === 'cloud_token.token.acquire.duration')
        ?.dataPoints[0]?.value as Histogram | undefined;
      expect(histogram).toMatchObject({ count: 1, sum: 2.5 });
    } finally {
      timed.close();
      await ownProvider.shutdown();
    }
  });
});
