import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SECRET_SCAN_BUDGET, scrubText, withoutSecrets } from '../../src/shared/scrub-secrets.js';

const secret = 'pä$$+&=%:ß✓';

describe('scrubText', () => {
  it('replaces every occurrence of every secret form', () => {
    expect(scrubText(`bad ${secret} and ${secret}; also ENC`, [secret, 'ENC'], 200)).toBe(
      'bad [redacted] and [redacted]; also [redacted]',
    );
  });

  it('turns control characters into spaces and removes invisible ones, even inside a secret', () => {
    expect(scrubText('a\u0000b\r\nc\u202Ed\u200B', [], 200)).toBe('a b cd');
    expect(scrubText(`x ${secret.slice(0, 3)}\u200B${secret.slice(3)} y`, [secret], 200)).toBe(
      'x [redacted] y',
    );
  });

  it('shortens to maxLength without splitting a character', () => {
    const long = '😀'.repeat(300);
    const short = scrubText(long, [], 200);
    expect(Array.from(short)).toHaveLength(200);
    expect(short.endsWith('…')).toBe(true);
    expect(short).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(scrubText('😀'.repeat(150), [], 200)).toBe('😀'.repeat(150));
  });

  it('redacts before shortening, so no prefix of a secret survives at the cut', () => {
    const text = `${'x'.repeat(195)}${secret}`;
    expect(scrubText(text, [secret], 200)).not.toContain(secret.slice(0, 4));
  });
});

describe('withoutSecrets', () => {
  it('keeps a cause that mentions no secret', () => {
    const cause = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    expect(withoutSecrets(cause, [secret])).toBe(cause);
  });

  it('replaces a cause that mentions a secret anywhere inspect would show it', () => {
    const inMessage = new Error(`refused ${secret}`);
    const inNestedCause = new TypeError('fetch failed', { cause: new Error(`body ${secret}`) });
    const inProperty = Object.assign(new Error('failed'), {
      request: { body: `client_secret=${secret}` },
    });
    for (const cause of [inMessage, inNestedCause, inProperty, `text ${secret}`]) {
      const safe = withoutSecrets(cause, [secret]);
      expect(safe).not.toBe(cause);
      expect(inspect(safe, { depth: Number.POSITIVE_INFINITY })).not.toContain(secret);
    }
  });

  it('replaces a cause that cannot be inspected', () => {
    const hostile = {
      [Symbol.for('nodejs.util.inspect.custom')]() {
        throw new Error('no');
      },
    };
    expect(withoutSecrets(hostile, [secret])).toBeInstanceOf(Error);
  });
});

describe('withoutSecrets walks the value itself (issue 9 item 7)', () => {
  const withheld = (cause: unknown, forms: readonly string[] = [secret]) =>
    withoutSecrets(cause, forms) !== cause;

  it('item 7: finds the secret at the end of a cause chain 10 deep', () => {
    let cause: Error = Object.assign(new Error('refused'), {
      request: { body: `grant_type=client_credentials&client_secret=${secret}` },
    });
    for (let depth = 0; depth < 10; depth += 1) cause = new Error(`wrapper ${depth}`, { cause });
    expect(withheld(cause)).toBe(true);
  });

  it('item 7: finds the secret after 10,000 characters of a string', () => {
    const cause = Object.assign(new Error('failed'), { body: `${'x'.repeat(10_001)}${secret}` });
    expect(withheld(cause)).toBe(true);
  });

  it('item 7: finds the secret in an array past index 100', () => {
    const cause = Object.assign(new Error('failed'), {
      parts: [...Array.from({ length: 101 }, () => 'x'), secret],
    });
    expect(withheld(cause)).toBe(true);
  });

  it('item 7: finds a secret with quotes and backslashes, which inspect escapes', () => {
    const quoted = `pa"ss'wo\\rd`;
    const cause = Object.assign(new Error('failed'), { body: { secret: quoted } });
    expect(inspect(cause)).not.toContain(quoted);
    expect(withheld(cause, [quoted])).toBe(true);
  });

  it('item 7: looks into AggregateError.errors, Map, Set, symbol keys, getters and bytes', () => {
    const cases: unknown[] = [
      new AggregateError([new Error('ok'), new Error(`no ${secret}`)], 'several'),
      new Map([['body', secret]]),
      new Map([[secret, 'as a key']]),
      new Set([secret]),
      { [Symbol('hidden')]: secret },
      Object.defineProperty({}, 'body', { get: () => secret, enumerable: false }),
      new TextEncoder().encode(`client_secret=${secret}`),
      { toJSON: () => ({ body: secret }) },
    ];
    for (const cause of cases) expect(withheld(cause)).toBe(true);
  });

  it('item 7: follows a cycle once and keeps a cause without the secret', () => {
    const cause = new Error('fetch failed') as Error & { self?: unknown };
    cause.self = { back: cause, list: [cause] };
    expect(withoutSecrets(cause, [secret])).toBe(cause);
  });

  it(`item 7: withholds a cause larger than SECRET_SCAN_BUDGET (${SECRET_SCAN_BUDGET}) values`, () => {
    const cause = Object.assign(new Error('failed'), {
      parts: Array.from({ length: SECRET_SCAN_BUDGET + 1 }, () => 'x'),
    });
    const safe = withoutSecrets(cause, [secret]);
    expect(safe).not.toBe(cause);
    expect(String((safe as Error).message)).toMatch(/withheld/);
  });
});

describe('percent-encoded secrets (issue 9 item 8)', () => {
  const plusSecret = 'p+ss/w=rd ✓';
  const encodings = [
    encodeURIComponent(plusSecret),
    encodeURIComponent(plusSecret).toLowerCase(),
    new URLSearchParams({ s: plusSecret }).toString().slice(2).toLowerCase(),
    encodeURIComponent(plusSecret).replaceAll('%20', '+').replace(/%2B/, '%2b'),
  ];

  it('item 8: recognises %2b and every other percent-encoding of the secret in a cause', () => {
    for (const encoded of encodings) {
      const cause = new Error(`server echoed client_secret=${encoded}`);
      expect(withoutSecrets(cause, [plusSecret])).not.toBe(cause);
    }
  });

  it('item 8: redacts %2b and every other percent-encoding of the secret in text', () => {
    for (const encoded of encodings) {
      const scrubbed = scrubText(`bad client_secret=${encoded}&x=1`, [plusSecret], 200);
      expect(scrubbed).toContain('[redacted]');
      expect(scrubbed).not.toContain(encoded);
      expect(decodeURIComponent(scrubbed.replaceAll('+', ' '))).not.toContain(plusSecret);
    }
    expect(scrubText(`a ${JSON.stringify(plusSecret)} b`, [plusSecret], 200)).toBe(
      'a "[redacted]" b',
    );
  });
});
