import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from '@cloud-token/core/testing';
import { afterEach } from 'vitest';

/** What a test starts, closed when it ends. */
export interface AppsPerTest {
  /** Serves `app` on loopback until the test ends; resolves its base URL. */
  listen(app: (req: IncomingMessage, res: ServerResponse) => void): Promise<string>;
  /** Closes `middleware` (and so its token sources) when the test ends; returns it. */
  closeAfterTest<M extends { close(): void }>(middleware: M): M;
}

/**
 * Registers an `afterEach` that closes, newest first, every app and
 * middleware the test handed to the returned {@link AppsPerTest}.
 *
 * @example
 * ```ts
 * const apps = useAppsPerTest();
 * it('answers', async () => {
 *   const app = express();
 *   app.use(apps.closeAfterTest(cloudToken(options)));
 *   const url = await apps.listen(app);
 * });
 * ```
 */
export function useAppsPerTest(): AppsPerTest {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    async listen(app) {
      const server = await listenOnLoopback(app);
      cleanups.push(() => server.close());
      return server.url;
    },
    closeAfterTest(middleware) {
      cleanups.push(() => middleware.close());
      return middleware;
    },
  };
}
