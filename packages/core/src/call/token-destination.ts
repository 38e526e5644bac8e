import { InvalidOptionsError } from '../shared/errors.js';
import { isTokenSource, sourceBaseUrl } from '../token-source/resolve-token-source.js';
import type { TokenSource } from '../types.js';
import type { CallPolicySettings } from './call-policy.js';

/**
 * Checks, before any option is read, that `source` is a token source and
 * that something says where its token may go: the options (`baseUrl`,
 * `allowedOrigins`) or the API base the credentials came with.
 */
export function requireTokenDestination(source: unknown, options: unknown): void {
  if (!isTokenSource(source)) {
    throw new InvalidOptionsError('source', 'must be a TokenSource (see createTokenSource)');
  }
  if (options === undefined && sourceBaseUrl(source) === undefined) {
    throw new InvalidOptionsError(
      'options',
      'is required: give baseUrl or allowedOrigins (or a baseUrl to clientCredentials())',
    );
  }
}

/**
 * Call settings with the source's API base as `baseUrl` when they name
 * neither a base URL nor origins of their own (a preset's `baseUrl`, kept on
 * the source).
 */
export function callSettingsOf<S extends CallPolicySettings>(source: TokenSource, given: S): S {
  if (given.baseUrl !== undefined || given.allowedOrigins !== undefined) return given;
  const sourceBase = sourceBaseUrl(source);
  return sourceBase === undefined ? given : { ...given, baseUrl: sourceBase };
}
