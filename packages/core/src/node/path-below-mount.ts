/**
 * What a proxy mounted at `mount` forwards of a request target, as the
 * client sent it (path and query, nothing decoded or resolved): the rest
 * after `mount`, starting with `/`. `undefined` when the request target is
 * not below `mount` as sent (a framework that decodes before routing may
 * route `/prox%79/x` to a `/proxy` mount: that is not forwarded as
 * `/prox%79/x`). What the rest may hold is then up to the forwarder's
 * path rule (`..` segments, also encoded, are refused there).
 *
 * @example
 * ```ts
 * import { pathBelowMount } from '@cloud-token/core/adapter';
 *
 * pathBelowMount('/cloud/words/doc.docx?storage=s1', '/cloud'); // '/words/doc.docx?storage=s1'
 * pathBelowMount('/cloud?x=1', '/cloud'); // '/?x=1'
 * pathBelowMount('/cloudy/x', '/cloud'); // undefined
 * pathBelowMount('/clou%64/x', '/cloud'); // undefined
 * ```
 */
export function pathBelowMount(requestTarget: string, mount: string): string | undefined {
  if (!requestTarget.startsWith(mount)) return undefined;
  const below = requestTarget.slice(mount.length);
  if (below.startsWith('/')) return below;
  return below === '' || below.startsWith('?') ? `/${below}` : undefined;
}
