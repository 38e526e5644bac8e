import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from './listen-on-loopback.js';
import type { TestApi } from './test-api.js';

/** A Node request handler, or an app that hands one out (Koa's `callback()`). */
type Servable =
  | ((req: IncomingMessage, res: ServerResponse) => void)
  | { callback(): (req: IncomingMessage, res: ServerResponse) => void };

/**
 * What a test starts and {@link useAppsPerTest} closes when it ends.
 *
 * @example
 * ```ts
 * const apps: AppsPerTest = useAppsPerTest({ afterEach });
 * ```
 */
export interface AppsPerTest {
  /** Serves `app` on loopback until the test ends; resolves its base URL. */
  listen(app: Servable): Promise<string>;
  /** Closes `closable` (a middleware and its token sources) when the test ends; returns it. */
  closeAfterTest<Closable extends { close(): unknown }>(closable: Closable): Closable;
}

/**
 * Registers, with your runner's `afterEach`, the closing of everything a
 * test hands to the returned {@link AppsPerTest}, newest first.
 *
 * @example
 * ```ts
 * import { useAppsPerTest } from '@cloud-token/core/testing';
 * import { afterEach, it } from 'vitest';
 *
 * const apps = useAppsPerTest({ afterEach });
 * it('answers', async () => {
 *   const app = express();
 *   app.use(apps.closeAfterTest(cloudToken(options)));
 *   const url = await apps.listen(app); // a Koa app: apps.listen(app) too
 * });
 * ```
 */
export function useAppsPerTest(test: Pick<TestApi, 'afterEach'>): AppsPerTest {
  const cleanups: (() => unknown)[] = [];
  test.afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    async listen(app) {
      const server = await listenOnLoopback(typeof app === 'function' ? app : app.callback());
      cleanups.push(() => server.close());
      return server.url;
    },
    closeAfterTest(closable) {
      cleanups.push(() => closable.close());
      return closable;
    },
  };
}
