import type { AxiosRequestConfig } from 'axios';
import type { CallRecord } from './call-record.js';

type BeforeRedirect = NonNullable<AxiosRequestConfig['beforeRedirect']>;

const authorizationHeader = /^authorization$/i;

/**
 * Installs axios's redirect hook (`beforeRedirect`, Node's http adapter) so
 * that a redirect hop keeps the token only where the core's policy lets it:
 * every hop so far allowed (see `CallTracker.mayCarryToken`). Otherwise the
 * `Authorization` header is dropped before the hop is sent, and the call
 * records that it carries no token. follow-redirects keeps `Authorization`
 * on a redirect to a subdomain, and axios 1.6.0 lets that through; this
 * makes every supported axios drop it. A hook the caller set still runs,
 * after ours; a replay of the call reuses our hook rather than wrapping it.
 *
 * @example
 * ```ts
 * config.headers.set('Authorization', token.authorization);
 * guardRedirects(config, record);
 * ```
 */
export function guardRedirects(config: AxiosRequestConfig, record: CallRecord): void {
  const callers = config.beforeRedirect;
  // A replay of the call: our hook is in place already.
  if (callers !== undefined && callers === record.redirectGuard) return;
  const call = record.tracker;
  const guard: BeforeRedirect = (options, responseDetails, requestDetails) => {
    const target = typeof options.href === 'string' ? options.href : undefined;
    if (target === undefined || !call.mayCarryToken(target)) {
      dropAuthorization(options.headers);
      call.carried(undefined);
    }
    callers?.(options, responseDetails, requestDetails);
  };
  record.guardRedirects(guard, callers);
  config.beforeRedirect = guard;
}

function dropAuthorization(headers: unknown): void {
  if (typeof headers !== 'object' || headers === null) return;
  for (const name of Object.keys(headers)) {
    if (authorizationHeader.test(name)) Reflect.deleteProperty(headers, name);
  }
}
