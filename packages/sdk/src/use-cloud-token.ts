import {
  InvalidOptionsError,
  type TokenSource,
  type TokenSourceInput,
  UsageError,
} from '@cloud-token/core';
import {
  attachOptionsSchema,
  type CallPolicySettings,
  type CallTracking,
  callPolicyOf,
  callPolicySchema,
  createCallTracking,
  resolveTokenSource,
} from '@cloud-token/core/adapter';
import { createBridgedAuthentication } from './bridged-authentication.js';
import { wrapClientMethods } from './bridged-methods.js';
import { readSdkClient } from './read-sdk-client.js';
import type { SupportedSdk } from './supported-sdks.js';
import type { DetachCloudToken, SdkClient, UseCloudTokenOptions } from './types.js';

/** The schema of {@link UseCloudTokenOptions}; the token source's keys belong in the second argument. */
const useSchema = attachOptionsSchema('useCloudToken');

/** Marks a client that is bridged; `Symbol.for` so two copies of this package agree. */
const bridgedMarker = Symbol.for('@cloud-token/sdk.bridged');

/** One SDK configuration on a token source, shared by every client made with that configuration. */
interface ConfigurationBridge {
  readonly source: TokenSource;
  readonly originalAuthentication: unknown;
  readonly clients: Set<object>;
}

const bridges = new WeakMap<object, ConfigurationBridge>();

function policySettingsFor(
  configuration: Record<string, unknown>,
  sdk: SupportedSdk,
  settings: CallPolicySettings,
): CallPolicySettings {
  if (settings.baseUrl !== undefined || settings.allowedOrigins !== undefined) return settings;
  const baseUrl = configuration[sdk.baseUrlField];
  if (typeof baseUrl !== 'string' || !URL.canParse(baseUrl)) {
    throw new InvalidOptionsError(
      'baseUrl',
      `is required: the ${sdk.product} client's configuration.${sdk.baseUrlField} is not a URL`,
    );
  }
  return { ...settings, baseUrl: callPolicySchema.rules.baseUrl(baseUrl, 'baseUrl') };
}

/**
 * Makes an official SDK client take its token from a cloud-token source: one
 * line after the client is made, and every SDK method works as before. The
 * token comes from the source (cached, renewed before it expires, one request
 * for any number of concurrent calls, the endpoint guard against lockouts);
 * the SDK never requests a token, so it never sends the client secret it was
 * given (give it any placeholder). A 401 invalidates the token the refused
 * request carried (a storm renews once) and the call is replayed once — by
 * the SDK's own retry where it has one; a 429 or 503 with a short
 * `Retry-After` is waited out where the SDK's error shows it; a token that
 * cannot be had rejects the call with the source's typed error.
 *
 * Supported: `asposewordscloud`, `asposepdfcloud`, `asposecellscloud`,
 * `groupdocs-conversion-cloud`, `groupdocs-viewer-cloud`, in the versions of
 * the README's table. Any other client, an SDK version whose auth code the
 * bridge does not know, or `asposeslidescloud` (no seam: use the sidecar)
 * throws `InvalidOptionsError` (option `client`) here, before any call, as do
 * bad options and unknown keys. Bridging a client twice throws `UsageError`.
 * Pass a token source you own, or the options to make one (then the returned
 * `detach()` closes it). Clients that share one SDK configuration must share
 * one source.
 *
 * @example
 * ```ts
 * import { WordsApi, GetDocumentStatisticsRequest } from 'asposewordscloud';
 * import { clientCredentials, createTokenSource } from '@cloud-token/core';
 * import { useCloudToken } from '@cloud-token/sdk';
 *
 * const source = createTokenSource(
 *   clientCredentials({
 *     tokenUrl: 'https://api.aspose.cloud/connect/token',
 *     clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *     clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 *   }),
 * );
 * const wordsApi = new WordsApi(process.env.ASPOSE_CLIENT_ID ?? '', 'unused');
 * const detach = useCloudToken(wordsApi, source);
 *
 * const { body } = await wordsApi.getDocumentStatistics(new GetDocumentStatisticsRequest({ name: 'doc.docx' }));
 * detach();
 * ```
 */
export function useCloudToken(
  client: SdkClient,
  sourceOrOptions: TokenSourceInput,
  options: UseCloudTokenOptions = {},
): DetachCloudToken {
  const { sdk, configuration } = readSdkClient(client);
  const settings = useSchema.read(options);
  const { clock } = settings;
  const policy = callPolicyOf(policySettingsFor(configuration, sdk, settings), clock);
  if (Object.hasOwn(client, bridgedMarker)) {
    throw new UsageError(
      'this SDK client already takes its token from cloud-token; call the detach() useCloudToken returned first',
    );
  }
  const shared = bridges.get(configuration);
  if (shared !== undefined && shared.source !== sourceOrOptions) {
    throw new UsageError(
      'another client made with this SDK configuration takes its token from another source; give useCloudToken the same token source for both',
    );
  }
  // Made last: when it is ours, nothing may throw after it exists, or it would never be closed.
  const { source, owned } = resolveTokenSource(sourceOrOptions);

  const bridge =
    shared ?? openBridge(configuration, source, createCallTracking(source, policy, clock));
  const tracking = createCallTracking(source, policy, clock);
  const unwrap = wrapClientMethods(client, bridge, tracking);
  bridge.clients.add(client);
  Object.defineProperty(client, bridgedMarker, { value: true, configurable: true });

  let attached = true;
  return function detach() {
    if (!attached) return;
    attached = false;
    unwrap();
    Reflect.deleteProperty(client, bridgedMarker);
    bridge.clients.delete(client);
    if (bridge.clients.size === 0) {
      configuration.authentication = bridge.originalAuthentication;
      bridges.delete(configuration);
    }
    if (owned) source.close();
  };
}

function openBridge(
  configuration: Record<string, unknown>,
  source: TokenSource,
  tracking: CallTracking,
): ConfigurationBridge {
  const bridge: ConfigurationBridge = {
    source,
    originalAuthentication: configuration.authentication,
    clients: new Set(),
  };
  configuration.authentication = createBridgedAuthentication(bridge, source, tracking);
  bridges.set(configuration, bridge);
  return bridge;
}
