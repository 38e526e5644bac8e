import type { Dispatcher } from 'undici';
import {
  type AuthorizedFetch,
  type AuthorizedFetchSettings,
  authorizedFetchOf,
} from '../call/authorized-fetch.js';
import { tokenOriginOf } from '../call/origins.js';
import {
  ApiRequestError,
  type CloudTokenError,
  InvalidOptionsError,
  isCloudTokenError,
} from '../shared/errors.js';
import type { AdapterOptions } from '../shared/options-schema.js';
import {
  cloudTokenSchema,
  resolveTokenSource,
  sourceRule,
} from '../token-source/resolve-token-source.js';
import type { TokenSource } from '../types.js';
import { PROBLEM_CONTENT_TYPE, type ProblemAnswer } from './problem-details.js';
import { type ProxyOptions, proxySettingsSchema, takeProxyOptions } from './proxy-options.js';

/**
 * What every proxy (Node's and the Web one) is built on: its options read
 * once, the token source (made here from credentials, or the one passed in)
 * and the authorized fetch that sends the token to the target's origin only.
 */
export interface ProxyClient<A> {
  readonly target: URL;
  readonly maxBufferedBodyBytes: number;
  readonly source: TokenSource;
  /** The call policy's settings, for the target's origin only. */
  readonly policy: AuthorizedFetchSettings;
  /** The undici dispatcher the options gave, if any (Node's proxy sends through it). */
  readonly dispatcher: Dispatcher | undefined;
  /** Whether the options gave a `fetch` (then Node's proxy forwards through {@link ProxyClient.fetch}). */
  readonly injectedFetch: boolean;
  readonly fetch: AuthorizedFetch;
  readonly adapterOptions: A;
  /** Closes the token source if it was made here. */
  close(): void;
}

/** Checks the proxy's options (`InvalidOptionsError`) and builds its {@link ProxyClient}. */
export function openProxyClient<A>(
  options: ProxyOptions,
  adapter: AdapterOptions<A>,
): ProxyClient<A> {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', 'must be an object');
  }
  const { form, values } = takeProxyOptions(options, adapter.options);
  const adapterOptions = adapter.options?.resolve(values) as A;
  const settings = proxySettingsSchema.resolve(values);
  const { target, maxBufferedBodyBytes } = settings;
  tokenOriginOf(target, 'target', settings.allowInsecureHttp);
  const { source, owned } =
    form === 'source'
      ? { source: sourceRule(values.source, 'source'), owned: false }
      : resolveTokenSource(cloudTokenSchema.pick(values));
  const { dispatcher, fetch: injected, ...rest } = settings;
  if (injected !== undefined && dispatcher !== undefined) {
    if (owned) source.close();
    throw new InvalidOptionsError('dispatcher', 'cannot be given with "fetch": choose one');
  }
  // The token goes to the target's origin only, whatever the source's credentials came with.
  const policy = {
    ...rest,
    // Late-bound, so a global fetch replaced after start-up is the one used.
    fetch: injected ?? ((input, init) => globalThis.fetch(input, init)),
    baseUrl: target,
    allowedOrigins: undefined,
  };
  try {
    return {
      target,
      maxBufferedBodyBytes,
      source,
      policy,
      dispatcher,
      injectedFetch: injected !== undefined,
      fetch: authorizedFetchOf(source, policy),
      adapterOptions,
      close() {
        if (owned) source.close();
      },
    };
  } catch (error) {
    if (owned) source.close();
    throw error;
  }
}

/** The proxy's own refusal, in the same RFC 9457 shape as the error handlers' answers. */
export const pathRefused: ProblemAnswer = {
  status: 400,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE },
  body: {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: 'This path cannot be forwarded to the cloud API.',
  },
};

/** The token source's and our own errors as they are; a transport failure as `ERR_API_REQUEST`. */
export function asProxyError(error: unknown): CloudTokenError {
  if (isCloudTokenError(error)) return error;
  return new ApiRequestError('The cloud API could not be reached through the proxy', {
    cause: error,
  });
}
