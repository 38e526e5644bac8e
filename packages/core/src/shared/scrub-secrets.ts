import { inspect } from 'node:util';

const controlCharacters = /\p{Cc}+/gu;
const invisibleCharacters = /\p{Cf}+/gu;

/**
 * Makes text that came from a server safe to put in an error message:
 * every occurrence of a secret (in any of `secrets`' forms) becomes
 * `[redacted]`, control characters (line breaks, escapes) become spaces,
 * invisible formatting characters (zero-width, bidi overrides) are removed,
 * and the result is cut to `maxLength` characters. Secrets are replaced
 * after removing the invisible characters, so a secret split by one is
 * still caught.
 *
 * @example
 * ```ts
 * scrubText('bad\nsecret s3cr3t', ['s3cr3t'], 200); // 'bad secret [redacted]'
 * ```
 */
export function scrubText(text: string, secrets: readonly string[], maxLength: number): string {
  const visible = text.replace(invisibleCharacters, '').replace(controlCharacters, ' ');
  const cleaned = redact(visible, secrets).trim();
  // Counted and cut by code point, so no half of a surrogate pair is left behind.
  const characters = Array.from(cleaned);
  if (characters.length <= maxLength) return cleaned;
  return `${characters.slice(0, maxLength - 1).join('')}…`;
}

/**
 * `cause` if nothing `util.inspect` would print of it (message, stack,
 * properties, wrapped causes) mentions a secret; otherwise a plain error
 * saying the details were withheld. A `fetch` TypeError carries no secret,
 * but an injected `fetch` might echo its request.
 *
 * @example
 * ```ts
 * new TokenRequestError('network', 'unreachable', { cause: withoutSecrets(error, secretForms(grant)) });
 * ```
 */
export function withoutSecrets(cause: unknown, secrets: readonly string[]): unknown {
  if (!mentionsAny(cause, secrets)) return cause;
  return new Error('the underlying error mentioned the client secret; details withheld');
}

function mentionsAny(value: unknown, secrets: readonly string[]): boolean {
  let rendered: string;
  try {
    rendered = inspect(value, { depth: 8 });
  } catch {
    // An object whose inspection fails cannot be shown to be safe.
    return true;
  }
  return secrets.some((secret) => rendered.includes(secret));
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}
