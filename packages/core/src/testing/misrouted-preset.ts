import { asposeCloud, type CloudPreset } from '../shared/presets.js';
import type { FetchLike } from '../types.js';

/** What {@link misroutedPreset} gives: the options, and every URL their `fetch` was asked for. */
export interface MisroutedPreset {
  /** The Aspose preset with credentials and no versioned `baseUrl`: every relative call misses the API. */
  readonly options: CloudPreset & { clientId: string; clientSecret: string; fetch: FetchLike };
  /** The URLs the options' `fetch` was called with (a token request or a call): none, when refused in time. */
  readonly sent: string[];
}

/**
 * The misconfiguration the misrouting rule exists for: `{ ...asposeCloud,
 * clientId, clientSecret }` and nothing else, so `fetch('words/…')` would go
 * to `https://api.aspose.cloud/words/…`. Its `fetch` never leaves the
 * process (it records the URL and answers 599), so a test proves the call
 * was refused before anything was sent.
 *
 * @example
 * ```ts
 * import { misroutedPreset } from '@cloud-token/core/testing';
 *
 * const { options, sent } = misroutedPreset('a-s3cret');
 * app.use(cloudToken(options));
 * // … every call answers 500 (ERR_USAGE naming https://api.aspose.cloud/v4.0/)
 * expect(sent).toEqual([]);
 * ```
 */
export function misroutedPreset(clientSecret: string): MisroutedPreset {
  const sent: string[] = [];
  const fetch: FetchLike = async (input) => {
    sent.push(String(input));
    return new Response(null, { status: 599 });
  };
  return { options: { ...asposeCloud, clientId: 'id', clientSecret, fetch }, sent };
}
