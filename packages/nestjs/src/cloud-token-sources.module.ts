import { createTokenSourcePool, type TokenSourcePool } from '@cloud-token/core';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CLOUD_TOKEN_POOL } from './constants.js';
import { runCleanup } from './run-cleanup.js';

// An application declares its modules up front: its pool never evicts a source a module serves.
const unbounded = Number.MAX_SAFE_INTEGER;

/**
 * The token sources of one Nest application, one per credential: every
 * `CloudTokenModule` import (`forRoot`, `forRootAsync`, in any module) with
 * the same credentials gets the same source from the core's pool, so a herd
 * makes one token request. A static module: Nest makes it once per
 * application and closes the pool, and every source in it, at shutdown.
 * Internal to this package.
 *
 * @example
 * ```ts
 * @Module({ imports: [CloudTokenSourcesModule] })
 * ```
 */
@Module({
  providers: [
    { provide: CLOUD_TOKEN_POOL, useFactory: () => createTokenSourcePool({ maxSize: unbounded }) },
  ],
  exports: [CLOUD_TOKEN_POOL],
})
export class CloudTokenSourcesModule implements OnApplicationShutdown {
  readonly #pool: TokenSourcePool;

  constructor(@Inject(CLOUD_TOKEN_POOL) pool: TokenSourcePool) {
    this.#pool = pool;
  }

  onApplicationShutdown(): void {
    runCleanup('CloudTokenModule', 'closing the token source', () => this.#pool.close());
  }
}
