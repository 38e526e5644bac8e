import { emulatorSource, withEmulator } from '../emulator.js';
import { median, nsPerOperation, timeSequential } from '../measure.js';
import type { Suite } from '../suite.js';
import { sized } from '../quick.js';

const WARMUP_CALLS = sized(200_000, 20_000);
const CALLS_PER_ROUND = sized(250_000, 25_000);
/** Many short, alternating rounds: background load then hits both sides alike. */
const ROUNDS = sized(20, 4);

/**
 * The cost of `await source.getToken()` when the token is cached, against
 * the cheapest await there is: `await Promise.resolve(cachedValue)`.
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
          { operation: viaSource, ns: [] as number[] },
          { operation: viaPromise, ns: [] as number[] },
        ];
        for (let round = 0; round < ROUNDS; round += 1) {
          const order = round % 2 === 0 ? sides : [...sides].reverse();
          for (const side of order) side.ns.push(await timeRound(side.operation));
        }
        const calls = WARMUP_CALLS + ROUNDS * CALLS_PER_ROUND;
        checks.expect(
          emulator.stats.tokenRequests.total === 1,
          `hot path: ${calls} getToken() calls on a warm cache sent ${emulator.stats.tokenRequests.total} token requests, expected 1`,
        );
        const [ns, baselineNs] = sides.map((side) => median(side.ns)) as [number, number];
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
        ];
      } finally {
        source.close();
      }
    }),
};
