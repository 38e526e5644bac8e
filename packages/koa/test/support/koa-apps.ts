import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from '@cloud-token/core/testing';
import { afterEach } from 'vitest';

/** What a test starts, closed when it ends. */
export interface KoaAppsPerTest {
  /** Serves `app` on loopback until the test ends; resolves its base URL. */
  listen(app: { callback(): (req: IncomingMessage, res: ServerResponse) => void }): Promise<string>;
  /** Closes `closable` (a middleware and its token sources) when the test ends; returns it. */
  closeAfterTest<M extends { close(): void }>(closable: M): M;
}

/**
 * Registers an `afterEach` that closes, newest first, every app and
 * middleware the test handed to the returned {@link KoaAppsPerTest}.
 *
 * @example
 * ```ts
 * const apps = useKoaApps();
 * const url = await apps.listen(new Koa().use(apps.closeAfterTest(cloudToken(options))));
 * ```
 */
export function useKoaApps(): KoaAppsPerTest {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    async listen(app) {
      const server = await listenOnLoopback(app.callback());
      cleanups.push(() => server.close());
      return server.url;
    },
    closeAfterTest(closable) {
      cleanups.push(() => closable.close());
      return closable;
    },
  };
}
