/**
 * The cloud URL for one incoming request: the target's path prefix followed
 * by the request's path, with the request's query. `undefined` when the
 * request target could leave the prefix: not origin-form (`http://…`, `*`),
 * a `..` segment (also percent-encoded, or hidden behind an encoded slash or
 * a backslash), or a malformed percent-encoding.
 *
 * The path is appended as is (never resolved against the target like a
 * relative link), so `//other.host/x` stays a path under the prefix.
 */
export function upstreamUrl(target: URL, requestTarget: string): URL | undefined {
  const queryStart = requestTarget.indexOf('?');
  const path = queryStart === -1 ? requestTarget : requestTarget.slice(0, queryStart);
  const query = queryStart === -1 ? '' : requestTarget.slice(queryStart);
  if (!path.startsWith('/') || hasUnsafeSegment(path)) return undefined;

  const prefix = target.pathname.replace(/\/+$/, '');
  // One parse of the whole URL; a `#` would start a fragment there, so it is encoded, as
  // the `pathname` and `search` setters would.
  const url = new URL(`${target.origin}${prefix}${path}${query}`.replaceAll('#', '%23'));
  // The parser may still normalise what we did not foresee; never let it out.
  const inside = url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
  return url.origin === target.origin && inside ? url : undefined;
}

/**
 * Whether any segment, once decoded, is `..` (the URL parser, or the cloud's
 * router after decoding, would climb with it), or cannot be decoded at all.
 */
function hasUnsafeSegment(path: string): boolean {
  const segments = path.split(/[/\\]/);
  // Without a `%`, nothing decodes: only a literal `..` climbs.
  if (!path.includes('%')) return segments.includes('..');
  for (const rawSegment of segments) {
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return true;
    }
    if (segment.split(/[/\\]/).some((part) => part === '..')) return true;
  }
  return false;
}
