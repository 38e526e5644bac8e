/**
 * Redis could not be reached or refused a command where the command needs
 * it (`guard status`, `guard clear`): exit code 4. The message names the
 * server by host and port only, never by a URL that may carry a password.
 */
export class StoreUnreachableError extends Error {
  override readonly name = 'StoreUnreachableError';
}
