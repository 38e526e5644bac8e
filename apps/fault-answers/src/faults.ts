import type { Emulator } from '@cloud-token/emulator';
import { requestToken } from '@cloud-token/emulator/testing';

/** The credentials of one service: the emulator knows the id; the secret may be wrong. */
export interface ServiceCredentials {
  clientId: string;
  clientSecret: string;
}

/** One fault the cloud plays, as the trial played it against the emulator. */
export interface Fault {
  /** The row heading of the fault table (Markdown). */
  readonly name: string;
  /**
   * Whether the service holds a token before the fault: an API fault meets a
   * running service (one call answered 200 first); a token-endpoint fault
   * meets one that has yet to get its first token.
   */
  readonly warm: boolean;
  /** Whether the service is given a secret the cloud does not know. */
  readonly wrongSecret?: boolean;
  /** Sets the fault up, just before the client's call. */
  play(emulator: Emulator, credentials: ServiceCredentials): Promise<void> | void;
}

/** How many failed token requests lock a pair of credentials out (the emulator's Aspose profile). */
const lockoutFailures = 5;

/** The faults of the trial: the cloud's API, its token endpoint, and the credentials. */
export const faults: readonly Fault[] = [
  {
    name: 'API 429, `Retry-After: 1`',
    warm: true,
    play: (emulator) => emulator.control.failApiRequests(1, { status: 429, retryAfter: '1' }),
  },
  {
    name: 'API 429, `Retry-After: 30`',
    warm: true,
    play: (emulator) => emulator.control.failApiRequests(1, { status: 429, retryAfter: '30' }),
  },
  {
    name: 'API 503, no `Retry-After`',
    warm: true,
    play: (emulator) => emulator.control.failApiRequests(1, { status: 503 }),
  },
  {
    name: 'API 503, `Retry-After: 120`',
    warm: true,
    play: (emulator) => emulator.control.failApiRequests(1, { status: 503, retryAfter: '120' }),
  },
  {
    name: 'key rotation (every token issued so far gets 401)',
    warm: true,
    play: (emulator) => emulator.control.revokeAllTokens(),
  },
  {
    name: 'token endpoint 429, `Retry-After: 120`',
    warm: false,
    play: (emulator) =>
      emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' }),
  },
  {
    name: 'token endpoint 503 on every attempt',
    warm: false,
    play: (emulator) => emulator.control.failTokenRequests(10, { kind: 'status', status: 503 }),
  },
  {
    name: 'wrong secret',
    warm: false,
    wrongSecret: true,
    play: () => undefined,
  },
  {
    name: 'lockout (the credentials failed 5 times before: 429 `Retry-After: 600`)',
    warm: false,
    wrongSecret: true,
    async play(emulator, credentials) {
      for (let failure = 0; failure < lockoutFailures; failure += 1) {
        const answer = await requestToken(emulator, credentials);
        await answer.arrayBuffer();
      }
    },
  },
];
