import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from '@cloud-token/core/testing';
import { afterEach } from 'vitest';

/**
 * Serves a plain Node handler on 127.0.0.1 for the current test: returns a
 * function that starts one server and resolves its base URL; every server is
 * closed (with its connections) when the test ends.
 *
 * @example
 * ```ts
 * const serve = useLoopbackHandlers();
 * const url = await serve((req, res) => res.end('ok'));
 * ```
 */
export function useLoopbackHandlers(): (
  handler: (req: IncomingMessage, res: ServerResponse) => void,
) => Promise<string> {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  return async (handler) => {
    const server = await listenOnLoopback(handler);
    closers.push(server.close);
    return server.url;
  };
}
