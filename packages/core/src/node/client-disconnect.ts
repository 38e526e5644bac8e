import type { ServerResponse } from 'node:http';

/** What {@link watchClientDisconnect} returns. */
export interface ClientDisconnectWatch {
  /** Aborts when the client goes away before its answer is complete. */
  readonly signal: AbortSignal;
  /** Stops watching; the signal stays as it is. */
  stop(): void;
}

/**
 * Watches for the client leaving: `response` closing before it finished.
 * A close that follows our own `destroy(error)` (the upstream body broke off)
 * is not the client leaving, so it does not abort.
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
