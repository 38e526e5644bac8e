/*
 * Injection tokens. `Symbol.for` so that a CommonJS and an ESM copy of this
 * package loaded in one process (NestJS 12 apps that stay CommonJS) still
 * resolve each other's providers.
 */

/**
 * The injection token of the module's `TokenSource` (see `@InjectTokenSource()`).
 *
 * @example
 * ```ts
 * const source = app.get<TokenSource>(CLOUD_TOKEN_SOURCE);
 * ```
 */
export const CLOUD_TOKEN_SOURCE: unique symbol = Symbol.for('@cloud-token/nestjs:token-source');

/**
 * The injection token of the options given to `CloudTokenModule.forRoot()` or
 * returned by the `forRootAsync()` factory.
 *
 * @example
 * ```ts
 * constructor(@Inject(CLOUD_TOKEN_OPTIONS) private readonly options: CloudTokenModuleOptions) {}
 * ```
 */
export const CLOUD_TOKEN_OPTIONS: unique symbol = Symbol.for('@cloud-token/nestjs:options');

/** The module's lease on a shared token source, with its authorized fetch (internal). */
export const CLOUD_TOKEN_LEASE: unique symbol = Symbol.for('@cloud-token/nestjs:lease');
