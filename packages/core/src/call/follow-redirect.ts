import type { CallSend } from './call-request.js';
import { isReplayableBody } from './replayable-body.js';

/** The most redirects one call follows: the Fetch standard's limit. */
export const MAX_REDIRECTS = 20;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a body, dropped when a redirect turns the request into a GET. */
const bodyHeaders = ['content-encoding', 'content-language', 'content-location', 'content-type'];
/** Credentials undici drops on a redirect to another origin; the caller's own ones included. */
const credentialHeaders = ['authorization', 'proxy-authorization', 'cookie'];

/** The `Location` of a redirect answer, or `undefined` when the answer is not one to follow. */
export function redirectLocation(response: Response): string | undefined {
  if (!redirectStatuses.has(response.status)) return undefined;
  return response.headers.get('location') ?? undefined;
}

/**
 * The send that follows a redirect, the way the Fetch standard's
 * "HTTP-redirect fetch" builds it. Throws like `fetch` (a `TypeError`) when
 * the target cannot be reached that way.
 */
export function followRedirect(previous: CallSend, status: number, location: string): CallSend {
  if (!URL.canParse(location, previous.url)) {
    throw new TypeError('fetch failed: the redirect location is not a valid URL');
  }
  const url = new URL(location, previous.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError('fetch failed: redirect to a URL that is not http(s)');
  }
  const headers = new Headers(previous.headers);
  if (url.origin !== previous.url.origin) {
    for (const name of credentialHeaders) headers.delete(name);
  }
  const method = previous.method.toUpperCase();
  const becomesGet =
    (status === 303 && method !== 'GET' && method !== 'HEAD') ||
    ((status === 301 || status === 302) && method === 'POST');
  if (becomesGet) {
    for (const name of bodyHeaders) headers.delete(name);
    return { url, method: 'GET', headers, body: null };
  }
  if (!isReplayableBody(previous.body)) {
    throw new TypeError('fetch failed: cannot follow a redirect with a streamed request body');
  }
  return { url, method: previous.method, headers, body: previous.body };
}
