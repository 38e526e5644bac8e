import {
  type CloudTokenError,
  CredentialsRejectedError,
  InvalidOptionsError,
  RateLimitedError,
  UsageError,
} from '@cloud-token/core';
import { createErrorReporter } from '@cloud-token/core/adapter';
import { describe, expect, it } from 'vitest';

/** A fallback sink that keeps what it got. */
function recordingSink() {
  const reports: { code: string; line: string }[] = [];
  const sink = (error: CloudTokenError, line: string) => reports.push({ code: error.code, line });
  return { reports, sink };
}

describe('createErrorReporter', () => {
  it('without a logger, reports each cause once to the fallback, however often it recurs', () => {
    const { reports, sink } = recordingSink();
    const report = createErrorReporter(undefined, sink);
    for (let index = 0; index < 100; index += 1) {
      report(new CredentialsRejectedError('invalid_client', { upstreamStatus: 400 }), undefined);
      report(new RateLimitedError(600_000 - index, Date.UTC(2030, 0, 1) + index), undefined);
      report(new InvalidOptionsError('clientSecret', 'is required'), undefined);
    }
    expect(reports.map((entry) => entry.code)).toEqual([
      'ERR_CREDENTIALS_REJECTED',
      'ERR_RATE_LIMITED',
      'ERR_INVALID_OPTIONS',
    ]);
    expect(reports[0]?.line).toMatch(
      /^cloud-token: .*\(invalid_client\).*\(ERR_CREDENTIALS_REJECTED\); answered 502\./,
    );
    expect(reports[0]?.line).not.toMatch(/\n/);
  });

  it('tells causes of one code apart by what distinguishes them', () => {
    const { reports, sink } = recordingSink();
    const report = createErrorReporter(undefined, sink);
    report(new CredentialsRejectedError('invalid_client'), undefined);
    report(new CredentialsRejectedError('unauthorized_client'), undefined);
    report(new InvalidOptionsError('clientSecret', 'is required'), undefined);
    report(new InvalidOptionsError('tokenUrl', 'must be an absolute URL'), undefined);
    report(new UsageError('mount cloudToken() first'), undefined);
    report(new UsageError('fetch needs a baseUrl'), undefined);
    report(new UsageError('mount cloudToken() first'), undefined);
    expect(reports).toHaveLength(6);
  });

  it('forgets the oldest cause beyond the ones it remembers, and reports it again', () => {
    const { reports, sink } = recordingSink();
    const report = createErrorReporter(undefined, sink);
    for (let index = 0; index <= 64; index += 1)
      report(new InvalidOptionsError(`o${index}`, 'x'), undefined);
    report(new InvalidOptionsError('o64', 'x'), undefined);
    expect(reports).toHaveLength(65);
    report(new InvalidOptionsError('o0', 'x'), undefined);
    expect(reports).toHaveLength(66);
  });

  it('ignores errors that are not cloud-token errors, and survives a throwing fallback', () => {
    const report = createErrorReporter(undefined, () => {
      throw new Error('log sink down');
    });
    expect(() => report(new Error('not ours'), undefined)).not.toThrow();
    expect(() => report(new UsageError('x'), undefined)).not.toThrow();
  });

  it("with the application's logger, logs every answered error with its fields, as asked", () => {
    const logged: { message: string; fields: unknown }[] = [];
    const { reports, sink } = recordingSink();
    const report = createErrorReporter(
      { error: (message, fields) => logged.push({ message, fields }) },
      sink,
    );
    report(new CredentialsRejectedError('invalid_client'), undefined);
    report(new CredentialsRejectedError('invalid_client'), undefined);
    report(new Error('not ours'), undefined);
    expect(logged).toEqual([
      {
        message: 'cloud-token error answered as problem details',
        fields: expect.objectContaining({ code: 'ERR_CREDENTIALS_REJECTED' }),
      },
      expect.objectContaining({ message: 'cloud-token error answered as problem details' }),
    ]);
    expect(reports).toEqual([]);
  });
});
