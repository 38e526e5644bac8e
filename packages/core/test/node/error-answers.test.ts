import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import {
  ApiRequestError,
  CredentialsRejectedError,
  RateLimitedError,
  UsageError,
} from '@cloud-token/core';
import { createErrorAnswers, watchClientDisconnect } from '@cloud-token/core/node';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

/** Real pino at debug, writing to memory: each line's level name, fields and message. */
function recordingPino() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  const names: Record<number, string> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error' };
  return {
    logger,
    get lines() {
      return chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const { level, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
          return { level: names[level as number], message: msg, fields };
        });
    },
  };
}

describe('createErrorAnswers()', () => {
  it('logs refused credentials at error once, and every later answer of that cause at debug', () => {
    const log = recordingPino();
    const { logger } = log;
    const answerOf = createErrorAnswers();
    for (let request = 0; request < 5; request += 1) {
      answerOf(new CredentialsRejectedError('invalid_client', { upstreamStatus: 400 }), logger);
    }
    expect(log.lines.map((line) => line.level)).toEqual([
      'error',
      'debug',
      'debug',
      'debug',
      'debug',
    ]);
    expect(log.lines[0]?.fields).toMatchObject({ code: 'ERR_CREDENTIALS_REJECTED', status: 502 });
  });

  it('logs each distinct cause of a misconfiguration once', () => {
    const log = recordingPino();
    const { logger } = log;
    const answerOf = createErrorAnswers();
    answerOf(new UsageError('fetch needs a baseUrl'), logger);
    answerOf(new UsageError('the source is closed'), logger);
    answerOf(new UsageError('fetch needs a baseUrl'), logger);
    expect(log.lines.map((line) => [line.level, line.fields.message])).toEqual([
      ['error', 'fetch needs a baseUrl'],
      ['error', 'the source is closed'],
      ['debug', 'fetch needs a baseUrl'],
    ]);
  });

  it('keeps a separate memory per log: two handlers each say it once', () => {
    const log = recordingPino();
    const { logger } = log;
    const first = createErrorAnswers();
    const second = createErrorAnswers();
    first(new UsageError('misused'), logger);
    second(new UsageError('misused'), logger);
    expect(log.lines.map((line) => line.level)).toEqual(['error', 'error']);
  });

  it('logs a passing condition of the cloud at info with every answer', () => {
    const log = recordingPino();
    const { logger } = log;
    const answerOf = createErrorAnswers();
    answerOf(new RateLimitedError(30_000, Date.now() + 30_000), logger);
    answerOf(new RateLimitedError(30_000, Date.now() + 30_000), logger);
    answerOf(new ApiRequestError('unreachable'), logger);
    expect(log.lines.map((line) => [line.level, line.fields.code])).toEqual([
      ['info', 'ERR_RATE_LIMITED'],
      ['info', 'ERR_RATE_LIMITED'],
      ['info', 'ERR_API_REQUEST'],
    ]);
  });

  it("calls a console-style logger message first, and the options' logger before the call's", () => {
    const calls: unknown[][] = [];
    const ignored: unknown[][] = [];
    const answerOf = createErrorAnswers({ logger: { error: (...args: unknown[]) => calls.push(args) } });
    answerOf(new UsageError('misused'), { error: (...args: unknown[]) => ignored.push(args) });
    answerOf(new UsageError('misused'));
    expect(ignored).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toMatch(/logged once per cause/);
    expect(calls[0]?.[1]).toMatchObject({ code: 'ERR_USAGE', message: 'misused' });
  });

  it('answers the problem of a cloud-token error, nothing for another error, client-left for a disconnect', () => {
    const log = recordingPino();
    const answerOf = createErrorAnswers({ problemType: (code: string) => `https://example.test/${code}` });
    expect(answerOf(new RateLimitedError(30_000, Date.now() + 30_000), log.logger)).toMatchObject({
      status: 503,
      headers: { 'retry-after': '30' },
      body: { type: 'https://example.test/ERR_RATE_LIMITED', code: 'ERR_RATE_LIMITED' },
    });
    expect(answerOf(new Error("the application's own"), log.logger)).toBeUndefined();
    const response = new EventEmitter() as EventEmitter & { closed: boolean };
    response.closed = false;
    const { signal } = watchClientDisconnect(response as never);
    response.emit('close');
    expect(answerOf(signal.reason, log.logger)).toBe('client-left');
    expect(log.lines.map((line) => line.level)).toEqual(['info', 'debug']);
  });
});
