import type { CallTracker } from '@cloud-token/core/adapter';
import type { AxiosRequestConfig } from 'axios';

type BeforeRedirect = NonNullable<AxiosRequestConfig['beforeRedirect']>;

/** Our hooks, each mapped to the caller's own hook it wraps (or `undefined`). */
const wrapped = new WeakMap<BeforeRedirect, BeforeRedirect | undefined>();

const authorizationHeader = /^authorization$/i;

/**
 * Installs axios's redirect hook (`beforeRedirect`, Node's http adapter) so
 * that a redirect hop keeps the token only where the core's policy lets it:
 * every hop so far allowed (see `CallTracker.mayCarryToken`). Otherwise the
 * `Authorization` header is dropped before the hop is sent, and the call
 * records that it carries no token. follow-redirects keeps `Authorization`
 * on a redirect to a subdomain, and axios 1.6.0 lets that through; this
 * makes every supported axios drop it. A hook the caller set still runs,
 * after ours.
 *
 * @example
 * ```ts
 * config.headers.set('Authorization', token.authorization);
 * guardRedirects(config, call);
 * ```
 */
export function guardRedirects(config: AxiosRequestConfig, call: CallTracker): void {
  const current = config.beforeRedirect;
  const callers = current !== undefined && wrapped.has(current) ? wrapped.get(current) : current;
  const guard: BeforeRedirect = (options, responseDetails, requestDetails) => {
    const target = typeof options.href === 'string' ? options.href : undefined;
    if (target === undefined || !call.mayCarryToken(target)) {
      dropAuthorization(options.headers);
      call.carried(undefined);
    }
    callers?.(options, responseDetails, requestDetails);
  };
  wrapped.set(guard, callers);
  config.beforeRedirect = guard;
}

function dropAuthorization(headers: unknown): void {
  if (typeof headers !== 'object' || headers === null) return;
  for (const name of Object.keys(headers)) {
    if (authorizationHeader.test(name)) Reflect.deleteProperty(headers, name);
  }
}
