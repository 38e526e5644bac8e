import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type Emulator } from '@cloud-token/emulator';
import { type RedisServer, startRedisServer } from '@cloud-token/redis/testing';
import { type BenchChild, startChild } from '../child-process.js';
import type { ChaosCounts } from '../children/chaos-worker.js';
import { API_PATH, withEmulator } from '../emulator.js';
import type { Figure } from '../figure.js';
import { sized } from '../quick.js';
import type { Suite } from '../suite.js';

const PROCESSES = 4;
const CALLERS = 100;
const DURATION_MS = sized(180_000, 30_000);
// Each caller pauses between calls: the soak is about behaviour under faults, not throughput.
const PAUSE_MS = 100;
const FAULT_EVERY_MS = 1_500;
// Token faults (429s and 503s) at most this many in any minute: a third would spend the source's
// failure budget (3 failed token requests a minute, by design), and calls would then fail by design.
const TOKEN_FAULTS_PER_MINUTE = 2;
// A call that fails within this long after the token endpoint refused (429 `Retry-After: 1`, or
// 503s the source retries) is the cloud's refusal, not the fleet's failure.
const REFUSAL_REACH_MS = 3_000;

type FaultKind = '429' | '503' | 'rotation' | 'latency' | 'redis-restart';
const FAULTS: readonly FaultKind[] = ['429', '503', 'rotation', 'latency', 'redis-restart'];

/** Injects one fault of `kind` through the emulator's control plane, or restarts Redis. */
async function inject(kind: FaultKind, emulator: Emulator, redis: RedisServer): Promise<void> {
  const { control } = emulator;
  if (kind === '429') control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '1' });
  else if (kind === '503') control.failTokenRequests(1, { kind: 'status', status: 503 });
  else if (kind === 'rotation') control.revokeAllTokens();
  else if (kind === 'latency') {
    control.setLatency({ tokenMs: 400, apiMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, FAULT_EVERY_MS / 2));
    control.setLatency({ tokenMs: 0, apiMs: 0 });
  } else await redis.restart();
}

// After a Redis restart, the time the fleet is given to reconnect before the next fault.
const REDIS_REJOIN_MS = 2_000;
// The longest a key rotation may take to heal (the fleet's renewal issued) before the next fault.
const ROTATION_HEAL_LIMIT_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the fault of `kind` has healed, so faults strike one at a
 * time: a key rotation until the fleet's renewal is issued (a token fault
 * waiting for it answers that renewal first), a Redis restart until the
 * instances had time to reconnect. Faults that overlap (a rotation while
 * Redis is down) are what the Redis README's "What does not hold" covers.
 */
async function healed(kind: FaultKind, emulator: Emulator, issuedBefore: number): Promise<void> {
  if (kind === 'rotation') {
    const limit = Date.now() + ROTATION_HEAL_LIMIT_MS;
    while (emulator.stats.tokenRequests.issued <= issuedBefore && Date.now() < limit) {
      await sleep(50);
    }
  } else if (kind === 'redis-restart') await sleep(REDIS_REJOIN_MS);
}

function add(into: Record<string, number>, counts: Record<string, number>): void {
  for (const [key, count] of Object.entries(counts)) into[key] = (into[key] ?? 0) + count;
}

/**
 * The chaos soak: 4 processes × 100 callers call the emulator's API through
 * `createAuthorizedFetch` over one Redis store for 3 minutes (30 s with
 * `--quick`) while faults chosen at random strike (the
 * order differs each run; `CHAOS_VERBOSE=1` prints it), one at a time
 * (the next 1.5 s after the last has healed: see `healed`): a token 429
 * (`Retry-After: 1`), a token 503, a key rotation, latency, or a Redis
 * restart (empty). A token fault is not injected while an earlier one still
 * waits for its token request, nor a third within a minute (that would
 * spend the source's failure budget, and the calls would fail by design):
 * a key rotation strikes instead. Behavioural counts decide: failed calls where
 * the cloud allowed success (a call that failed more than 3 s after any token
 * 429/503, or any answer but 200 and 401: no API fault is injected), 401s
 * handed to callers, lockouts (all goal 0), and tokens issued per key
 * rotation (goal at most 1).
 */
