/*
 * `@cloud-token/core` as a browser bundle resolves it (the `browser` export
 * condition): refused at load, with the reason. The core holds a client
 * secret, and a secret sent to a browser is a secret published; a browser
 * calls the cloud through a server's proxy (`cloudTokenProxy()` of an
 * adapter) instead. The exports are the default entry's, so that a bundler
 * builds the page and the refusal shows when it loads, in words, rather
 * than as a missing export. Cloudflare Workers (`workerd`, `worker`) resolve
 * the default entry before this one.
 */
import { UsageError } from './shared/errors.js';

export * from './index.js';

throw new UsageError(
  "@cloud-token/core does not run in a browser: it holds a client secret, which must never reach one. Call the cloud through your server (an adapter's cloudTokenProxy()), or bundle for a server runtime (Node, Bun, Deno, Cloudflare Workers).",
);
