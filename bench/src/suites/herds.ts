import type { Emulator } from '@cloud-token/emulator';
import { emulatorSource, withEmulator } from '../emulator.js';
import type { Figure } from '../figure.js';
import { elapsedMs, median, nowNs } from '../measure.js';
import { sized } from '../quick.js';
import type { Suite, SuiteContext } from '../suite.js';

const HERD_SIZES = [1_000, 10_000] as const;
const ROUNDS = sized(5, 2);

/**
 * A cold cache met by a herd of concurrent `getToken()` calls: one token
 * request must serve them all. Time to serve the herd is compared with one
 * caller on a cold cache (the token request alone).
 */
export const herds: Suite = {
  title: '2 herds',
  run: (context) =>
    withEmulator(async (emulator) => {
      // The first request of the process pays for undici's and the JIT's start-up.
      await serveColdHerd(emulator, 1);
      const singleCallerMs: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        singleCallerMs.push((await serveColdHerd(emulator, 1)).ms);
      }
      const figures: Figure[] = [];
      for (const size of HERD_SIZES)
        figures.push(...(await measureHerd(emulator, size, median(singleCallerMs), context)));
      return figures;
    }),
};

async function measureHerd(
  emulator: Emulator,
  size: number,
  singleCallerMs: number,
  { checks }: SuiteContext,
): Promise<Figure[]> {
  const herdMs: number[] = [];
  let mostTokenRequests = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const herd = await serveColdHerd(emulator, size);
    herdMs.push(herd.ms);
    mostTokenRequests = Math.max(mostTokenRequests, herd.tokenRequests);
    checks.expect(
      herd.tokenRequests === 1,
      `herd of ${size}: ${herd.tokenRequests} token requests reached the emulator, expected 1`,
    );
    checks.expect(
      herd.distinctTokens === 1,
      `herd of ${size}: callers got ${herd.distinctTokens} different tokens, expected 1`,
    );
  }
  const label = size.toLocaleString('en-US');
  return [
    {
      figure: `herd of ${label}: token requests (most of ${ROUNDS} rounds)`,
      value: mostTokenRequests,
      unit: '',
      baseline: size,
      baselineLabel: 'one per caller',
    },
    {
      figure: `herd of ${label}: time to serve`,
      value: median(herdMs),
      unit: 'ms',
      baseline: singleCallerMs,
      baselineLabel: 'one caller, cold',
    },
  ];
}

interface HerdOutcome {
  readonly ms: number;
  readonly tokenRequests: number;
  readonly distinctTokens: number;
}

/** `size` concurrent `getToken()` calls on a fresh source. */
async function serveColdHerd(emulator: Emulator, size: number): Promise<HerdOutcome> {
  const source = emulatorSource(emulator);
  const before = emulator.stats.tokenRequests.total;
  try {
    const started = nowNs();
    const tokens = await Promise.all(Array.from({ length: size }, () => source.getToken()));
    const ms = elapsedMs(started);
    return {
      ms,
      tokenRequests: emulator.stats.tokenRequests.total - before,
      distinctTokens: new Set(tokens.map((token) => token.value)).size,
    };
  } finally {
    source.close();
  }
}
