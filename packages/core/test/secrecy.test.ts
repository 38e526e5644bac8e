import { createServer } from 'node:net';
import { inspect } from 'node:util';
import {
  type AccessToken,
  type ClientCredentialsOptions,
  clientCredentials,
  createTokenSource,
  isCloudTokenError,
  type Logger,
  type TokenSource,
  type TokenSourceOptions,
} from '@cloud-token/core';
import { createFakeClock, type FakeClock, thrownBy } from '@cloud-token/core/testing';
import { type Emulator, startEmulator, type TokenFault } from '@cloud-token/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runUntilSettled } from './support/run-until-settled.js';

/** Every secret in this file contains it, so one scan catches them all. */
const MARK = 's3cr3t-SCAN';
const SECRET = `${MARK}-9a7c41e0d2`;
const CLIENT_ID = 'scan-client';

let emulator: Emulator;
const issuedTokens: string[] = [];
const logLines: string[] = [];
const opened: TokenSource[] = [];

const record =
  (level: string) =>
  (message: string, fields?: Record<string, unknown>): void => {
    const line = { level, message, fields };
    logLines.push(inspect(line, { depth: 10 }), JSON.stringify(line));
  };
const logger: Logger = {
  debug: record('debug'),
  info: record('info'),
  warn: record('warn'),
  error: record('error'),
};

function credentials(overrides: Partial<ClientCredentialsOptions> = {}): ClientCredentialsOptions {
  return { tokenUrl: emulator.tokenUrl, clientId: CLIENT_ID, clientSecret: SECRET, ...overrides };
}

function scanSource(
  options: TokenSourceOptions & { clock?: FakeClock } = {},
  overrides: Partial<ClientCredentialsOptions> = {},
) {
  const { clock = createFakeClock(), ...rest } = options;
  const source = createTokenSource(clientCredentials(credentials(overrides)), {
    clock,
    logger,
    random: () => 0,
    ...rest,
  });
  opened.push(source);
  return { clock, source };
}

