import type { ApiFault, TokenFault } from './types.js';
import { assertHeaderValue, assertIntegerInRange, invalidType } from './validate.js';

/**
 * Faults waiting for the next requests, first in first out. A run of equal
 * faults is stored once with a count, so `failTokenRequests(1e6, …)` is cheap.
 */
export class FaultQueue<Fault> {
  readonly #runs: { fault: Fault; remaining: number }[] = [];

  add(count: number, fault: Fault): void {
    if (count > 0) this.#runs.push({ fault, remaining: count });
  }

  /** The fault for the request at hand, if any is waiting. */
  take(): Fault | undefined {
    const run = this.#runs[0];
    if (run === undefined) return undefined;
    run.remaining -= 1;
    if (run.remaining === 0) this.#runs.shift();
    return run.fault;
  }

  clear(): void {
    this.#runs.length = 0;
  }

  /** The waiting faults with how many requests each still takes, first first. */
  pending(): { fault: Fault; remaining: number }[] {
    return this.#runs.map((run) => ({ ...run }));
  }
}

const statusRange = { min: 200, max: 599 };

/** Rejects a fault the emulator could not play, at the call that queues it. */
export function assertTokenFault(fault: TokenFault): void {
  const name = 'failTokenRequests fault';
  if (typeof fault !== 'object' || fault === null) throw invalidType(name, 'must be an object');
  switch (fault.kind) {
    case 'status':
      assertIntegerInRange(fault.status, `${name}.status`, statusRange.min, statusRange.max);
      assertOptionalRetryAfter(fault.retryAfter, name);
      return;
    case 'oauth-error':
      if (!/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/.test(String(fault.error))) {
        // RFC 6749 §5.2: the error code is printable ASCII without '"' and '\'.
        throw invalidType(`${name}.error`, 'must be an RFC 6749 error code');
      }
      if (fault.status !== undefined) {
        assertIntegerInRange(fault.status, `${name}.status`, statusRange.min, statusRange.max);
      }
      return;
    case 'rate-limit':
      assertOptionalRetryAfter(fault.retryAfter, name);
      return;
    case 'bad-expires-in':
    case 'token-type':
      assertSerializable(fault.value, `${name}.value`);
      return;
    case 'oversized':
      assertIntegerInRange(fault.bytes, `${name}.bytes`, 1, 1024 ** 3);
      return;
    case 'hang':
    case 'reset':
    case 'malformed-json':
    case 'html':
    case 'empty':
    case 'missing-access-token':
      return;
    default:
      throw invalidType(`${name}.kind`, 'is not a known TokenFault kind');
  }
}

/** Rejects an API fault the emulator could not answer. */
export function assertApiFault(fault: ApiFault): void {
  const name = 'failApiRequests fault';
  if (typeof fault !== 'object' || fault === null) throw invalidType(name, 'must be an object');
  assertIntegerInRange(fault.status, `${name}.status`, statusRange.min, statusRange.max);
  assertOptionalRetryAfter(fault.retryAfter, name);
}

function assertOptionalRetryAfter(retryAfter: unknown, name: string): void {
  if (retryAfter !== undefined) assertHeaderValue(retryAfter, `${name}.retryAfter`);
}

function assertSerializable(value: unknown, name: string): void {
  try {
    JSON.stringify(value);
  } catch {
    throw invalidType(name, 'must be serializable as JSON');
  }
}
