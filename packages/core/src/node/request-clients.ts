import type { IncomingMessage } from 'node:http';
import { authorizedFetchOf, authorizedFetchSchema } from '../call/authorized-fetch.js';
import { callPolicySchema } from '../call/call-policy.js';
import { InvalidOptionsError } from '../shared/errors.js';
import { type AdapterOptions, takeForm } from '../shared/options-schema.js';
import {
  cloudTokenSchema,
  isTokenSource,
  resolveTokenSource,
  sourceBaseUrl,
  sourceRule,
} from '../token-source/resolve-token-source.js';
import type { TokenSource } from '../types.js';
import {
  type CloudTokenMiddlewareOptions,
  middlewareForms,
  middlewareSwitchSchema,
  type RequestClients,
} from './request-clients-options.js';
import { RequestCloudToken } from './request-cloud-token.js';
import { type ClientLookup, type CloudTokenClient, tenantClients } from './tenant-clients.js';

/**
 * The framework-free heart of every server adapter's `cloudToken()`
 * middleware. Validates the options, synchronously and all of them
 * (`InvalidOptionsError`, never echoing a secret), and builds what each
 * request needs: token sources and authorized fetches are made here (or once
 * per tenant, in the core's bounded pool), never per request.
 *
 * It takes one client's credentials, a ready token source (alone or as
 * `source`), or a per-tenant `credentials(req)` function, each with the call
 * policy of `fetch` and the `prefetch` switch. A key the chosen form does
 * not use is rejected with the closest known key (`baseURL` → `baseUrl`), or
 * with why it does nothing there (`logger` next to `source`). The accessor's
 * `fetch` works whenever `createAuthorizedFetch(source)` would: with a call
 * policy in the options, or a source whose credentials came with a `baseUrl`
 * (a preset). An adapter's own keys (Koa's `stateKey`) come with their
 * schema, and are read with the rest (`clients.adapterOptions`).
 *
 * @example
 * ```ts
 * import { createRequestClients } from '@cloud-token/core/node';
 *
 * const clients = createRequestClients({ tokenUrl, clientId, clientSecret, baseUrl });
 * http.createServer(async (req, res) => {
 *   const cloud = clients.forRequest(req, res);
 *   const answer = await cloud.fetch('words/doc.docx/statistics');
 *   res.end(await answer.text());
 * });
 * process.on('SIGTERM', () => clients.close());
 * ```
 */
export function createRequestClients<Req = IncomingMessage, A = undefined>(
  options: CloudTokenMiddlewareOptions<Req> | TokenSource,
  adapter: AdapterOptions<A> = {},
): RequestClients<Req, A> {
  if (isTokenSource(options)) {
    return requestClients(sharedClients(options, {}), false, adapter.options?.read(undefined) as A);
  }
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', 'must be an options object or a token source');
  }
  const { form, values } = takeForm(
    options,
    middlewareForms,
    (taken) =>
      Object.hasOwn(taken, 'source')
        ? 'source'
        : Object.hasOwn(taken, 'credentials')
          ? 'tenant'
          : 'client',
    adapter.options,
  );
  const { prefetch } = middlewareSwitchSchema.resolve(values);
  const adapterOptions = adapter.options?.resolve(values);
  const clients =
    form === 'source'
      ? sharedClients(sourceRule(values.source, 'source'), values)
      : form === 'tenant'
        ? tenantClients<Req>(values, asksForFetch(values))
        : ownedClients<Req>(values);
  return requestClients(clients, prefetch, adapterOptions as A);
}

function requestClients<Req, A>(
  { lookup, close, size }: { lookup: ClientLookup<Req>; close: () => void; size?: () => number },
  prefetch: boolean,
  adapterOptions: A,
): RequestClients<Req, A> {
  return {
    prefetch,
    get tenants() {
      return size?.() ?? 0;
    },
    forRequest: (req, response) => new RequestCloudToken(req, response, lookup),
    close,
    adapterOptions,
  };
}

// `allowInsecureHttp` alone asks for nothing: it also lets the token URL be plain http.
const fetchAskingKeys = callPolicySchema.keys.filter((key) => key !== 'allowInsecureHttp');

/** Whether the options carry a call policy of their own, which `fetch` must then follow. */
function asksForFetch(values: Readonly<Record<string, unknown>>): boolean {
  return fetchAskingKeys.some((key) => values[key] !== undefined);
}

/**
 * The client of one source: with the authorized fetch whenever
 * `createAuthorizedFetch(source, options)` would work, a policy in the
 * options or the API base the source's credentials came with.
 */
function clientOf(
  source: TokenSource,
  values: Readonly<Record<string, unknown>>,
): CloudTokenClient {
  const fetch =
    asksForFetch(values) || sourceBaseUrl(source) !== undefined
      ? authorizedFetchOf(source, authorizedFetchSchema.resolve(values))
      : undefined;
  return { source, fetch };
}

function ownedClients<Req>(values: Readonly<Record<string, unknown>>) {
  const { source } = resolveTokenSource(cloudTokenSchema.pick(values));
  try {
    return sharedClients<Req>(source, values, () => source.close());
  } catch (error) {
    // Bad call-policy options: the source just made must not outlive the throw.
    source.close();
    throw error;
  }
}

function sharedClients<Req>(
  source: TokenSource,
  values: Readonly<Record<string, unknown>>,
  // A source given to the middleware stays its owner's to close.
  close: () => void = () => undefined,
): { lookup: ClientLookup<Req>; close: () => void } {
  const client = clientOf(source, values);
  return { lookup: () => client, close };
}
