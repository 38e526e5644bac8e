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
 * The one-shot `close` listener goes away when the response closes, or
 * earlier with `stop()`.
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
    if (response.writableFinished || response.errored) return;
    controller.abort(
      new DOMException(
        'The client closed the connection before its answer was complete',
        'AbortError',
      ),
    );
  };
  if (response.closed) onClose();
  else response.once('close', onClose);
  return {
    signal: controller.signal,
    stop: () => {
      response.off('close', onClose);
    },
  };
}
