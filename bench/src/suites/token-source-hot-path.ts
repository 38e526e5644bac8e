import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { CLOUD_TOKEN_CHANNELS } from '@cloud-token/core';
import { emulatorSource, withEmulator } from '../emulator.js';
import { median, nsPerOperation, timeSequential } from '../measure.js';
import { sized } from '../quick.js';
import type { Suite } from '../suite.js';

const WARMUP_CALLS = sized(200_000, 20_000);
const CALLS_PER_ROUND = sized(250_000, 25_000);
/** Many short, alternating rounds: background load then hits both sides alike. */
const ROUNDS = sized(20, 4);

/** Subscribes a no-op to every `cloud-token:*` channel (the tracing one too); returns the unsubscribe. */
function subscribeToEveryChannel(): () => void {
  const onMessage = () => undefined;
  const { tokenAcquire, ...plain } = CLOUD_TOKEN_CHANNELS;
  const names = Object.values(plain);
  for (const name of names) subscribe(name, onMessage);
  const tracing = tracingChannel(tokenAcquire);
  const handlers = {
    start: onMessage,
    end: onMessage,
    asyncStart: onMessage,
    asyncEnd: onMessage,
    error: onMessage,
  };
  tracing.subscribe(handlers);
  return () => {
    for (const name of names) unsubscribe(name, onMessage);
    tracing.unsubscribe(handlers);
  };
}

/**
 * The cost of `await source.getToken()` when the token is cached, against
 * the cheapest await there is: `await Promise.resolve(cachedValue)`, and
 * the same with a subscriber on every `cloud-token:*` diagnostics channel.
 */
export const tokenSourceHotPath: Suite = {
  title: '1 hot path',
  run: ({ checks }) =>
    withEmulator(async (emulator) => {
      const source = emulatorSource(emulator);
      try {
        const cachedValue = await source.getToken();
        const viaSource = () => source.getToken();
        const viaPromise = () => Promise.resolve(cachedValue);
        await timeSequential(WARMUP_CALLS, viaSource);
        await timeSequential(WARMUP_CALLS, viaPromise);
        const timeRound = async (operation: () => Promise<unknown>) =>
          nsPerOperation(CALLS_PER_ROUND, await timeSequential(CALLS_PER_ROUND, operation));
        const sides = [
          { operation: viaSource, ns: [] as number[], subscribed: false },
          { operation: viaPromise, ns: [] as number[], subscribed: false },
          { operation: viaSource, ns: [] as number[], subscribed: true },
        ];
        for (let round = 0; round < ROUNDS; round += 1) {
          const order = round % 2 === 0 ? sides : [...sides].reverse();
          for (const side of order) {
            const subscription = side.subscribed ? subscribeToEveryChannel() : undefined;
            side.ns.push(await timeRound(side.operation));
            subscription?.();
          }
        }
        const calls = WARMUP_CALLS + 2 * ROUNDS * CALLS_PER_ROUND;
        checks.expect(
          emulator.stats.tokenRequests.total === 1,
          `hot path: ${calls} getToken() calls on a warm cache sent ${emulator.stats.tokenRequests.total} token requests, expected 1`,
        );
        const [ns, baselineNs, subscribedNs] = sides.map((side) => median(side.ns)) as [
          number,
          number,
          number,
        ];
        return [
          {
            figure: 'await getToken(), warm cache: ops/s',
            value: 1e9 / ns,
            unit: 'ops/s',
            baseline: 1e9 / baselineNs,
            baselineLabel: 'await Promise.resolve(v)',
          },
          {
            figure: 'await getToken(), warm cache: ns/op',
            value: ns,
            unit: 'ns',
            baseline: baselineNs,
            baselineLabel: 'await Promise.resolve(v)',
          },
          {
            figure:
              'await getToken(), warm cache, one subscriber on every cloud-token:* channel: ns/op',
            value: subscribedNs,
            unit: 'ns',
            baseline: ns,
            baselineLabel: 'no subscribers',
          },
        ];
      } finally {
        source.close();
      }
    }),
};
