import type { CallTracking } from '@cloud-token/core/adapter';
import { type BridgedCall, bridgedCalls } from './call-context.js';
import { scrubSdkAnswer } from './scrub-sdk-answer.js';
import { sdkAnswerOf } from './sdk-answer.js';

type Method = (...args: unknown[]) => unknown;

/**
 * Wraps every method of `client` (its class's and its ancestors', but not
 * `_private` ones, accessors or the constructor) so that each call runs as
 * one {@link BridgedCall}. What the SDK's method does is unchanged; around
 * it the bridge:
 * - rejects with the token source's own typed error when the token could not
 *   be had (Words turns it into `Error("Authorization failed")`);
 * - applies the core's call policy to the SDK's rejection when it names an
 *   HTTP status: a 401 the SDK does not replay itself (Conversion, Viewer)
 *   is replayed once with a renewed token; a 429/503 with a short enough
 *   `Retry-After` is waited out and the method called again;
 * - tells the tracker when a call that carried a token succeeded, so the
 *   core knows a renewal after a 401 helped.
 * A call made while another call of the same bridge runs (an SDK method
 * calling another) is part of the outer call. Returns what undoes it.
 */
export function wrapClientMethods(
  client: object,
  owner: object,
  tracking: CallTracking,
): () => void {
  const target = client as Record<string, unknown>;
  const previous = new Map<string, PropertyDescriptor | undefined>();
  for (const name of methodNames(client)) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    previous.set(name, Object.getOwnPropertyDescriptor(client, name));
    Object.defineProperty(client, name, {
      configurable: true,
      enumerable: false,
      writable: true,
      value: bridgedMethod(original as Method, owner, tracking),
    });
  }
  return () => {
    for (const [name, descriptor] of previous) {
      if (descriptor === undefined) Reflect.deleteProperty(client, name);
      else Object.defineProperty(client, name, descriptor);
    }
  };
}

function methodNames(client: object): Set<string> {
  const names = new Set<string>();
  for (
    let prototype = Object.getPrototypeOf(client);
    prototype !== null && prototype !== Object.prototype;
    prototype = Object.getPrototypeOf(prototype)
  ) {
    for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(prototype))) {
      if (name === 'constructor' || name.startsWith('_')) continue;
      if (typeof descriptor.value === 'function') names.add(name);
    }
  }
  return names;
}

function bridgedMethod(original: Method, owner: object, tracking: CallTracking): Method {
  return function bridged(this: unknown, ...args: unknown[]): unknown {
    if (bridgedCalls.getStore()?.owner === owner) return original.apply(this, args);
    const call: BridgedCall = {
      owner,
      tracking,
      tracker: undefined,
      tokens: [],
      sourceError: undefined,
    };
    const invoke = (): unknown => {
      call.sourceError = undefined;
      return bridgedCalls.run(call, () => original.apply(this, args));
    };
    const result = invoke();
    return isThenable(result) ? finishCall(call, result, invoke, args) : result;
  };
}

async function finishCall(
  call: BridgedCall,
  first: unknown,
  invoke: () => unknown,
  args: readonly unknown[],
): Promise<unknown> {
  let pending = first;
  for (;;) {
    let value: unknown;
    try {
      value = await pending;
    } catch (error) {
      if (call.sourceError !== undefined) throw call.sourceError;
      const answer = sdkAnswerOf(error);
      const decision =
        answer === undefined ? undefined : call.tracker?.settle(answer, argumentsReplayable(args));
      if (decision?.action === 'wait-and-retry')
        await call.tracker?.wait(decision.delayMs, undefined);
      if (decision === undefined || decision.action === 'return') {
        scrubSdkAnswer(error, call.tokens);
        throw error;
      }
      pending = invoke();
      continue;
    }
    if (call.tracker?.token !== undefined)
      call.tracker.settle({ status: 200, retryAfter: undefined }, true);
    scrubSdkAnswer(value, call.tokens);
    return value;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Whether calling the method again sends the same bytes: no stream among its
 * arguments or in the request objects they carry (a stream is read once).
 */
function argumentsReplayable(args: readonly unknown[]): boolean {
  return !args.some((value) => holdsStream(value, 3));
}

function holdsStream(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return false;
  if (
    typeof (value as { pipe?: unknown }).pipe === 'function' ||
    typeof (value as { getReader?: unknown }).getReader === 'function'
  )
    return true;
  if (depth === 0) return false;
  return Object.values(value).some((field) => holdsStream(field, depth - 1));
}
