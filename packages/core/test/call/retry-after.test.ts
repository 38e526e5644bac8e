import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../src/call/retry-after.js';

const now = Date.UTC(2026, 9, 21, 7, 28, 0); // Wed, 21 Oct 2026 07:28:00 GMT

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 600 ', now)).toBe(600_000);
    expect(parseRetryAfter('007', now)).toBe(7_000);
  });

  it('caps at 24 hours', () => {
    expect(MAX_RETRY_AFTER_MS).toBe(86_400_000);
    expect(parseRetryAfter('86401', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('9'.repeat(400), now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('reads an IMF-fixdate', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:30:00 GMT', now)).toBe(120_000);
  });

  it('reads an obsolete RFC 850 date, two-digit year in the right century', () => {
    expect(parseRetryAfter('Wednesday, 21-Oct-26 07:28:30 GMT', now)).toBe(30_000);
    // 99 would be 2099, more than 50 years ahead: it means 1999, in the past.
    expect(parseRetryAfter('Thursday, 21-Oct-99 07:28:30 GMT', now)).toBe(0);
  });

  it('reads an asctime date, with a space-padded day', () => {
    expect(parseRetryAfter('Wed Oct 21 07:28:05 2026', now)).toBe(5_000);
    const early = Date.UTC(2026, 10, 6, 8, 49, 30);
    expect(parseRetryAfter('Fri Nov  6 08:49:37 2026', early)).toBe(7_000);
  });

  it('treats day and month names case-insensitively', () => {
    expect(parseRetryAfter('wed, 21 OCT 2026 07:28:10 gmt', now)).toBe(10_000);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(0);
  });

  it('accepts a leap second', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:60 GMT', now)).toBe(59_000);
  });

  it.each([
    null,
    undefined,
    '',
    '   ',
    '-1',
    '1.5',
    '+5',
    '1e3',
    '0x10',
    'soon',
    '120 seconds',
    'Wed, 21 Oct 2026 07:28:00',
    'Wed, 21 Oct 2026 07:28:00 UTC',
    '2026-10-21T07:28:00Z',
    'Wed, 31 Feb 2026 07:28:00 GMT',
    'Wed, 21 Oct 2026 24:00:00 GMT',
    'Wed, 21 Oct 2026 07:60:00 GMT',
    'Wed, 21 Oct 2026 07:28:61 GMT',
    'Wed, 21 Foo 2026 07:28:00 GMT',
    'Wed, 1 Oct 2026 07:28:00 GMT',
  ])('gives undefined for %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it('gives undefined rather than NaN when now is not a number', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:30:00 GMT', Number.NaN)).toBeUndefined();
  });

  it('never throws and stays within [0, 24 h] for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer(), (value, moment) => {
        const wait = parseRetryAfter(value, moment);
        expect(wait === undefined || (wait >= 0 && wait <= MAX_RETRY_AFTER_MS)).toBe(true);
      }),
    );
  });

  it('reads every non-negative integer as seconds, capped', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (seconds) => {
        const expected = Math.min(Number(seconds) * 1000, MAX_RETRY_AFTER_MS);
        expect(parseRetryAfter(seconds.toString(), now)).toBe(expected);
      }),
    );
  });

  it('reads every date in all three forms to the same wait', () => {
    const minute = 60_000;
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(now - 60 * minute),
          max: new Date(now + 25 * 60 * minute),
          noInvalidDate: true,
        }),
        (date) => {
          const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
          const expected = Math.min(Math.max(whole.getTime() - now, 0), MAX_RETRY_AFTER_MS);
          for (const form of httpDateForms(whole))
            expect(parseRetryAfter(form, now)).toBe(expected);
        },
      ),
    );
  });
});

function httpDateForms(date: Date): string[] {
  const imf = date.toUTCString(); // "Wed, 21 Oct 2026 07:28:00 GMT"
  const [weekday, day, month, year, time] = imf.replace(',', '').split(' ') as [
    string,
    string,
    string,
    string,
    string,
  ];
  const longWeekday = date.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
  const rfc850 = `${longWeekday}, ${day}-${month}-${year.slice(2)} ${time} GMT`;
  const asctime = `${weekday} ${month} ${String(Number(day)).padStart(2, ' ')} ${time} ${year}`;
  return [imf, rfc850, asctime];
}
