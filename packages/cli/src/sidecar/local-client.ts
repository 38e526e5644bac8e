import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Who may ask the sidecar for the shared token: one client id and secret. */
export interface LocalClient {
  /** Whether `clientId` and `clientSecret` are this client's, compared in constant time. */
  matches(clientId: string, clientSecret: string): boolean;
}

/**
 * The local client the token facade accepts: the configured credentials, or
 * a separate local pair. Both values are kept only as keyed digests (the key
 * random per process), so the comparison takes the same time whatever the
 * guess, and neither value is held in a form a heap dump would show as is.
 */
export function localClient(clientId: string, clientSecret: string): LocalClient {
  const key = randomBytes(32);
  const digest = (value: string) => createHmac('sha256', key).update(value, 'utf8').digest();
  const id = digest(clientId);
  const secret = digest(clientSecret);
  return {
    matches(givenId, givenSecret) {
      // Both comparisons always run: the time says nothing about which part was wrong.
      const idMatches = timingSafeEqual(id, digest(givenId));
      const secretMatches = timingSafeEqual(secret, digest(givenSecret));
      return idMatches && secretMatches;
    },
  };
}
