import { InvalidOptionsError } from '@cloud-token/core';
import { findSdkPackage } from './sdk-package.js';
import { type SupportedSdk, sdksWithoutSeam, supportedSdks } from './supported-sdks.js';
import { formatRange, isVersionIn } from './version-range.js';

const supportedNames = supportedSdks.map((sdk) => sdk.packageName).join(', ');

/**
 * Checks that `client` is a client of a supported SDK, in a version whose
 * auth code the bridge knows, with the authentication seam in place, and
 * returns what the bridge needs; otherwise throws an `InvalidOptionsError`
 * (option `client`) that says why and what to do.
 */
export function readSdkClient(client: unknown): {
  sdk: SupportedSdk;
  configuration: Record<string, unknown>;
} {
  if (typeof client !== 'object' || client === null) {
    throw new InvalidOptionsError('client', `must be an official SDK client (${supportedNames})`);
  }
  const found = findSdkPackage(client);
  if (found === undefined) {
    throw new InvalidOptionsError(
      'client',
      `is not a client of a loaded official SDK (${supportedNames}): no package in Node's module cache exports its class (a bundled application cannot be bridged)`,
    );
  }
  const label = `${found.name} ${found.version}`;
  const noSeam = sdksWithoutSeam[found.name];
  if (noSeam !== undefined) {
    throw new InvalidOptionsError('client', `${label} cannot be bridged: ${noSeam}`);
  }
  const sdk = supportedSdks.find((candidate) => candidate.packageName === found.name);
  if (sdk === undefined) {
    throw new InvalidOptionsError(
      'client',
      `${label} is not an SDK this package supports (${supportedNames})`,
    );
  }
  if (!isVersionIn(found.version, sdk.versions)) {
    throw new InvalidOptionsError(
      'client',
      `${label} is not a version this package knows (${formatRange(sdk.versions)}): its auth code may differ; use a supported version, or the cloud-token sidecar`,
    );
  }
  const configuration = (client as { configuration?: unknown }).configuration;
  const authentication = (
    configuration as { authentication?: { applyToRequest?: unknown } } | undefined
  )?.authentication;
  if (
    typeof configuration !== 'object' ||
    configuration === null ||
    typeof authentication?.applyToRequest !== 'function'
  ) {
    throw new InvalidOptionsError(
      'client',
      `${label}: this client has no configuration.authentication to take the token from a source`,
    );
  }
  const refusal = sdk.refusal?.(configuration as Record<string, unknown>);
  if (refusal !== undefined) throw new InvalidOptionsError('client', `${label}: ${refusal}`);
  return { sdk, configuration: configuration as Record<string, unknown> };
}
