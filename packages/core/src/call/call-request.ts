import { type CallAbandonment, callAbandonmentKey } from './call-abandonment.js';
import { type CallBase, resolveCallUrl } from './resolve-call-url.js';

/**
 * What one send of a call consists of. A redirect or a replay builds the next
 * send from the previous one; `headers` are only ever the caller's, never
 * with our token in them, and `undefined` when the caller gave none (the
 * usual call: no `Headers` object is built for it).
 */
export interface CallSend {
  url: URL;
  method: string;
  headers: Headers | undefined;
  body: BodyInit | null;
}

/** One caller's request, taken apart so that it can be sent more than once. */
export interface CallRequest {
  /** The first send, as the caller asked for it. */
  send: CallSend;
  signal: AbortSignal | undefined;
  /** How the core's accessor stops the call when its client leaves, given no `signal`. */
  abandonment: CallAbandonment | undefined;
  /** The caller's redirect mode; the transport itself always runs with `manual`. */
  redirect: RequestRedirect;
  /** The caller's remaining `init` members (`cache`, `keepalive`, undici's `dispatcher`, …), passed through. */
  init: RequestInit | undefined;
}

/**
 * Reads `fetch(input, init)` arguments the way `fetch` does (`init` members
 * override the `Request`'s) and resolves a relative URL against `base`
 * (see {@link resolveCallUrl}).
 */
export function toCallRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
  base: CallBase | undefined,
): CallRequest {
  if (typeof input === 'string' || input instanceof URL) {
    return {
      send: {
        url: resolveCallUrl(input, base),
        method: init?.method ?? 'GET',
        headers: init?.headers === undefined ? undefined : new Headers(init.headers),
        body: init?.body ?? null,
      },
      signal: init?.signal ?? undefined,
      abandonment: abandonmentOf(init),
      redirect: init?.redirect ?? 'follow',
      init,
    };
  }
  return {
    send: {
      url: new URL(input.url),
      method: init?.method ?? input.method,
      headers: new Headers(init?.headers ?? input.headers),
      // A Request's own body is a stream whatever it was made from, so it goes out once, as is.
      body: init?.body ?? input.body,
    },
    signal: init?.signal === undefined ? input.signal : (init.signal ?? undefined),
    abandonment: abandonmentOf(init),
    redirect: init?.redirect ?? input.redirect,
    init,
  };
}

function abandonmentOf(init: RequestInit | undefined): CallAbandonment | undefined {
  return (init as { [callAbandonmentKey]?: CallAbandonment } | undefined)?.[callAbandonmentKey];
}
