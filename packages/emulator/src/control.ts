import { toRegisteredClient } from './client-registry.js';
import type { EmulatorContext } from './context.js';
import { maxClockOffsetMs } from './emulator-clock.js';
import { assertApiFault, assertTokenFault } from './faults.js';
import { clearStats } from './stats.js';
import type { EmulatorControl } from './types.js';
import {
  assertIntegerInRange,
  assertNonNegativeNumber,
  invalidRange,
  invalidType,
} from './validate.js';

/** The switches of a running emulator; each checks its arguments before it acts. */
export function createControl(context: EmulatorContext): EmulatorControl {
  return {
    failTokenRequests(count, fault) {
      assertCount(count, 'failTokenRequests count');
      assertTokenFault(fault);
      context.tokenFaults.add(count, fault);
    },
    failApiRequests(count, fault) {
      assertCount(count, 'failApiRequests count');
      assertApiFault(fault);
      context.apiFaults.add(count, fault);
    },
    revokeAllTokens() {
      context.keys.rotate();
      context.revocations += 1;
    },
    setLatency(latency) {
      if (typeof latency !== 'object' || latency === null) {
        throw invalidType('setLatency latency', 'must be an object');
      }
      const { tokenMs = context.latency.tokenMs, apiMs = context.latency.apiMs } = latency;
      assertNonNegativeNumber(tokenMs, 'setLatency tokenMs');
      assertNonNegativeNumber(apiMs, 'setLatency apiMs');
      context.latency.tokenMs = tokenMs;
      context.latency.apiMs = apiMs;
    },
    advanceTime(ms) {
      assertNonNegativeNumber(ms, 'advanceTime ms');
      const room = maxClockOffsetMs - context.clock.offsetMs;
      if (ms > room) {
        throw invalidRange(
          'advanceTime ms',
          `must be at most ${room}: the clock runs at most 100 years ahead, and is ${context.clock.offsetMs} ms ahead now (got ${ms})`,
        );
      }
      context.clock.advance(ms);
    },
    addClient(client) {
      context.clients.add(toRegisteredClient(client, 'addClient client'));
    },
    reset() {
      context.tokenFaults.clear();
      context.apiFaults.clear();
      context.lockout.clear();
      context.clock.rewind();
      context.latency.tokenMs = 0;
      context.latency.apiMs = 0;
      clearStats(context.stats, context.tokenRequestGauge.inProgress);
      context.timeline.clear();
      context.revocations = 0;
    },
  };
}

function assertCount(count: unknown, name: string): void {
  assertIntegerInRange(count, name, 0, Number.MAX_SAFE_INTEGER);
}
