import { judgeStep, judgeTour, type TourSteps } from '@cloud-token/demo-kit';
import { describe, expect, it } from 'vitest';

const behavedSteps: TourSteps = {
  firstCall: { calls: 100, succeeded: 100, tokenRequests: 1 },
  renewal: { calls: 100, failed: 0, tokenRequests: 1 },
  keyRotation: { calls: 50, rejected: 50, succeeded: 50, tokenRequests: 1 },
  api429: { statuses: [429, 200] },
  token429: { kind: 'answer', status: 503, retryAfter: '600', calls: 11, tokenRequests: 1 },
  wrongSecret: { calls: 20, outcome: '502', tokenRequests: 1, lockouts: 0 },
};

describe('judgeTour', () => {
  it('passes a tour that kept every promise, with the figures in the cells', () => {
    expect(judgeTour(behavedSteps)).toEqual({
      firstCall: { headline: '1 token request', detail: '100/100 ok', behaved: true },
      renewal: { headline: '1 renewal', detail: '0/100 failed', behaved: true },
      keyRotation: { headline: '1 renewal', detail: '50/50 replayed', behaved: true },
      api429: { headline: '429 → 200', detail: '1 retry', behaved: true },
      token429: { headline: '503 Retry-After: 600', detail: '1 token request', behaved: true },
      wrongSecret: { headline: '1 token request', detail: '0 lockouts, 20 calls', behaved: true },
    });
  });

  it('fails each step that broke its promise', () => {
    expect(judgeStep('firstCall', { calls: 100, succeeded: 100, tokenRequests: 2 }).behaved).toBe(
      false,
    );
    expect(judgeStep('firstCall', { calls: 100, succeeded: 99, tokenRequests: 1 }).behaved).toBe(
      false,
    );
    expect(judgeStep('renewal', { calls: 100, failed: 1, tokenRequests: 1 }).behaved).toBe(false);
    expect(judgeStep('renewal', { calls: 100, failed: 0, tokenRequests: 0 }).behaved).toBe(false);
    expect(
      judgeStep('keyRotation', { calls: 50, rejected: 0, succeeded: 50, tokenRequests: 1 }).behaved,
    ).toBe(false);
    expect(
      judgeStep('keyRotation', { calls: 50, rejected: 50, succeeded: 50, tokenRequests: 2 })
        .behaved,
    ).toBe(false);
    expect(judgeStep('api429', { statuses: [429] }).behaved).toBe(false);
    expect(judgeStep('api429', { statuses: [429, 429, 200] }).behaved).toBe(false);
    expect(
      judgeStep('token429', {
        kind: 'answer',
        status: 503,
        retryAfter: null,
        calls: 11,
        tokenRequests: 1,
      }).behaved,
    ).toBe(false);
    expect(
      judgeStep('token429', {
        kind: 'answer',
        status: 503,
        retryAfter: '600',
        calls: 11,
        tokenRequests: 11,
      }).behaved,
    ).toBe(false);
    expect(
      judgeStep('token429', {
        kind: 'error',
        code: 'ERR_TOKEN_REQUEST',
        retryAfterSeconds: undefined,
        calls: 21,
        tokenRequests: 1,
      }),
    ).toEqual({
      headline: 'ERR_TOKEN_REQUEST',
      detail: 'retry in undefined s, 1 request',
      behaved: false,
    });
    expect(
      judgeStep('wrongSecret', { calls: 20, outcome: '502', tokenRequests: 5, lockouts: 1 }),
    ).toEqual({ headline: '5 token requests', detail: '1 lockout, 20 calls', behaved: false });
  });

  it('shows a client adapter’s typed error in the token endpoint row', () => {
    expect(
      judgeStep('token429', {
        kind: 'error',
        code: 'ERR_RATE_LIMITED',
        retryAfterSeconds: 600,
        calls: 21,
        tokenRequests: 1,
      }),
    ).toEqual({ headline: 'ERR_RATE_LIMITED', detail: 'retry in 600 s, 1 request', behaved: true });
  });
});
