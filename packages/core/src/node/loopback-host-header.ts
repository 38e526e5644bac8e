import { isLoopbackHost } from '../shared/loopback.js';

/**
 * Whether a request's `Host` header names this machine on `port`: a
 * loopback name (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`) with
 * exactly that port (a `Host` without a port means 80). A local service
 * open to every local process (a sidecar, a control plane) answers only
 * such requests: a browser page on a DNS-rebinding name (`evil.example`
 * pointed at 127.0.0.1) reaches the same socket, but its requests carry
 * its own name, so they are refused.
 *
 * @example
 * ```ts
 * import { isLoopbackHostHeader } from '@cloud-token/core/node';
 *
 * isLoopbackHostHeader('127.0.0.1:4020', 4020); // true
 * isLoopbackHostHeader('evil.example:4020', 4020); // false: a rebinding name
 * isLoopbackHostHeader('localhost:80', 4020); // false: another port
 * ```
 */
export function isLoopbackHostHeader(host: string | undefined, port: number): boolean {
  const parts = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host ?? '');
  if (parts === null) return false;
  const [, name = '', givenPort = '80'] = parts;
  return Number(givenPort) === port && isLoopbackHost(name);
}
