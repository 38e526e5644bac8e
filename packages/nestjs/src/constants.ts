/**
 * The injection token of the module's `TokenSource` (see `@InjectTokenSource()`). Every
 * token is a `Symbol.for`, so a CommonJS and an ESM copy of this package resolve each other.
 *
 * @example
 * ```ts
 * const source = app.get<TokenSource>(CLOUD_TOKEN_SOURCE);
 * ```
 */
export const CLOUD_TOKEN_SOURCE: unique symbol = Symbol.for('@cloud-token/nestjs:token-source');

/**
 * The injection token of the module's options, as the module holds them
 * (`CloudTokenModuleHeldOptions`: frozen, the client secret `Redacted`).
 *
 * @example
 * ```ts
 * constructor(@Inject(CLOUD_TOKEN_OPTIONS) private readonly options: CloudTokenModuleHeldOptions) {}
 * ```
 */
export const CLOUD_TOKEN_OPTIONS: unique symbol = Symbol.for('@cloud-token/nestjs:options');

/** The module's shared token source and its authorized fetch (internal). */
export const CLOUD_TOKEN_CLIENT: unique symbol = Symbol.for('@cloud-token/nestjs:client');

/** The application's pool of token sources, one per credential (internal). */
export const CLOUD_TOKEN_POOL: unique symbol = Symbol.for('@cloud-token/nestjs:pool');
