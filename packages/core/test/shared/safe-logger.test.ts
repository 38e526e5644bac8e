import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { fieldsFirstLogger, safeLogger } from '../../src/shared/safe-logger.js';

function pinoLines(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('safeLogger (issue 15: both logger shapes)', () => {
  it('hands real pino its (fields, message) order, so no field is lost', () => {
    const { logger, lines } = pinoLines();
    safeLogger(logger).warn('credentials rejected', {
      client: 'app at host',
      oauthError: 'invalid_client',
    });
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'credentials rejected',
        client: 'app at host',
        oauthError: 'invalid_client',
      }),
    ]);
  });

  it('calls a console-style logger with (message, fields), and with the message alone when there are none', () => {
    const calls: unknown[][] = [];
    const log = safeLogger({ info: (...args: unknown[]) => calls.push(args) });
    log.info('token obtained', { client: 'a' });
    log.info('token source closed');
    expect(calls).toEqual([['token obtained', { client: 'a' }], ['token source closed']]);
  });

  it('drops undefined fields and rounds durations to whole milliseconds', () => {
    const calls: unknown[][] = [];
    safeLogger({ debug: (...args: unknown[]) => calls.push(args) }).debug(
      'retrying token request',
      {
        delayMs: 55.657748705684405,
        upstreamStatus: undefined,
        attempt: 2,
      },
    );
    expect(calls).toEqual([['retrying token request', { delayMs: 56, attempt: 2 }]]);
  });

  it('takes an explicit fields-first logger', () => {
    const calls: unknown[][] = [];
    const log = safeLogger(
      fieldsFirstLogger({ error: (fields, message) => calls.push([fields, message]) }),
    );
    log.error('token request failed', { status: 503 });
    expect(calls).toEqual([[{ status: 503 }, 'token request failed']]);
  });

  it('never lets a throwing logger break the caller', () => {
    const log = safeLogger({
      warn: () => {
        throw new Error('disk full');
      },
    });
    expect(() => log.warn('x')).not.toThrow();
  });
});
