import { createCallPolicy } from '@cloud-token/core/adapter';
import { createFakeClock } from '@cloud-token/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const retryAfter = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string(),
  fc.nat({ max: 100_000 }).map(String),
  fc.integer({ min: -10, max: 10 }).map((seconds) => `${seconds}.5`),
  fc
    .date({
      min: new Date(Date.UTC(1990, 0, 1)),
      max: new Date(Date.UTC(2100, 0, 1)),
      noInvalidDate: true,
    })
    .map((date) => date.toUTCString()),
);

const status = fc.oneof(
  fc.constantFrom(200, 204, 301, 400, 401, 403, 404, 429, 500, 502, 503, 504),
  fc.integer(),
  fc.double(),
);

const state = fc.record({
  carriedToken: fc.boolean(),
  bodyReplayable: fc.boolean(),
  unauthorizedReplays: fc.nat({ max: 5 }),
  rateLimitRetries: fc.nat({ max: 5 }),
});

const limits = fc.record({
  maxRetryAfterMs: fc.nat({ max: 200_000 }),
  rateLimitRetries: fc.nat({ max: 4 }),
  unauthorizedReplays: fc.nat({ max: 4 }),
});

describe('decide (properties)', () => {
  it('never throws, and only ever replays or retries within its limits', () => {
    const clock = createFakeClock();
    fc.assert(
      fc.property(limits, status, retryAfter, state, (options, answerStatus, header, callState) => {
        const policy = createCallPolicy(
          { baseUrl: 'https://api.aspose.cloud/', ...options },
          clock,
        );
        const decision = policy.decide({ status: answerStatus, retryAfter: header }, callState);
        switch (decision.action) {
          case 'return':
            if (decision.retryAfterMs !== undefined) {
              expect([429, 503]).toContain(answerStatus);
              expect(decision.retryAfterMs).toBeGreaterThanOrEqual(0);
            }
            break;
          case 'renew-and-replay':
            expect(answerStatus).toBe(401);
            expect(callState.carriedToken && callState.bodyReplayable).toBe(true);
            expect(callState.unauthorizedReplays).toBeLessThan(options.unauthorizedReplays);
            break;
          case 'wait-and-retry':
            expect([429, 503]).toContain(answerStatus);
            expect(callState.bodyReplayable).toBe(true);
            expect(callState.rateLimitRetries).toBeLessThan(options.rateLimitRetries);
            expect(decision.delayMs).toBeGreaterThanOrEqual(0);
            expect(decision.delayMs).toBeLessThanOrEqual(options.maxRetryAfterMs);
            break;
        }
      }),
    );
  });
});
