export { AccessToken } from './access-token.js';
export { type Clock, sleep, systemClock, type TimerHandle } from './clock.js';
export {
  CloudTokenError,
  type CloudTokenErrorCode,
  CredentialsRejectedError,
  InvalidOptionsError,
  isCloudTokenError,
  RateLimitedError,
  TokenRequestError,
  type TokenRequestFailure,
  TokenResponseError,
  UsageError,
} from './errors.js';
export { Redacted } from './redacted.js';
export type {
  ClientAuthMethod,
  ClientCredentialsGrant,
  ExternalTokenAnswer,
  ExternalTokenGrant,
  FetchLike,
  GetTokenOptions,
  Grant,
  Logger,
  TokenSource,
} from './types.js';
