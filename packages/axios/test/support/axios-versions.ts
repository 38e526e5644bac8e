import latest, { type AxiosStatic } from 'axios';
import oldest from 'axios-oldest';

/** One axios release the package claims to support, by the name its tests print. */
export interface AxiosVersion {
  readonly name: string;
  readonly axios: AxiosStatic;
}

/**
 * The newest axios installed and the oldest the peer range allows (1.6.0),
 * for `describe.each`. Both are driven through the newest release's types:
 * the runtime behaviour is what is under test.
 *
 * @example
 * ```ts
 * describe.each(axiosVersions)('$name', ({ axios }) => { … });
 * ```
 */
export const axiosVersions: readonly AxiosVersion[] = [
  { name: `axios ${latest.VERSION}`, axios: latest },
  { name: `axios ${oldest.VERSION}`, axios: oldest as unknown as AxiosStatic },
];
