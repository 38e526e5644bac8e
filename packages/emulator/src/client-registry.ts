import { DEFAULT_SCOPE } from './defaults.js';
import type { EmulatorClient } from './types.js';
import { assertNonEmptyString, invalidType } from './validate.js';

/** A client with its scope resolved. */
export interface RegisteredClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope: string;
}

/** Checks a client given by a caller; `name` says where it came from. */
export function toRegisteredClient(client: unknown, name: string): RegisteredClient {
  if (typeof client !== 'object' || client === null) {
    throw invalidType(name, 'must be an object with clientId and clientSecret');
  }
  const { clientId, clientSecret, scope } = client as Partial<EmulatorClient>;
  assertNonEmptyString(clientId, `${name}.clientId`);
  assertNonEmptyString(clientSecret, `${name}.clientSecret`);
  if (scope !== undefined) assertNonEmptyString(scope, `${name}.scope`);
  return { clientId, clientSecret, scope: scope ?? DEFAULT_SCOPE };
}

/**
 * The clients the token endpoint accepts. Secrets live in a private field so
 * that printing the emulator never shows them.
 */
export class ClientRegistry {
  readonly #clients = new Map<string, RegisteredClient>();

  /** Adds a client, or replaces the one with the same id (a secret rotation). */
  add(client: RegisteredClient): void {
    this.#clients.set(client.clientId, client);
  }

  /** The ids of every client, in the order they were first added; never a secret. */
  ids(): string[] {
    return [...this.#clients.keys()];
  }

  find(clientId: string): RegisteredClient | undefined {
    return this.#clients.get(clientId);
  }

  /** The client when both id and secret match, else `undefined`. */
  authenticate(clientId: string, clientSecret: string): RegisteredClient | undefined {
    const client = this.#clients.get(clientId);
    return client?.clientSecret === clientSecret ? client : undefined;
  }
}
