import type { EmulatorContext } from './context.js';
import type { ApiFault, EmulatorControl, TokenFault } from './types.js';

/** A JSON request body, already known to be an object. */
export type JsonObject = Record<string, unknown>;

/** One control-plane action: which fields its body may have and what it does. */
export interface ControlAction {
  /** Fields the body may carry; any other is rejected. A function when they depend on the body. */
  fields: readonly string[] | ((body: JsonObject) => readonly string[]);
  /** Calls the emulator's control switch (which checks the values) and says what it did. */
  run(control: EmulatorControl, body: JsonObject, context: EmulatorContext): unknown;
}

/** A Map, not an object: a `kind` of `constructor` or `__proto__` must find nothing. */
const tokenFaultFields: ReadonlyMap<unknown, readonly string[]> = new Map([
  ['status', ['status', 'retryAfter']],
  ['oauth-error', ['error', 'description', 'status']],
  ['rate-limit', ['retryAfter']],
  ['bad-expires-in', ['value']],
  ['token-type', ['value']],
  ['oversized', ['bytes']],
]);

/** `1` when the body names no count: "fail the next request" is the common case. */
function countOf(body: JsonObject): unknown {
  return body.count ?? 1;
}

/** `Retry-After` may be given as a number of seconds in JSON; the header is its text. */
function retryAfterOf(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
}

function withoutCount(body: JsonObject): JsonObject {
  const { count: _count, ...rest } = body;
  return rest;
}

const actions: Record<string, ControlAction> = {
  'token-faults': {
    fields: (body) => ['count', 'kind', ...(tokenFaultFields.get(body.kind) ?? [])],
    run(control, body, context) {
      const fault = withoutCount(body);
      if ('retryAfter' in fault) fault.retryAfter = retryAfterOf(fault.retryAfter);
      control.failTokenRequests(countOf(body) as number, fault as unknown as TokenFault);
      return { pending: context.tokenFaults.pending() };
    },
  },
  'api-faults': {
    fields: ['count', 'status', 'retryAfter'],
    run(control, body, context) {
      const fault = withoutCount(body);
      if ('retryAfter' in fault) fault.retryAfter = retryAfterOf(fault.retryAfter);
      control.failApiRequests(countOf(body) as number, fault as unknown as ApiFault);
      return { pending: context.apiFaults.pending() };
    },
  },
  revoke: {
    fields: [],
    run(control, _body, context) {
      control.revokeAllTokens();
      return { revocations: context.revocations };
    },
  },
  latency: {
    fields: ['tokenMs', 'apiMs'],
    run(control, body, context) {
      control.setLatency(body);
      return { latency: context.latency };
    },
  },
  'advance-time': {
    fields: ['ms'],
    run(control, body, context) {
      control.advanceTime(body.ms as number);
      return { now: new Date(context.clock.now()).toISOString() };
    },
  },
  clients: {
    fields: ['clientId', 'clientSecret', 'scope'],
    run(control, body) {
      control.addClient(body as never);
      // Never the secret back: only what identifies the client.
      return { clientId: body.clientId };
    },
  },
  reset: {
    fields: [],
    run(control) {
      control.reset();
      return {};
    },
  },
};

/**
 * The control plane's POST endpoints, by path below `/_emulator/`. Each one
 * is a thin JSON front of an `emulator.control` switch: the switch checks
 * the values, this only rejects unknown fields. A Map, so that a path naming
 * an inherited property (`/constructor`, `/__proto__`) finds nothing.
 */
export const controlActions: ReadonlyMap<string, ControlAction> = new Map(Object.entries(actions));
