import type { ServerResponse } from 'node:http';

/**
 * A signal that aborts when the client goes away before its response is
 * complete. The response's `close` event fires once for every response, at
 * its end, whether it finished or the connection dropped, so the one-shot
 * listener never outlives the request.
 */
export function clientDisconnectSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const abortIfUnfinished = (): void => {
    if (!res.writableFinished) controller.abort(disconnected());
  };
  if (res.closed) abortIfUnfinished();
  else res.once('close', abortIfUnfinished);
  return controller.signal;
}

function disconnected(): DOMException {
  return new DOMException(
    'The client closed the connection before its response was complete',
    'AbortError',
  );
}
