import type { IncomingHttpHeaders } from 'node:http';

/** A request's headers as Node gives them: names lowercased, repeated ones in an array. */
type NodeHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** RFC 9110 §7.6.1: these describe one connection, never the next hop's. */
const hopByHopHeaders = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/**
 * Request headers the proxy never forwards, besides hop-by-hop ones:
 * - the browser's credentials (`authorization`, `cookie`, `proxy-authorization`):
 *   the cloud gets the server's token and nothing of the browser's session;
 * - `host` and `content-length`: fetch derives both from the URL and the body;
 * - `expect`: the server already answered `100 Continue`, and fetch refuses it;
 * - `accept-encoding`: fetch negotiates only what it can decode;
 * - `forwarded`, `x-forwarded-*`, `x-real-ip`: the end user's address is none
 *   of the cloud's business; to the cloud the proxy is the client.
 */
const withheldRequestHeaders = new Set([
  ...hopByHopHeaders,
  'authorization',
  'cookie',
  'proxy-authorization',
  'host',
  'content-length',
  'expect',
  'accept-encoding',
  'forwarded',
  'x-real-ip',
]);

/**
 * Response headers the proxy never returns, besides hop-by-hop ones:
 * `set-cookie`, because the cloud's cookies belong to the cloud's origin, not
 * to the application's, and the cloud authenticates with the token anyway.
 */
const withheldResponseHeaders = new Set([...hopByHopHeaders, 'set-cookie']);

const noConnectionOptions: ReadonlySet<string> = new Set();

/** Header names a `Connection` header declares hop-by-hop (RFC 9110 §7.6.1). */
function connectionOptions(
  value: string | readonly string[] | null | undefined,
): ReadonlySet<string> {
  if (value === undefined || value === null) return noConnectionOptions;
  // The usual values name no header beyond the hop-by-hop ones: no set to build.
  if (typeof value === 'string' && /^\s*(?:keep-alive|close)\s*$/i.test(value)) {
    return noConnectionOptions;
  }
  const names = new Set<string>();
  for (const item of typeof value === 'string' ? [value] : value) {
    for (const part of item.split(',')) {
      const name = part.trim().toLowerCase();
      if (name !== '') names.add(name);
    }
  }
  return names;
}

/** Whether an incoming request header goes on to the cloud. */
function isForwarded(name: string, perConnection: ReadonlySet<string>): boolean {
  return (
    !name.startsWith(':') &&
    !withheldRequestHeaders.has(name) &&
    !perConnection.has(name) &&
    !name.startsWith('x-forwarded-')
  );
}

/**
 * The headers of an incoming request that go on to the cloud: everything but
 * hop-by-hop headers (including those named in `Connection`), the browser's
 * credentials, HTTP/2 pseudo-headers and the headers fetch sets itself (Node
 * gives the names lowercased). Name and value pairs, which fetch takes as they
 * are: no `Headers` object is built only for fetch to copy it.
 */
export function requestHeadersToForward(incoming: NodeHeaders): [string, string][] {
  const perConnection = connectionOptions(incoming.connection);
  const forwarded: [string, string][] = [];
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || !isForwarded(name, perConnection)) continue;
    if (typeof value === 'string') forwarded.push([name, value]);
    else for (const item of value) forwarded.push([name, item]);
  }
  return forwarded;
}

/**
 * The same headers as {@link requestHeadersToForward}, of a Web `Request`
 * (`Headers` gives names lowercased, and repeated ones joined, as fetch
 * sends them).
 */
export function webRequestHeadersToForward(incoming: Headers): [string, string][] {
  const perConnection = connectionOptions(incoming.get('connection'));
  const forwarded: [string, string][] = [];
  incoming.forEach((value, name) => {
    if (isForwarded(name, perConnection)) forwarded.push([name, value]);
  });
  return forwarded;
}

/**
 * The same headers as {@link requestHeadersToForward}, as the flat
 * `[name, value, name, value, …]` list an undici dispatch takes.
 */
export function requestHeaderListToForward(incoming: IncomingHttpHeaders): string[] {
  const perConnection = connectionOptions(incoming.connection);
  const forwarded: string[] = [];
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || !isForwarded(name, perConnection)) continue;
    if (typeof value === 'string') forwarded.push(name, value);
    else for (const item of value) forwarded.push(name, item);
  }
  return forwarded;
}

/**
 * The headers of the cloud's answer that go back to the browser: everything
 * but hop-by-hop headers and `set-cookie`. When the answer was compressed,
 * fetch has already decoded the body, so `content-encoding` and
 * `content-length` would describe bytes the browser never gets: both go too.
 */
export function responseHeadersToReturn(answer: Headers): Record<string, string> {
  const perConnection = connectionOptions(answer.get('connection'));
  const encoding = answer.get('content-encoding')?.trim().toLowerCase();
  const decodedByFetch = encoding !== undefined && encoding !== '' && encoding !== 'identity';
  const returned: Record<string, string> = {};
  answer.forEach((value, name) => {
    if (withheldResponseHeaders.has(name) || perConnection.has(name)) return;
    if (decodedByFetch && (name === 'content-encoding' || name === 'content-length')) return;
    returned[name] = value;
  });
  return returned;
}

/**
 * The headers of a raw answer (undici's, names lowercased) that go back to
 * the browser: everything but hop-by-hop headers and `set-cookie`. When the
 * proxy decodes the body on the way (`decoded`), `content-encoding` and
 * `content-length` go too, as with {@link responseHeadersToReturn}.
 */
export function rawResponseHeadersToReturn(
  answer: IncomingHttpHeaders,
  decoded: boolean,
): Record<string, string | string[]> {
  const perConnection = connectionOptions(answer.connection);
  const returned: Record<string, string | string[]> = {};
  for (const name in answer) {
    const value = answer[name];
    if (value === undefined || withheldResponseHeaders.has(name) || perConnection.has(name)) {
      continue;
    }
    if (decoded && (name === 'content-encoding' || name === 'content-length')) continue;
    returned[name] = value;
  }
  return returned;
}
