import { type CallPolicyOptions, InvalidOptionsError } from '@cloud-token/core';
import type { CloudTokenModuleOptions } from './types.js';

// Every key the core understands, so a typo fails at startup rather than every request later.
const credentialKeys = [
  'tokenUrl',
  'clientId',
  'clientSecret',
  'scope',
  'resource',
  'authMethod',
  'allowInsecureHttp',
] as const;
const tokenSourceKeys = [
  'fetch',
  'clock',
  'logger',
  'random',
  'timeoutMs',
  'renewal',
  'unusable',
  'retry',
  'failureBudget',
  'rejectionCooldownMs',
  'rateLimit',
] as const;
const callPolicyKeys = [
  'baseUrl',
  'allowedOrigins',
  'allowInsecureHttp',
  'maxRetryAfterMs',
  'rateLimitRetries',
  'unauthorizedReplays',
] as const;
const knownKeys = new Set<string>([...credentialKeys, ...tokenSourceKeys, ...callPolicyKeys]);

/**
 * Checks the shape of the module options (an object, no unknown key); the
 * core's factories check each value. Never echoes a value.
 */
export function checkModuleOptions(options: unknown): CloudTokenModuleOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionsError('options', 'must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!knownKeys.has(key)) throw new InvalidOptionsError(key, 'is not a known option');
  }
  return options as CloudTokenModuleOptions;
}

/** The options that govern calls carrying the token (fetch() and attached HttpServices). */
export function callPolicyOptionsOf(
  options: CloudTokenModuleOptions,
): CallPolicyOptions & Pick<CloudTokenModuleOptions, 'clock'> {
  const picked: Record<string, unknown> = {};
  for (const key of [...callPolicyKeys, 'clock'] as const) {
    if (options[key] !== undefined) picked[key] = options[key];
  }
  return picked;
}
