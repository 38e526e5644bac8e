import type { ClientRegistry } from './client-registry.js';
import type { EmulatorClock } from './emulator-clock.js';
import type { FaultQueue } from './faults.js';
import type { Lockout } from './lockout.js';
import type { SigningKeys } from './signing-key.js';
import type { TokenRequestGauge } from './stats.js';
import type { TokenTimeline } from './token-timeline.js';
import type { ApiFault, EmulatorProfile, EmulatorStats, TokenFault } from './types.js';

/** Everything a running emulator's routes share. */
export interface EmulatorContext {
  /** The emulator's base URL: the `iss` of its tokens. */
  readonly issuer: string;
  /** The `aud` every token carries and the API requires. */
  readonly audience: string;
  readonly tokenTtlSeconds: number;
  readonly profile: EmulatorProfile;
  readonly clock: EmulatorClock;
  readonly clients: ClientRegistry;
  readonly keys: SigningKeys;
  readonly lockout: Lockout;
  readonly tokenFaults: FaultQueue<TokenFault>;
  readonly apiFaults: FaultQueue<ApiFault>;
  readonly latency: { tokenMs: number; apiMs: number };
  readonly stats: EmulatorStats;
  readonly tokenRequestGauge: TokenRequestGauge;
  /** Token request outcomes per second, for the console. */
  readonly timeline: TokenTimeline;
  /** How many API requests `stats.apiRequestLog` keeps. */
  readonly requestLogSize: number;
  /** How many times `revokeAllTokens` rotated the key since the last reset. */
  revocations: number;
}
