import { createFakeClock, thrownBy } from '@cloud-token/core/testing';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/shared/clock.js';
import { type InvalidOptionsError, isCloudTokenError } from '../../src/shared/errors.js';
import { clockRule } from '../../src/shared/option-rules.js';
import {
  DEFAULT_TOKEN_SOURCE_OPTIONS,
  resolveTokenSourceOptions,
  type TokenSourceOptions,
} from '../../src/token-source/token-source-options.js';

const SECRET = 's3cr3t-OPTIONS-4f1c';

function optionError(options: unknown): InvalidOptionsError {
  try {
    resolveTokenSourceOptions(options as TokenSourceOptions);
  } catch (error) {
    if (isCloudTokenError(error, 'ERR_INVALID_OPTIONS')) return error as InvalidOptionsError;
    throw error;
  }
  throw new Error('expected InvalidOptionsError');
}

describe('resolveTokenSourceOptions', () => {
  it('fills in the documented defaults', () => {
    const resolved = resolveTokenSourceOptions(undefined);
    expect(resolved).toMatchObject({
      timeoutMs: 10_000,
      renewal: { maxEarlyMs: 300_000, earlyFraction: 0.1, jitterMs: 30_000 },
      unusable: { maxMarginMs: 30_000, marginFraction: 0.05 },
      retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 },
      failureBudget: { maxFailures: 3, windowMs: 60_000 },
      rejectionCooldownMs: 600_000,
      rateLimit: { defaultCooldownMs: 60_000, maxCooldownMs: 3_600_000 },
    });
    expect(resolved).toMatchObject(DEFAULT_TOKEN_SOURCE_OPTIONS);
    expect(resolved.clock).toBe(systemClock);
    expect(resolved.random).toBe(Math.random);
    expect(resolved.logger).toBeUndefined();
    expect(Object.isFrozen(DEFAULT_TOKEN_SOURCE_OPTIONS.retry)).toBe(true);
  });

  it('keeps given values and merges partial groups', () => {
    const resolved = resolveTokenSourceOptions({ retry: { attempts: 1 }, timeoutMs: 2_500 });
    expect(resolved.retry).toEqual({ attempts: 1, baseDelayMs: 200, maxDelayMs: 5_000 });
    expect(resolved.timeoutMs).toBe(2_500);
  });

  it('rejects credentials among its options, naming the key, never echoing the secret (issue 8)', () => {
    const error = thrownBy(() =>
      resolveTokenSourceOptions({ timeoutMs: 2_500, clientSecret: SECRET } as TokenSourceOptions),
    );
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTIONS', option: 'clientSecret' });
    expect((error as Error).message).toContain('clientCredentials()');
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect((error as Error).message).not.toContain(SECRET);
  });

  it.each([
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: 2 ** 31 }, 'timeoutMs'],
    [{ timeoutMs: '10s' }, 'timeoutMs'],
    [{ timeoutMs: Number.NaN }, 'timeoutMs'],
    [{ retry: 3 }, 'retry'],
    [{ retry: { attempts: 0 } }, 'retry.attempts'],
    [{ retry: { attempts: 1.5 } }, 'retry.attempts'],
    [{ retry: { baseDelayMs: -1 } }, 'retry.baseDelayMs'],
    [{ retry: { maxDelayMs: 100 } }, 'retry.baseDelayMs'],
    [{ retry: { maxDelayMs: Number.POSITIVE_INFINITY } }, 'retry.maxDelayMs'],
    [{ renewal: { earlyFraction: 1 } }, 'renewal.earlyFraction'],
    [{ renewal: { maxEarlyMs: -5 } }, 'renewal.maxEarlyMs'],
    [{ renewal: null }, 'renewal'],
    [{ unusable: { marginFraction: -0.1 } }, 'unusable.marginFraction'],
    [{ unusable: [] }, 'unusable'],
    [{ failureBudget: { maxFailures: 0 } }, 'failureBudget.maxFailures'],
    [{ failureBudget: { windowMs: 0 } }, 'failureBudget.windowMs'],
    [{ rejectionCooldownMs: Number.POSITIVE_INFINITY }, 'rejectionCooldownMs'],
    [{ rateLimit: { defaultCooldownMs: 7_200_000 } }, 'rateLimit.defaultCooldownMs'],
    [{ rateLimit: { maxCooldownMs: -1 } }, 'rateLimit.maxCooldownMs'],
    [{ fetch: 'fetch' }, 'fetch'],
    [{ random: 0.5 }, 'random'],
    [{ clock: { now: () => 0 } }, 'clock.setTimeout'],
    [{ clock: 'system' }, 'clock'],
    [{ logger: { warn: 'console' } }, 'logger.warn'],
    ['options', 'options'],
  ])('rejects %j naming %s', (options, option) => {
    const error = optionError(options);
    expect(error.option).toBe(option);
    expect(error.message).toContain(`"${option}"`);
  });

  it('never echoes a value, even a secret given in the wrong field', () => {
    const errors = [
      optionError({ timeoutMs: SECRET }),
      optionError({ fetch: SECRET }),
      optionError({ retry: SECRET }),
      optionError({ logger: SECRET }),
      optionError({ rateLimit: { maxCooldownMs: SECRET } }),
    ];
    for (const error of errors) {
      expect(`${error.message} ${JSON.stringify(error)} ${error.stack}`).not.toContain(SECRET);
    }
  });
});

describe('clockRule', () => {
  it('gives the system clock when none is given, and a valid one as it is', () => {
    const clock = createFakeClock();
    expect(clockRule(undefined, 'clock')).toBe(systemClock);
    expect(clockRule(clock, 'clock')).toBe(clock);
  });

  it.each([
    [{}, 'clock.now'],
    [{ now: () => 0, setTimeout: () => 1 }, 'clock.clearTimeout'],
    [null, 'clock'],
    ['system', 'clock'],
  ])('rejects %j naming %s', (value, option) => {
    let thrown: unknown;
    try {
      clockRule(value, 'clock');
    } catch (error) {
      thrown = error;
    }
    expect(isCloudTokenError(thrown, 'ERR_INVALID_OPTIONS')).toBe(true);
    expect((thrown as InvalidOptionsError).option).toBe(option);
  });
});
