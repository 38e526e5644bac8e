/** What `process` offers for finding a built-in module, where there is one. */
interface BuiltinLookup {
  getBuiltinModule?: (id: string) => unknown;
}

/**
 * A Node built-in module looked up at run time, without an `import` a
 * bundler or a runtime would have to resolve: found on Node (20.16+, 22.3+),
 * Bun, Deno, and Cloudflare Workers with `nodejs_compat`; `undefined` where
 * there is none (Workers without `nodejs_compat`, a browser). The core's
 * default entry reaches Node's `diagnostics_channel` and `util` this way
 * only, and works without them.
 *
 * @example
 * ```ts
 * const util = nodeBuiltin<typeof import('node:util')>('node:util');
 * const rendered = util?.inspect(value) ?? String(value);
 * ```
 */
export function nodeBuiltin<T>(id: `node:${string}`): T | undefined {
  const host = (globalThis as { process?: BuiltinLookup }).process;
  const lookup = host?.getBuiltinModule;
  return typeof lookup === 'function' ? (lookup.call(host, id) as T | undefined) : undefined;
}
