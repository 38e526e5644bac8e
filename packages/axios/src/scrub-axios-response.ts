import type { AccessToken } from '@cloud-token/core';
import type { AxiosResponse } from 'axios';
import { hideProperty, scrubConfig, scrubSentHeaderBlock } from './scrub-axios-error.js';

/**
 * Removes the access token from a response before it reaches the caller, as
 * {@link scrubAxiosError} does for an error, so that `util.inspect(response,
 * { depth: 10 })` and `JSON.stringify(response.config)` do not show the live
 * token: our `Authorization` header in `response.config` becomes
 * `Bearer [redacted]`, the header string Node kept on the request is
 * scrubbed, and `response.request` stays readable but is no longer
 * enumerable. The request has been sent: nothing on the wire changes.
 *
 * @example
 * ```ts
 * scrubAxiosResponse(response, token);
 * return response;
 * ```
 */
export function scrubAxiosResponse(response: AxiosResponse, token: AccessToken | undefined): void {
  scrubConfig(response.config, token);
  if (token !== undefined) scrubSentHeaderBlock(response.request, token);
  hideProperty(response, 'request');
}