export const chaosSoak: Suite = {
  title: '18 chaos soak, 4 processes on one Redis',
  async run({ checks }) {
    const redis = await startRedisServer();
    const workers: BenchChild<Record<string, never>>[] = [];
    try {
      return await withEmulator(async (emulator): Promise<Figure[]> => {
        for (let index = 0; index < PROCESSES; index++) {
          workers.push(await startChild(new URL('../children/chaos-worker.ts', import.meta.url)));
        }
        const injected: Record<string, number> = {};
        // When each token fault was injected: at most TOKEN_FAULTS_PER_MINUTE in any minute.
        const tokenFaultsAt: number[] = [];
        const running = workers.map((worker) =>
          worker.request<ChaosCounts>({
            tokenUrl: emulator.tokenUrl,
            apiUrl: emulator.apiUrl,
            clientId: DEFAULT_CLIENT_ID,
            clientSecret: DEFAULT_CLIENT_SECRET,
            redisUrl: redis.url,
            path: API_PATH,
            callers: CALLERS,
            durationMs: DURATION_MS,
            pauseMs: PAUSE_MS,
          }),
        );
        // When the token endpoint refused (a 429 or a 503 answered): failures near one are the cloud's doing.
        const refusals: number[] = [];
        let refusalsSeen = 0;
        const watch = setInterval(() => {
          const { rateLimited, faulted } = emulator.stats.tokenRequests;
          if (rateLimited + faulted > refusalsSeen) refusals.push(Date.now());
          refusalsSeen = rateLimited + faulted;
        }, 50);
        const started = Date.now();
        const end = started + DURATION_MS - FAULT_EVERY_MS;
        while (Date.now() < end) {
          await sleep(FAULT_EVERY_MS);
          const drawn = FAULTS[Math.floor(Math.random() * FAULTS.length)] ?? 'rotation';
          // A token fault strikes the next token request; while one still waits for it, the
          // endpoint gets no second one (faults do not pile up into one long refusal).
          const { rateLimited, faulted } = emulator.stats.tokenRequests;
          const tokenFaultPending =
            (injected['429'] ?? 0) + (injected['503'] ?? 0) > rateLimited + faulted;
          const minuteAgo = Date.now() - 60_000;
          const budgetNear =
            tokenFaultsAt.filter((at) => at > minuteAgo).length >= TOKEN_FAULTS_PER_MINUTE;
          const tokenFault = drawn === '429' || drawn === '503';
          const kind = tokenFault && (tokenFaultPending || budgetNear) ? 'rotation' : drawn;
          if (kind === '429' || kind === '503') tokenFaultsAt.push(Date.now());
          injected[kind] = (injected[kind] ?? 0) + 1;
          if (process.env.CHAOS_VERBOSE !== undefined)
            console.log(`  ${Date.now() - started} ms: ${kind}`);
          const issuedBefore = emulator.stats.tokenRequests.issued;
          await inject(kind, emulator, redis);
          await healed(kind, emulator, issuedBefore);
        }
        clearInterval(watch);
        const statuses: Record<string, number> = {};
        const failures: Record<string, number> = {};
        let refusedByCloud = 0;
        let failedAllowed = 0;
        for (const counts of await Promise.all(running)) {
          add(statuses, counts.statuses);
          add(failures, counts.failures);
          if (Object.keys(counts.warnings).length > 0) {
            console.log(`  a process's warnings: ${JSON.stringify(counts.warnings)}`);
          }
          if (Object.keys(counts.firstErrors).length > 0) {
            console.log(`  a process's first failures: ${JSON.stringify(counts.firstErrors)}`);
          }
          for (const times of Object.values(counts.failedAt)) {
            for (const at of times) {
              if (
                refusals.some((refusal) => at >= refusal - 100 && at <= refusal + REFUSAL_REACH_MS)
              ) {
                refusedByCloud++;
              } else failedAllowed++;
            }
          }
        }
        const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
        const unauthorized = statuses['401'] ?? 0;
        // No API fault is injected: any answer but 200 or 401 (counted apart) is a failed call.
        failedAllowed += answered - (statuses['200'] ?? 0) - unauthorized;
        const rotations = injected.rotation ?? 0;
        const { issued } = emulator.stats.tokenRequests;
        // The first token, then one per rotation at most.
        const perRotation = rotations === 0 ? 0 : (issued - 1) / rotations;
        const lockouts = emulator.stats.lockouts;
        console.log(
          `  faults ${JSON.stringify(injected)}; statuses ${JSON.stringify(statuses)}; failures ${JSON.stringify(failures)} (${refusedByCloud} within ${REFUSAL_REACH_MS} ms of a token 429/503); token requests ${JSON.stringify(emulator.stats.tokenRequests)}`,
        );
        checks.expect(
          failedAllowed === 0,
          `chaos soak: ${failedAllowed} failed calls where the cloud allowed success, expected 0`,
        );
        checks.expect(unauthorized === 0, `chaos soak: ${unauthorized} 401s handed to callers`);
        checks.expect(lockouts === 0, `chaos soak: ${lockouts} lockouts`);
        checks.expect(
          issued <= 1 + rotations,
          `chaos soak: ${issued} tokens issued for ${rotations} rotations, expected at most ${1 + rotations}`,
        );
        const count = (figure: string, value: number, unit = 'count'): Figure => ({
          figure,
          value,
          unit,
          target: { kind: 'value-at-most', limit: 0 },
        });
        return [
          {
            figure: 'API calls made',
            value: answered + Object.values(failures).reduce((a, b) => a + b, 0),
            unit: 'calls',
          },
          {
            figure: 'calls failed while the token endpoint refused',
            value: refusedByCloud,
            unit: 'calls',
          },
          count('failed calls where the cloud allowed success', failedAllowed),
          count('401s handed to callers', unauthorized),
          count('lockouts', lockouts),
          {
            figure: 'tokens issued per key rotation',
            value: perRotation,
            unit: 'tokens',
            target: { kind: 'value-at-most', limit: 1 },
          },
          {
            figure: 'faults injected',
            value: Object.values(injected).reduce((a, b) => a + b, 0),
            unit: 'faults',
          },
        ];
      });
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
      await redis.stop();
    }
  },
};
