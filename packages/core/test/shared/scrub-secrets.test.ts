import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scrubText, withoutSecrets } from '../../src/shared/scrub-secrets.js';

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
