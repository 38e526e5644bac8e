import type { ClientCredentialsOptions } from '@cloud-token/core';
import { describe, expect, it } from 'vitest';
import { API_RESOURCE, CLIENTS, FORBIDDEN_SCOPE } from './authorization-server.js';
import { expectCredentialsRejected, useInterop } from './interop.js';
import type { ResourceAnswer } from './resource-server.js';

/** What one call through an adapter ended with. */
export type CallOutcome =
  | { status: number; answer: ResourceAnswer | undefined }
  | { error: unknown };

/** An adapter wired to the resource server, the way an application would wire it. */
export interface AdapterUnderTest {
  /**
   * Makes one call to `path` (relative to the API's URL) through the adapter
   * with the token it manages. Resolves with the API's answer, or with the
   * error the adapter handed to the application (rejected promise,
   * `next(err)`, a thrown exception...).
   */
  call(path: string, init?: { method?: string; body?: string }): Promise<CallOutcome>;
  /** Releases everything it made (token sources, servers). */
  close(): Promise<void> | void;
}

/** What an adapter is started with: credentials (core options) and the API's base URL. */
export interface AdapterSetup {
  credentials: ClientCredentialsOptions;
  /** The resource server's URL, with a trailing slash. */
  apiUrl: string;
}

/** Starts the adapter under test; each call gets its own fresh servers. */
export type StartAdapter = (setup: AdapterSetup) => Promise<AdapterUnderTest>;

function answered(outcome: CallOutcome): { status: number; answer: ResourceAnswer | undefined } {
  if ('error' in outcome) throw outcome.error;
  return outcome;
}

function failedWith(outcome: CallOutcome): unknown {
  if (!('error' in outcome)) {
    throw new Error(`expected the call to fail, it was answered ${outcome.status}`);
  }
  return outcome.error;
}

/**
 * The interoperability scenarios every adapter must pass against
 * oidc-provider: both client authentication methods with a secret that needs
 * encoding, `scope` and `resource` honoured, one renewal and successful
 * replays after a key rotation, and the server's errors mapped to
 * `ERR_CREDENTIALS_REJECTED` without another token request or the secret.
 *
 * @example
 * ```ts
 * describeAdapterInterop('@cloud-token/axios', async ({ credentials, apiUrl }) => {
 *   const source = createTokenSource(clientCredentials(credentials));
 *   ...
 * });
 * ```
 */
export function describeAdapterInterop(name: string, start: StartAdapter): void {
  describe(`${name} against oidc-provider`, () => {
    const interop = useInterop();

    async function startWith(
      client: keyof typeof CLIENTS,
      overrides?: Partial<ClientCredentialsOptions>,
    ): Promise<AdapterUnderTest> {
      const { credentials, resourceServer } = interop();
      return start({ credentials: credentials(client, overrides), apiUrl: resourceServer.url });
    }

    async function using<T>(adapter: AdapterUnderTest, run: () => Promise<T>): Promise<T> {
      try {
        return await run();
      } finally {
        await adapter.close();
      }
    }

    it.each([
      ['basic', 'client_secret_basic'],
      ['post', 'client_secret_post'],
    ] as const)(
      'obtains a JWT with %s authentication (%s) that the API verifies, scope and resource honoured',
      async (client, _method) => {
        const adapter = await startWith(client, { scope: ['read', 'write'] });
        await using(adapter, async () => {
          const { status, answer } = answered(await adapter.call('reports?year=2026'));
          expect(status).toBe(200);
          expect(answer?.path).toBe('/reports?year=2026');
          expect(answer?.claims).toMatchObject({
            client_id: CLIENTS[client],
            aud: API_RESOURCE,
            scope: 'read write',
          });
          // A second call reuses the token.
          expect(answered(await adapter.call('reports')).status).toBe(200);
          expect(interop().authorizationServer.tokenRequests).toEqual([
            { credentialsIn: client === 'basic' ? 'basic' : 'body', status: 200 },
          ]);
        });
      },
    );

    it('after a key rotation, the 401s of concurrent calls cause one renewal and every call is replayed', async () => {
      const { authorizationServer, resourceServer } = interop();
      const adapter = await startWith('basic');
      await using(adapter, async () => {
        expect(answered(await adapter.call('warm-up')).status).toBe(200);
        await authorizationServer.rotateKeys();
        const bodies = ['one', 'two', 'three'];
        const outcomes = await Promise.all(
          bodies.map((body) => adapter.call('documents', { method: 'POST', body })),
        );
        const answers = outcomes.map((outcome) => answered(outcome));
        expect(answers.map(({ status }) => status)).toEqual([200, 200, 200]);
        expect(answers.map(({ answer }) => answer?.body)).toEqual(bodies);
        expect(authorizationServer.tokenRequests).toHaveLength(2);
        // The old token refused (once per call that carried it: a call that starts after the
        // renewal carries the new one at once); the new token accepted for all three.
        const afterRotation = resourceServer.requests.slice(1);
        const refused = afterRotation.filter(({ status }) => status === 401).length;
        expect(refused).toBeGreaterThanOrEqual(1);
        expect(refused).toBeLessThanOrEqual(3);
        expect(afterRotation.filter(({ status }) => status === 200)).toHaveLength(3);
        expect(
          new Set(afterRotation.filter(({ status }) => status === 200).map(({ jti }) => jti)).size,
        ).toBe(1);
      });
    });

    it("maps the server's 401 invalid_client with `WWW-Authenticate: Basic` (wrong secret) to ERR_CREDENTIALS_REJECTED, with one token request", async () => {
      const adapter = await startWith('basic', { clientSecret: 'not the secret' });
      await using(adapter, async () => {
        expectCredentialsRejected(failedWith(await adapter.call('reports')), 'invalid_client');
        // The guard remembers the rejection: the next call fails without a request.
        expectCredentialsRejected(failedWith(await adapter.call('reports')), 'invalid_client');
        expect(interop().authorizationServer.tokenRequests).toEqual([
          { credentialsIn: 'basic', status: 401 },
        ]);
        expect(interop().resourceServer.requests).toEqual([]);
      });
    });

    it.each([
      ['a scope the client may not have', { scope: FORBIDDEN_SCOPE }, 'invalid_scope'],
      [
        'a client secret sent in the form body',
        { clientSecret: 'not the secret' },
        'invalid_client',
      ],
    ] as const)('maps %s to ERR_CREDENTIALS_REJECTED (%s)', async (_, overrides, oauthError) => {
      const adapter = await startWith('post', overrides);
      await using(adapter, async () => {
        expectCredentialsRejected(failedWith(await adapter.call('reports')), oauthError);
        expect(interop().authorizationServer.tokenRequests).toHaveLength(1);
      });
    });

    it.each([
      ['client_secret_basic', 'basic'],
      ['client_secret_post', 'body'],
    ] as const)(
      'maps an auth method the client is not registered for (%s) to ERR_CREDENTIALS_REJECTED (invalid_client)',
      async (authMethod, credentialsIn) => {
        const adapter = await startWith('jwtOnly', { authMethod });
        await using(adapter, async () => {
          expectCredentialsRejected(failedWith(await adapter.call('reports')), 'invalid_client');
          expect(interop().authorizationServer.tokenRequests).toEqual([
            { credentialsIn, status: 401 },
          ]);
        });
      },
    );
  });
}
