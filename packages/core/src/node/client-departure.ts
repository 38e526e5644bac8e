import type { ServerResponse } from 'node:http';
import type { CallAbandonment } from '../call/call-abandonment.js';
import { globalFetch } from '../shared/option-rules.js';
import type { FetchLike } from '../types.js';
import { clientDisconnectError, leftBeforeTheAnswer } from './client-disconnect.js';

/** Where undici (Node's own, or a newer one installed over it) keeps the global dispatcher. */
const globalDispatcherKey = Symbol.for('undici.globalDispatcher.1');

/**
 * Node's own `fetch` as the core found it: undici, which sends through the
 * `dispatcher` in `init`. Not on Bun or Deno, whose `fetch` takes none.
 */
const nodeFetch =
  typeof process === 'object' &&
  process.versions?.undici !== undefined &&
  process.versions.bun === undefined &&
  process.versions.deno === undefined
    ? globalThis.fetch
    : undefined;

/** The parts of an undici dispatcher and of its request handlers that a departure touches. */
interface Dispatcher {
  dispatch(options: unknown, handler: DispatchHandler): boolean;
}
interface DispatchHandler {
  onConnect?(abort: (reason?: Error) => void): void;
  onRequestStart?(controller: { abort(reason: Error): void }, context: unknown): void;
}

/**
 * A client's leaving, as the core's per-request accessor on Node watches
 * it: the response closing before it finished. Cloud calls of the request
 * then end with a {@link clientDisconnectError}. A send through Node's own
 * `fetch` is stopped through its dispatcher, at the cost of a small wrapper
 * per send: no `AbortSignal` for undici to follow. The signal is made only
 * for what needs one (a token wait, a `Retry-After` wait, another `fetch`).
 *
 * @example
 * ```ts
 * const departure = new ClientDeparture(response);
 * await authorizedFetch('words/doc.docx', { [callAbandonmentKey]: departure });
 * ```
 */
export class ClientDeparture implements CallAbandonment {
  #reason: Error | undefined;
  #controller: AbortController | undefined;
  /** The aborts of the sends so far; calling one of a finished send does nothing. */
  #aborts: ((reason: Error) => void)[] | undefined;

  constructor(response: ServerResponse) {
    // `on`, not `once`: a response closes once; the listener goes with it.
    if (response.closed) this.#leaveIf(response);
    else response.on('close', () => this.#leaveIf(response));
  }

  get reason(): Error | undefined {
    return this.#reason;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#reason !== undefined) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  arm(init: RequestInit, transport: FetchLike): void {
    const base = this.#dispatcherOf(init, transport);
    // After the client left, the aborted signal ends the send before it takes a connection.
    if (base === undefined || this.#reason !== undefined) {
      init.signal = this.signal;
      return;
    }
    const wrapped: Dispatcher = {
      dispatch: (options, handler) => {
        this.#follow(handler);
        return base.dispatch(options, handler);
      },
    };
    (init as { dispatcher?: Dispatcher }).dispatcher = wrapped;
  }

  /** The dispatcher the send would go through, when it is Node's own `fetch` that sends it. */
  #dispatcherOf(init: RequestInit, transport: FetchLike): Dispatcher | undefined {
    if (transport !== globalFetch || nodeFetch === undefined || globalThis.fetch !== nodeFetch) {
      return undefined;
    }
    return (
      (init as { dispatcher?: Dispatcher }).dispatcher ??
      (globalThis as { [globalDispatcherKey]?: Dispatcher })[globalDispatcherKey]
    );
  }

  /** Takes the request's abort from its handler, in either of undici's handler forms. */
  #follow(handler: DispatchHandler): void {
    const departure = this;
    const { onRequestStart, onConnect } = handler;
    if (onRequestStart !== undefined) {
      handler.onRequestStart = function (this: DispatchHandler, controller, context) {
        onRequestStart.call(this, controller, context);
        departure.#stopWith((reason) => controller.abort(reason));
      };
    } else if (onConnect !== undefined) {
      handler.onConnect = function (this: DispatchHandler, abort) {
        onConnect.call(this, abort);
        departure.#stopWith(abort);
      };
    }
  }

  #stopWith(abort: (reason: Error) => void): void {
    if (this.#reason !== undefined) {
      abort(this.#reason);
      return;
    }
    this.#aborts ??= [];
    this.#aborts.push(abort);
  }

  #leaveIf(response: ServerResponse): void {
    if (!leftBeforeTheAnswer(response)) return;
    const reason = clientDisconnectError();
    this.#reason = reason;
    this.#controller?.abort(reason);
    for (const abort of this.#aborts ?? []) abort(reason);
    this.#aborts = undefined;
  }
}
