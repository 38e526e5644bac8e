/**
 * The adapters `pnpm demo` tours, one column each of its summary, in order.
 *
 * @example
 * ```ts
 * const adapter: AdapterName = 'Express';
 * ```
 */
export type AdapterName = 'core' | 'axios' | 'Express' | 'Koa' | 'NestJS' | 'Words SDK';

/** The columns of the summary, in order. */
export const adapterNames: readonly AdapterName[] = [
  'core',
  'axios',
  'Express',
  'Koa',
  'NestJS',
  'Words SDK',
];

/**
 * What one tour measured at each of the six steps every adapter walks
 * through, all read from the emulator's counters (or from what a caller got
 * back). The same six rows make up the summary table of `pnpm demo`.
 *
 * @example
 * ```ts
 * const steps: TourSteps = {
 *   firstCall: { calls: 100, succeeded: 100, tokenRequests: 1 },
 *   renewal: { calls: 100, failed: 0, tokenRequests: 1 },
 *   keyRotation: { calls: 50, rejected: 50, succeeded: 50, tokenRequests: 1 },
 *   api429: { statuses: [429, 200] },
 *   token429: { kind: 'error', code: 'ERR_RATE_LIMITED', retryAfterSeconds: 600, calls: 21, tokenRequests: 1 },
 *   wrongSecret: { calls: 20, outcome: 'ERR_CREDENTIALS_REJECTED', tokenRequests: 1, lockouts: 0 },
 * };
 * ```
 */
export interface TourSteps {
  /** A herd of first calls on a cold start. */
  firstCall: { calls: number; succeeded: number; tokenRequests: number };
  /** Calls made while the token is inside its renewal window, and just after. */
  renewal: { calls: number; failed: number; tokenRequests: number };
  /** Calls in flight when every issued token is revoked. */
  keyRotation: {
    calls: number;
    /** How many of their first attempts the API answered 401. */
    rejected: number;
    succeeded: number;
    tokenRequests: number;
  };
  /** What the API answered, in order, to one call it rate limited once. */
  api429: { statuses: number[] };
  /** A fresh client while the token endpoint answers 429 `Retry-After: 600`. */
  token429:
    | {
        /** A server adapter: what the browser got back. */
        kind: 'answer';
        status: number;
        retryAfter: string | null;
        calls: number;
        tokenRequests: number;
      }
    | {
        /** A client adapter: the typed error the caller caught. */
        kind: 'error';
        code: string | undefined;
        retryAfterSeconds: number | undefined;
        calls: number;
        tokenRequests: number;
      };
  /** A client with a wrong secret, called again and again. */
  wrongSecret: {
    calls: number;
    /** What every call ended with: an HTTP status or an error code. */
    outcome: string;
    tokenRequests: number;
    lockouts: number;
  };
}

/** One row of the summary: which step, and what behaving means there. */
export type TourStepName = keyof TourSteps;

/** The rows of the summary, in order, with their labels: the step, then its promise. */
export const tourStepLabels: Readonly<Record<TourStepName, readonly [string, string]>> = {
  firstCall: ['first call', '→ 1 token request'],
  renewal: ['renewal before expiry', '→ 0 failed calls'],
  keyRotation: ['key rotation', '→ 1 renewal, replays ok'],
  api429: ['API 429', '→ waited out, retried'],
  token429: ['token endpoint 429', '→ 503 + Retry-After'],
  wrongSecret: ['wrong secret', '→ 1 request, 0 lockouts'],
};

/**
 * One cell of the summary: what was measured, and whether it is what the
 * step promises.
 *
 * @example
 * ```ts
 * const cell: JudgedStep = judgeStep('api429', { statuses: [429, 200] });
 * // { headline: '429 → 200', detail: '1 retry', behaved: true }
 * ```
 */
export interface JudgedStep {
  /** The figure the step is about, e.g. `1 token request`. */
  headline: string;
  /** The figure that backs it, e.g. `100/100 ok`. */
  detail: string;
  behaved: boolean;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** A Retry-After of delta-seconds within the 600 s the step asked for. */
function isWaitWithinCooldown(seconds: number | undefined): boolean {
  return seconds !== undefined && Number.isInteger(seconds) && seconds > 0 && seconds <= 600;
}

const judges: { [Name in TourStepName]: (measured: TourSteps[Name]) => JudgedStep } = {
  firstCall: ({ calls, succeeded, tokenRequests }) => ({
    headline: plural(tokenRequests, 'token request'),
    detail: `${succeeded}/${calls} ok`,
    behaved: calls > 1 && succeeded === calls && tokenRequests === 1,
  }),
  renewal: ({ calls, failed, tokenRequests }) => ({
    headline: plural(tokenRequests, 'renewal'),
    detail: `${failed}/${calls} failed`,
    behaved: calls > 0 && failed === 0 && tokenRequests === 1,
  }),
  keyRotation: ({ calls, rejected, succeeded, tokenRequests }) => ({
    headline: plural(tokenRequests, 'renewal'),
    detail: `${succeeded}/${calls} replayed`,
    behaved: calls > 0 && rejected === calls && succeeded === calls && tokenRequests === 1,
  }),
  api429: ({ statuses }) => ({
    headline: statuses.join(' → ') || 'no call',
    detail: plural(Math.max(statuses.length - 1, 0), 'retry').replace('retrys', 'retries'),
    behaved: statuses.length === 2 && statuses[0] === 429 && statuses[1] === 200,
  }),
  token429: (step) =>
    step.kind === 'answer'
      ? {
          headline: `${step.status} Retry-After: ${step.retryAfter}`,
          detail: plural(step.tokenRequests, 'token request'),
          behaved:
            step.status === 503 &&
            isWaitWithinCooldown(Number(step.retryAfter ?? Number.NaN)) &&
            step.tokenRequests === 1,
        }
      : {
          headline: `${step.code}`,
          detail: `retry in ${step.retryAfterSeconds} s, ${plural(step.tokenRequests, 'request')}`,
          behaved:
            step.code === 'ERR_RATE_LIMITED' &&
            isWaitWithinCooldown(step.retryAfterSeconds) &&
            step.tokenRequests === 1,
        },
  wrongSecret: ({ calls, tokenRequests, lockouts }) => ({
    headline: plural(tokenRequests, 'token request'),
    detail: `${plural(lockouts, 'lockout')}, ${calls} calls`,
    behaved: calls > 1 && tokenRequests === 1 && lockouts === 0,
  }),
};

/**
 * Judges what a tour measured at one step against what the step promises.
 * The promise is fixed here, once, for every adapter; a demo only measures.
 *
 * @example
 * ```ts
 * judgeStep('firstCall', { calls: 100, succeeded: 100, tokenRequests: 1 });
 * // { headline: '1 token request', detail: '100/100 ok', behaved: true }
 * ```
 */
export function judgeStep<Name extends TourStepName>(
  name: Name,
  measured: TourSteps[Name],
): JudgedStep {
  return (judges[name] as (measured: TourSteps[Name]) => JudgedStep)(measured);
}

/**
 * Judges every step of a tour.
 *
 * @example
 * ```ts
 * const allBehaved = Object.values(judgeTour(steps)).every((cell) => cell.behaved);
 * ```
 */
export function judgeTour(steps: TourSteps): Record<TourStepName, JudgedStep> {
  return {
    firstCall: judges.firstCall(steps.firstCall),
    renewal: judges.renewal(steps.renewal),
    keyRotation: judges.keyRotation(steps.keyRotation),
    api429: judges.api429(steps.api429),
    token429: judges.token429(steps.token429),
    wrongSecret: judges.wrongSecret(steps.wrongSecret),
  };
}
