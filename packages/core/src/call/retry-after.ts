/**
 * The longest wait {@link parseRetryAfter} reports: 24 hours. A larger
 * `Retry-After` is almost certainly a server bug, and waiting longer than a
 * day would leave an application without tokens for good.
 *
 * @example
 * ```ts
 * parseRetryAfter('999999999', Date.now()) === MAX_RETRY_AFTER_MS; // true
 * ```
 */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const month = `(?<month>${months.join('|')})`;
const time = '(?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})';

// RFC 9110 §5.6.7: one preferred and two obsolete forms. Weekday names are
// matched but not checked against the date, as most HTTP stacks do; names
// are compared case-insensitively to be lenient with sloppy servers.
const httpDateForms = [
  new RegExp(`^[a-z]{3}, (?<day>\\d{2}) ${month} (?<year>\\d{4}) ${time} gmt$`, 'i'),
  new RegExp(`^[a-z]{6,9}, (?<day>\\d{2})-${month}-(?<shortYear>\\d{2}) ${time} gmt$`, 'i'),
  new RegExp(`^[a-z]{3} ${month} (?<day> \\d|\\d{2}) ${time} (?<year>\\d{4})$`, 'i'),
];

/**
 * Turns an HTTP `Retry-After` value (RFC 9110 §10.2.3) into milliseconds to
 * wait: delay-seconds (`120`) or an HTTP-date in any of its three forms
 * (`Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT`,
 * `Sun Nov  6 08:49:37 1994`), measured from `now` (epoch milliseconds).
 * A date in the past gives 0; every result is capped at
 * {@link MAX_RETRY_AFTER_MS}; anything else (absent, negative, fractional,
 * garbage) gives `undefined`. It never throws.
 *
 * @example
 * ```ts
 * import { parseRetryAfter } from '@cloud-token/core';
 *
 * parseRetryAfter('120', Date.now()); // 120_000
 * parseRetryAfter(response.headers.get('retry-after'), Date.now()); // number | undefined
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  const date = parseHttpDate(trimmed, now);
  if (date === undefined) return undefined;
  const wait = date - now;
  if (Number.isNaN(wait)) return undefined;
  return Math.min(Math.max(wait, 0), MAX_RETRY_AFTER_MS);
}

function parseHttpDate(value: string, now: number): number | undefined {
  for (const form of httpDateForms) {
    const groups = form.exec(value)?.groups;
    if (groups) return toEpoch(groups, now);
  }
  return undefined;
}

function toEpoch(groups: Record<string, string | undefined>, now: number): number | undefined {
  const year =
    groups.year === undefined ? fullYear(Number(groups.shortYear), now) : Number(groups.year);
  const monthIndex = months.indexOf(String(groups.month).toLowerCase());
  const day = Number(groups.day);
  const hour = Number(groups.hour);
  const minute = Number(groups.minute);
  const second = Number(groups.second);
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  // 60 is a leap second, which Date cannot represent: read it as :59.
  const epoch = Date.UTC(year, monthIndex, day, hour, minute, Math.min(second, 59));
  // Date.UTC rolls 31 Feb over into March; such a date is not a date.
  if (new Date(epoch).getUTCDate() !== day) return undefined;
  return epoch;
}

// RFC 9110 §5.6.7: a two-digit year that would be more than 50 years in the
// future means the most recent past year with those digits.
function fullYear(twoDigits: number, now: number): number {
  const currentYear = new Date(now).getUTCFullYear();
  const candidate = currentYear - (currentYear % 100) + twoDigits;
  return candidate > currentYear + 50 ? candidate - 100 : candidate;
}
