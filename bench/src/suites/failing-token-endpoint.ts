import { type FetchLike, isCloudTokenError } from '@cloud-token/core';
import { createFakeClock, type FakeClock } from '@cloud-token/core/testing';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorSource, withEmulator } from '../emulator.js';
import type { Figure } from '../figure.js';
import type { Suite, SuiteContext } from '../suite.js';

const SIMULATED_MINUTES = 10;
const MINUTE_MS = 60_000;
/** One caller asks for a token every simulated second. */
const CALL_INTERVAL_MS = 1_000;
/** Aspose locks a client out after this many failed token requests (the stricter cloud). */
const ASPOSE_LOCKOUT_THRESHOLD = 5;
const BUDGET_PER_MINUTE = 3;

/**
 * The token endpoint answers 500 for ten simulated minutes while a caller
 * asks every second: how many failed token requests go out per rolling
 * minute, against the stricter cloud's lockout threshold. Time is a fake
 * clock injected into the source; the requests are real, to the emulator.
 */
export const failingTokenEndpoint: Suite = {
  title: '7 token endpoint 500s',
  run: (context) => withEmulator((emulator) => measureFailingEndpoint(emulator, context)),
};

async function measureFailingEndpoint(
  emulator: Emulator,
  { checks }: SuiteContext,
): Promise<Figure[]> {
  const calls = (SIMULATED_MINUTES * MINUTE_MS) / CALL_INTERVAL_MS;
  emulator.control.failTokenRequests(calls * 3, { kind: 'status', status: 500 });
  const clock = createFakeClock(Date.UTC(2026, 10, 22));
  const recorder = recordingFetch(clock);
  const source = emulatorSource(emulator, { clock, fetch: recorder.fetch });
  let settled = 0;
  let typedFailures = 0;
  try {
    for (let call = 0; call < calls; call += 1) {
      source.getToken().then(
        () => {
          settled += 1;
        },
        (error: unknown) => {
          settled += 1;
          if (isCloudTokenError(error)) typedFailures += 1;
        },
      );
      await driveOneInterval(clock, recorder);
    }
    // Callers still waiting on a backoff get their answer within a few more simulated seconds.
    for (let extra = 0; extra < 60 && settled < calls; extra += 1) {
      await driveOneInterval(clock, recorder);
    }
  } finally {
    source.close();
  }
  const requests = recorder.startedAt.length;
  const perMinute = mostWithinWindow(recorder.startedAt, MINUTE_MS);
  checks.expect(settled === calls, `500s: ${settled} of ${calls} getToken() calls settled`);
  checks.expect(
    typedFailures === calls,
    `500s: ${typedFailures} of ${calls} calls failed with a CloudTokenError, expected all`,
  );
  checks.expect(
    perMinute <= BUDGET_PER_MINUTE,
    `500s: ${perMinute} failed token requests within one rolling minute, expected ≤ ${BUDGET_PER_MINUTE}`,
  );
  checks.expect(
    emulator.stats.tokenRequests.total === requests,
    `500s: the emulator saw ${emulator.stats.tokenRequests.total} token requests, the source sent ${requests}`,
  );
  return [
    {
      figure: `failed token requests in the busiest rolling minute (${SIMULATED_MINUTES} min of 500s, 1 call/s)`,
      value: perMinute,
      unit: '',
      baseline: ASPOSE_LOCKOUT_THRESHOLD,
      baselineLabel: 'Aspose lockout threshold',
    },
    {
      figure: `token requests over ${SIMULATED_MINUTES} simulated minutes (${calls} calls)`,
      value: requests,
      unit: '',
      baseline: calls,
      baselineLabel: 'one per call',
    },
  ];
}

interface RecordingFetch {
  readonly fetch: FetchLike;
  /** Fake-clock moment each token request started. */
  readonly startedAt: number[];
  /** Token requests whose answer is not fully read yet. */
  inFlight(): number;
}

/**
 * The global `fetch`, noting when (in fake time) each token request starts
 * and reading each answer to the end before handing it over, so that once
 * nothing is in flight only promise reactions remain before the next timer.
 */
function recordingFetch(clock: FakeClock): RecordingFetch {
  const startedAt: number[] = [];
  let inFlight = 0;
  return {
    startedAt,
    inFlight: () => inFlight,
    async fetch(input, init) {
      startedAt.push(clock.now());
      inFlight += 1;
      try {
        const answer = await fetch(input, init);
        const body = await answer.arrayBuffer();
        return new Response(body, { status: answer.status, headers: answer.headers });
      } finally {
        inFlight -= 1;
      }
    },
  };
}

/** Lets real I/O finish, then moves fake time on by one call interval. */
async function driveOneInterval(clock: FakeClock, recorder: RecordingFetch): Promise<void> {
  // One turn of the event loop: every queued promise reaction runs first.
  await new Promise((resolve) => setImmediate(resolve));
  while (recorder.inFlight() > 0) await new Promise((resolve) => setTimeout(resolve, 1));
  await clock.advance(CALL_INTERVAL_MS);
}

/** The most entries of sorted `moments` within any half-open window of `windowMs`. */
function mostWithinWindow(moments: readonly number[], windowMs: number): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < moments.length; last += 1) {
    while ((moments[last] ?? 0) - (moments[first] ?? 0) >= windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