async function rejectionOf(promise: Promise<AccessToken>): Promise<unknown> {
  try {
    issuedTokens.push((await promise).value);
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Every way an error or object may be shown: message, stack, JSON, inspect at depth, String(). */
function renderings(value: unknown): string[] {
  const shown = [inspect(value, { depth: 10 }), JSON.stringify(value) ?? '', String(value)];
  if (value instanceof Error) shown.push(value.message, value.stack ?? '');
  return shown;
}

/** Asserts that neither the secret nor an issued token shows in any rendering of `values` or in any log line. */
function expectNoLeak(values: unknown[]): void {
  const forbidden = [MARK, ...issuedTokens];
  const texts = [...values.flatMap(renderings), ...logLines];
  for (const text of texts) {
    for (const secret of forbidden) {
      if (text.includes(secret)) {
        throw new Error(`leaked ${secret === MARK ? 'the secret' : 'a token'} in: ${text}`);
      }
    }
  }
}

beforeAll(async () => {
  emulator = await startEmulator({ clientId: CLIENT_ID, clientSecret: SECRET });
  // Tokens issued to two sources: the scans below look for their values too.
  for (const source of [scanSource().source, scanSource().source]) {
    const token = await source.getToken();
    issuedTokens.push(token.value);
    expectNoLeak([token, source]);
  }
  expect(issuedTokens).toHaveLength(2);
});
afterEach(() => {
  for (const source of opened.splice(0)) source.close();
  emulator.control.reset();
});
afterAll(() => emulator.close());

describe('secrecy: no secret and no token in any error, rendering or log line', () => {
  it('rejected credentials, even when the server echoes the secret in error_description', async () => {
    const wrong = scanSource({}, { clientSecret: `${MARK}-wrong` }).source;
    const wrongError = await rejectionOf(wrong.getToken());
    const again = await rejectionOf(wrong.getToken());
    emulator.control.failTokenRequests(1, {
      kind: 'oauth-error',
      error: 'invalid_client',
      description: `client_secret ${SECRET} does not match; client_secret=${SECRET}`,
    });
    const echoed = await rejectionOf(scanSource().source.getToken());

    for (const error of [wrongError, again, echoed]) {
      expect(isCloudTokenError(error, 'ERR_CREDENTIALS_REJECTED')).toBe(true);
    }
    expectNoLeak([wrongError, again, echoed]);
  });

  it('rate limited, and the refusals while cooling down', async () => {
    const { source } = scanSource();
    emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
    const limited = await rejectionOf(source.getToken());
    const refused = await rejectionOf(source.getToken());
    expect(isCloudTokenError(limited, 'ERR_RATE_LIMITED')).toBe(true);
    expect(isCloudTokenError(refused, 'ERR_RATE_LIMITED')).toBe(true);
    expectNoLeak([limited, refused]);
  });

  it('5xx answers and the spent failure budget', async () => {
    const { clock, source } = scanSource();
    emulator.control.failTokenRequests(3, { kind: 'status', status: 502 });
    const failed = await runUntilSettled(clock, source.getToken());
    const budget = await rejectionOf(source.getToken());
    expect(failed.status).toBe('rejected');
    expect(isCloudTokenError(budget, 'ERR_TOKEN_REQUEST')).toBe(true);
    expectNoLeak([(failed as PromiseRejectedResult).reason, budget]);
  });

  it('timeouts', async () => {
    const { clock, source } = scanSource({ retry: { attempts: 1 }, timeoutMs: 5_000 });
    emulator.control.failTokenRequests(1, { kind: 'hang' });
    const waiting = rejectionOf(source.getToken());
    await clock.advance(5_000);
    const timeout = await waiting;
    expect((timeout as { reason?: unknown }).reason).toBe('timeout');
    expectNoLeak([timeout]);
  });

  it('network failures (a closed port)', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { clock, source } = scanSource(
      { retry: { attempts: 1 } },
      { tokenUrl: `http://127.0.0.1:${port}/connect/token` },
    );
    const outcome = await runUntilSettled(clock, source.getToken());
    const network = (outcome as PromiseRejectedResult).reason;
    expect((network as { reason?: unknown }).reason).toBe('network');
    expectNoLeak([network]);
  });

  it.each<TokenFault>([
    { kind: 'malformed-json' },
    { kind: 'html' },
    { kind: 'empty' },
    { kind: 'missing-access-token' },
    { kind: 'bad-expires-in', value: 'soon' },
    { kind: 'token-type', value: 'MAC' },
    { kind: 'oversized', bytes: 200_000 },
    { kind: 'reset' },
  ])('malformed and broken answers: %j', async (fault) => {
    const { clock, source } = scanSource({ retry: { attempts: 1 } });
    emulator.control.failTokenRequests(1, fault);
    const outcome = await runUntilSettled(clock, source.getToken());
    expect(outcome.status).toBe('rejected');
    const error = (outcome as PromiseRejectedResult).reason;
    expect(isCloudTokenError(error)).toBe(true);
    expectNoLeak([error]);
  });

  it('aborted callers and use after close', async () => {
    const { source } = scanSource();
    emulator.control.setLatency({ tokenMs: 50 });
    const aborted = rejectionOf(source.getToken({ signal: AbortSignal.abort() }));
    const closedWhileWaiting = rejectionOf(source.getToken());
    source.close();
    const afterClose = await rejectionOf(source.getToken());
    expect(isCloudTokenError(await closedWhileWaiting, 'ERR_USAGE')).toBe(true);
    expect(isCloudTokenError(afterClose, 'ERR_USAGE')).toBe(true);
    expectNoLeak([await aborted, await closedWhileWaiting, afterClose]);
  });

  it('invalid options with the secret in various fields', () => {
    const grant = clientCredentials(credentials());
    const wrongFields = [
      { timeoutMs: SECRET },
      { logger: SECRET },
      { fetch: SECRET },
      { clock: SECRET },
      { random: SECRET },
      { retry: SECRET },
      { retry: { attempts: SECRET } },
      { rateLimit: { maxCooldownMs: SECRET } },
      { failureBudget: [SECRET] },
    ];
    const errors = wrongFields.map((options) =>
      thrownBy(() => createTokenSource(grant, options as unknown as TokenSourceOptions)),
    );
    errors.push(
      thrownBy(() => clientCredentials(credentials({ tokenUrl: SECRET }))),
      thrownBy(() => clientCredentials(credentials({ scope: `"${SECRET}"` }))),
      thrownBy(() => createTokenSource(SECRET as unknown as typeof grant)),
    );
    for (const error of errors) expect(isCloudTokenError(error, 'ERR_INVALID_OPTIONS')).toBe(true);
    expectNoLeak(errors);
  });

  it('util.inspect and JSON.stringify of a source, a grant and a token', async () => {
    const grant = clientCredentials(credentials());
    const source = createTokenSource(grant, { clock: createFakeClock(), logger });
    opened.push(source);
    const token = await source.getToken();
    issuedTokens.push(token.value);
    expectNoLeak([source, grant, token, { nested: { deeper: { source, grant, token } } }]);
    // The scan is not vacuous: the logger did write, and a leak would be caught.
    expect(logLines.length).toBeGreaterThan(0);
    expect(() => expectNoLeak([token.value])).toThrow('leaked a token');
    expect(() => expectNoLeak([grant.clientSecret.reveal()])).toThrow('leaked the secret');
  });
});
