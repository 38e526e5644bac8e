import { InvalidOptionsError, type TokenSourceInput, UsageError } from '@cloud-token/core';
import {
  attachOptionsSchema,
  type CallPolicySettings,
  callPolicyOf,
  callPolicySchema,
  createCallTracking,
  resolveTokenSource,
} from '@cloud-token/core/adapter';
import type { AxiosInstance } from 'axios';
import { createCallPolicyInterceptor } from './apply-call-policy.js';
import { createRequestAuthorizer } from './authorize-request.js';
import type { AttachCloudTokenOptions, DetachCloudToken } from './types.js';

/** The schema of {@link AttachCloudTokenOptions}; the token source's keys belong in the second argument. */
const attachSchema = attachOptionsSchema('attachCloudToken');

/** Marks an instance that has cloud-token attached; `Symbol.for` so two copies of this package agree. */
const attachedMarker = Symbol.for('@cloud-token/axios.attached');

function isAxiosInstance(value: unknown): value is AxiosInstance {
  if ((typeof value !== 'function' && typeof value !== 'object') || value === null) return false;
  const { interceptors, defaults } = value as Partial<AxiosInstance>;
  return (
    typeof interceptors?.request?.use === 'function' &&
    typeof interceptors.response?.use === 'function' &&
    typeof defaults === 'object'
  );
}

function policySettingsFor(
  instance: AxiosInstance,
  settings: CallPolicySettings,
): CallPolicySettings {
  if (settings.baseUrl !== undefined || settings.allowedOrigins !== undefined) return settings;
  const baseUrl = instance.defaults.baseURL;
  if (baseUrl === undefined || baseUrl === '') {
    throw new InvalidOptionsError(
      'baseUrl',
      'is required when the axios instance has no defaults.baseURL and no allowedOrigins are given',
    );
  }
  return { ...settings, baseUrl: callPolicySchema.rules.baseUrl(baseUrl, 'baseUrl') };
}

/**
 * Attaches cloud-token to an axios instance (the default `axios` or one from
 * `axios.create()`): a request interceptor sets `Authorization: Bearer <token>`
 * on requests bound for an allowed origin (never on an absolute URL to another
 * host), and a response interceptor applies the core's call policy (renew the
 * token and replay once after a 401; wait out a short `Retry-After` on
 * 429/503 and retry). Pass a token source you own, or the options to make one
 * (then `detach()` closes it).
 *
 * Options (both objects) are checked here, synchronously, from their own
 * properties: a bad one, or an unknown key (with the closest known key
 * suggested: `baseURL` → `baseUrl`), throws `InvalidOptionsError` naming it. Attaching twice to one instance throws
 * `UsageError`. The token goes to the origin of `options.baseUrl`, of
 * `options.allowedOrigins`, or else of the instance's `defaults.baseURL`.
 *
 * @example
 * ```ts
 * import axios from 'axios';
 * import { attachCloudToken } from '@cloud-token/axios';
 *
 * const api = axios.create({ baseURL: 'https://api.aspose.cloud/v4.0' });
 * const detach = attachCloudToken(api, {
 *   tokenUrl: 'https://api.aspose.cloud/connect/token',
 *   clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *   clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 * });
 * const { data } = await api.get('/words/doc.docx/statistics');
 * detach();
 * ```
 */
export function attachCloudToken(
  instance: AxiosInstance,
  sourceOrOptions: TokenSourceInput,
  options: AttachCloudTokenOptions = {},
): DetachCloudToken {
  if (!isAxiosInstance(instance)) {
    throw new InvalidOptionsError(
      'instance',
      'must be an axios instance (axios or axios.create())',
    );
  }
  const settings = attachSchema.read(options);
  const { clock } = settings;
  const policy = callPolicyOf(policySettingsFor(instance, settings), clock);
  if (Object.hasOwn(instance, attachedMarker)) {
    throw new UsageError(
      'cloud-token is already attached to this axios instance; call the detach() it returned first',
    );
  }
  // Made last: when it is ours, nothing may throw after it exists, or it would never be closed.
  const { source, owned } = resolveTokenSource(sourceOrOptions);

  let attached = true;
  const tracking = createCallTracking(source, policy, clock);
  const { onAnswer, onError } = createCallPolicyInterceptor({
    instance,
    tracking,
    isAttached: () => attached,
  });
  const requestInterceptor = instance.interceptors.request.use(
    createRequestAuthorizer(source, tracking),
  );
  const responseInterceptor = instance.interceptors.response.use(onAnswer, onError);
  Object.defineProperty(instance, attachedMarker, { value: true, configurable: true });

  return function detach() {
    if (!attached) return;
    attached = false;
    instance.interceptors.request.eject(requestInterceptor);
    instance.interceptors.response.eject(responseInterceptor);
    Reflect.deleteProperty(instance, attachedMarker);
    if (owned) source.close();
  };
}
