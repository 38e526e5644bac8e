import type { EmulatorContext } from './context.js';
import type { LockoutState } from './lockout.js';
import type { TimelineBucket } from './token-timeline.js';
import type { ApiFault, ApiRequestRecord, EmulatorStats, TokenFault } from './types.js';

/** How many recent API requests the console lists. */
export const consoleRecentRequests = 15;

/** How many lockout states the console lists: it redraws them four times a second. */
export const consoleLockoutStates = 50;

/** What the console page polls: `GET /_emulator/state`. No secret and no whole token in it. */
export interface ConsoleState {
  /** Wall-clock epoch ms when the state was taken, to run countdowns from. */
  serverTime: number;
  /** The emulator's clock (wall clock plus `advanceTime`), ISO 8601. */
  emulatorTime: string;
  profile: string;
  timeScale: number;
  clientIds: string[];
  tokenRequests: EmulatorStats['tokenRequests'];
  maxConcurrentTokenRequests: number;
  apiRequests: EmulatorStats['apiRequests'];
  lockouts: number;
  revocations: number;
  latency: { tokenMs: number; apiMs: number };
  timeline: TimelineBucket[];
  /** At most {@link consoleLockoutStates}: bans first, then the latest failures. */
  lockoutStates: LockoutState[];
  /** Subjects with failures or a ban that `lockoutStates` leaves out. */
  lockoutStatesOmitted: number;
  pendingTokenFaults: { fault: TokenFault; remaining: number }[];
  pendingApiFaults: { fault: ApiFault; remaining: number }[];
  /** The last API requests, newest first. */
  recentApiRequests: ApiRequestRecord[];
}

/** Takes the state the console shows. */
export function createConsoleState(context: EmulatorContext): ConsoleState {
  const { stats } = context;
  const lockouts = context.lockout.snapshot(consoleLockoutStates);
  return {
    serverTime: Date.now(),
    emulatorTime: new Date(context.clock.now()).toISOString(),
    profile: context.profile,
    timeScale: context.clock.timeScale,
    clientIds: context.clients.ids(),
    tokenRequests: stats.tokenRequests,
    maxConcurrentTokenRequests: stats.maxConcurrentTokenRequests,
    apiRequests: stats.apiRequests,
    lockouts: stats.lockouts,
    revocations: context.revocations,
    latency: context.latency,
    timeline: context.timeline.buckets(),
    lockoutStates: lockouts.states,
    lockoutStatesOmitted: lockouts.omitted,
    pendingTokenFaults: context.tokenFaults.pending(),
    pendingApiFaults: context.apiFaults.pending(),
    recentApiRequests: stats.apiRequestLog.slice(-consoleRecentRequests).reverse(),
  };
}
