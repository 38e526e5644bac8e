import type { ServerResponse } from 'node:http';

/**
 * What {@link watchClientDisconnect} returns.
 *
 * @example
 * ```ts
 * const { signal, stop }: ClientDisconnectWatch = watchClientDisconnect(response);
 * ```
 */
export interface ClientDisconnectWatch {
  /** Aborts, with an `AbortError`, when the client goes away before its answer is complete. */
  readonly signal: AbortSignal;
  /** Stops watching; the signal stays as it is. */
  stop(): void;
}

/**
 * Watches for the client leaving: `response` closing before it finished, so
 * work done for that client (a token request, a call to the cloud API) can
 * be aborted. A close that follows our own `destroy(error)` (say, an
 * upstream body broke off) is not the client leaving, so it does not abort.
 * The `close` listener goes with the response, or earlier with `stop()`.
 *
 * @example
 * ```ts
 * import { watchClientDisconnect } from '@cloud-token/core/node';
 *
 * const disconnect = watchClientDisconnect(response);
 * try {
 *   const answer = await authorizedFetch('words/doc.docx', { signal: disconnect.signal });
 *   response.end(await answer.text());
 * } finally {
 *   disconnect.stop();
 * }
 * ```
 */
export function watchClientDisconnect(response: ServerResponse): ClientDisconnectWatch {
  const controller = new AbortController();
  const onClose = (): void => {
    if (leftBeforeTheAnswer(response)) controller.abort(clientDisconnectError());
  };
  // `on`, not `once`: a response closes once, and `once` would wrap the listener per request.
  if (response.closed) onClose();
  else response.on('close', onClose);
  return {
    signal: controller.signal,
    stop: () => {
      response.off('close', onClose);
    },
  };
}

/**
 * Whether a closed `response` means its client left before the answer was
 * complete: not when it finished, nor when we destroyed it ourselves
 * (`destroy(error)`, say, because an upstream body broke off).
 */
export function leftBeforeTheAnswer(response: ServerResponse): boolean {
  return !response.writableFinished && !response.errored;
}

// Symbol.for, so that the ESM and CJS copies of the core recognise each other's errors.
const disconnectBrand = Symbol.for('@cloud-token/core.client-disconnect');

/** The `AbortError` a client's leaving aborts with, recognised by {@link isClientDisconnect}. */
export function clientDisconnectError(): DOMException {
  const error = new DOMException(
    'The client closed the connection before its answer was complete',
    'AbortError',
  );
  Object.defineProperty(error, disconnectBrand, { value: true });
  return error;
}

/**
 * Whether `error` is the `AbortError` of a client that went away (the reason
 * of a {@link watchClientDisconnect} signal, which `getToken()` and `fetch()`
 * of a request's accessor reject with), or an error it caused (reading the
 * body of a cloud answer the client's leaving broke off rejects with undici's
 * `TypeError: terminated`, caused by it). Such an error is noise, not a
 * failure: nobody is left to answer, so adapters log it at debug at most.
 *
 * @example
 * ```ts
 * import { isClientDisconnect } from '@cloud-token/core/node';
 *
 * try {
 *   await getCloudToken(req).fetch('words/doc.docx');
 * } catch (error) {
 *   if (isClientDisconnect(error)) return; // the browser left
 *   throw error;
 * }
 * ```
 */
export function isClientDisconnect(error: unknown): boolean {
  return isBranded(error) || isBranded((error as { cause?: unknown } | null | undefined)?.cause);
}

function isBranded(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [disconnectBrand]?: unknown })[disconnectBrand] === true
  );
}
