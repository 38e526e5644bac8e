import type * as NodeUtil from 'node:util';
import { nodeBuiltin } from './node-builtin.js';

const controlCharacters = /\p{Cc}+/gu;
const invisibleCharacters = /\p{Cf}+/gu;
const percentEscapes = /(?:%[0-9a-f]{2})+/gi;
const redacted = '[redacted]';
// The key of a custom `util.inspect`, the same symbol with or without Node's util.
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
// Node's util where the runtime has it, to call custom inspectors as util.inspect would.
const util = nodeBuiltin<typeof NodeUtil>('node:util');

/**
 * The most values (objects, strings, array entries, map entries, …)
 * {@link withoutSecrets} looks at in one cause: 10,000. A cause larger than
 * that cannot be shown to be free of the secret, so it is withheld.
 *
 * @example
 * ```ts
 * withoutSecrets({ parts: new Array(SECRET_SCAN_BUDGET + 1).fill('x') }, forms); // an Error: withheld
 * ```
 */
export const SECRET_SCAN_BUDGET = 10_000;

/**
 * Makes text that came from a server safe to put in an error message:
 * every occurrence of a secret (in any of `secrets`' forms, and each form's
 * percent-encodings: `encodeURIComponent`, form encoding, upper- or
 * lower-case hex, JSON string escaping) becomes `[redacted]`, control
 * characters (line breaks, escapes) become spaces, invisible formatting
 * characters (zero-width, bidi overrides) are removed, and the result is cut
 * to `maxLength` characters. Secrets are replaced after removing the
 * invisible characters, so a secret split by one is still caught. Text that
 * still shows a secret once percent-decoded (an encoding nobody listed) is
 * replaced as a whole by `[redacted]`.
 *
 * @example
 * ```ts
 * scrubText('bad\nsecret s3cr3t', ['s3cr3t'], 200); // 'bad secret [redacted]'
 * scrubText('echo p%2bss', ['p+ss'], 200); // 'echo [redacted]'
 * ```
 */
export function scrubText(text: string, secrets: readonly string[], maxLength: number): string {
  const visible = text.replace(invisibleCharacters, '').replace(controlCharacters, ' ');
  const cleaned = redact(visible, secretVariants(secrets)).trim();
  if (mentionsSecret(cleaned, secrets)) return redacted;
  // Counted and cut by code point, so no half of a surrogate pair is left behind.
  const characters = Array.from(cleaned);
  if (characters.length <= maxLength) return cleaned;
  return `${characters.slice(0, maxLength - 1).join('')}…`;
}

/**
 * `cause` if nothing in it mentions a secret; otherwise a plain error saying
 * the details were withheld. A `fetch` TypeError carries no secret, but an
 * injected `fetch` might echo its request.
 *
 * The value itself is walked, not a rendering of it: own properties
 * (enumerable or not, symbol keys included, getters read), `name`,
 * `message`, `stack`, `cause` and `AggregateError.errors` of errors, `Map`
 * keys and values, `Set` values, the bytes of typed arrays and buffers (read
 * as UTF-8), and what a custom `util.inspect` or `toJSON` returns. Every
 * string is compared whole (no length cut-off, no escaping) and also
 * percent-decoded (see {@link scrubText}). Cycles are followed once. A cause
 * larger than {@link SECRET_SCAN_BUDGET} values, or one that throws while
 * being read, cannot be shown to be safe and is withheld too.
 *
 * @example
 * ```ts
 * new TokenRequestError('network', 'unreachable', { cause: withoutSecrets(error, secretForms(grant)) });
 * ```
 */
export function withoutSecrets(cause: unknown, secrets: readonly string[]): unknown {
  if (!mayMention(cause, secrets)) return cause;
  return new Error('the underlying error mentioned the client secret; details withheld');
}

/** Whether `value` mentions a secret, or cannot be shown not to. */
function mayMention(value: unknown, secrets: readonly string[]): boolean {
  const pending: unknown[] = [value];
  const seen = new Set<object>();
  let budget = SECRET_SCAN_BUDGET;
  try {
    while (pending.length > 0) {
      budget -= 1;
      if (budget < 0) return true;
      const next = pending.pop();
      if (typeof next === 'string') {
        if (mentionsSecret(next, secrets)) return true;
        continue;
      }
      if (typeof next === 'symbol') {
        if (mentionsSecret(next.description ?? '', secrets)) return true;
        continue;
      }
      if ((typeof next !== 'object' && typeof next !== 'function') || next === null) continue;
      if (seen.has(next)) continue;
      seen.add(next);
      const found = childrenOf(next, secrets);
      if (found === true || found.length > budget) return true;
      pending.push(...found);
    }
    return false;
  } catch {
    // A proxy trap, getter or custom inspect that throws: the value cannot be shown to be safe.
    return true;
  }
}

/** What `value` holds, to be looked at in turn; `true` when a secret was already seen in it. */
function childrenOf(value: object, secrets: readonly string[]): unknown[] | true {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    const bytes = ArrayBuffer.isView(value)
      ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
      : new Uint8Array(value);
    return mentionsSecret(new TextDecoder().decode(bytes), secrets) ? true : [];
  }
  const children: unknown[] = [];
  if (value instanceof Map) {
    for (const [key, entry] of value) children.push(key, entry);
  } else if (value instanceof Set) {
    for (const entry of value) children.push(entry);
  }
  if (value instanceof Error) {
    // Possibly inherited or accessor properties that util.inspect and loggers show.
    children.push(
      Reflect.get(value, 'name'),
      Reflect.get(value, 'message'),
      Reflect.get(value, 'stack'),
      Reflect.get(value, 'cause'),
      Reflect.get(value, 'errors'),
    );
  }
  for (const key of Reflect.ownKeys(value)) {
    children.push(key);
    const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined) continue;
    children.push('value' in descriptor ? descriptor.value : Reflect.get(value, key));
  }
  children.push(...customRenderings(value));
  return children;
}

/** What a custom `util.inspect` or a `toJSON` of `value` shows, which may be more than its properties. */
function customRenderings(value: object): unknown[] {
  const renderings: unknown[] = [];
  const custom: unknown = Reflect.get(value, inspectSymbol);
  if (typeof custom === 'function') {
    const options = { ...util?.inspect.defaultOptions, depth: 2, stylize: (text: string) => text };
    renderings.push(custom.call(value, 2, options, util?.inspect ?? String));
  }
  const toJSON: unknown = Reflect.get(value, 'toJSON');
  if (typeof toJSON === 'function' && !(value instanceof Date)) {
    renderings.push(toJSON.call(value, ''));
  }
  return renderings;
}

/** Whether `text` shows a secret, as it is or percent-decoded (form encoding's `+` included). */
function mentionsSecret(text: string, secrets: readonly string[]): boolean {
  const candidates = [text];
  if (text.includes('%') || text.includes('+')) {
    candidates.push(percentDecoded(text), percentDecoded(text.replaceAll('+', ' ')));
  }
  return secrets.some(
    (secret) => secret !== '' && candidates.some((candidate) => candidate.includes(secret)),
  );
}

/** `text` with every run of `%XX` escapes decoded (any hex case), twice for double encoding. */
function percentDecoded(text: string): string {
  let decoded = text;
  for (let round = 0; round < 2; round += 1) {
    decoded = decoded.replace(percentEscapes, decodeEscapes);
  }
  return decoded;
}

function decodeEscapes(run: string): string {
  const bytes = new Uint8Array(run.length / 3);
  for (let index = 0; index < bytes.length; index += 1) {
    bytes[index] = Number.parseInt(run.slice(index * 3 + 1, index * 3 + 3), 16);
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Every form of every secret that text may show it in, longest first so a
 * longer form is replaced before a shorter one inside it.
 */
function secretVariants(secrets: readonly string[]): string[] {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    const uri = encodeURIComponent(secret);
    const form = uri.replaceAll('%20', '+');
    for (const variant of [secret, uri, form, JSON.stringify(secret).slice(1, -1)]) {
      variants.add(variant);
      variants.add(variant.replace(percentEscapes, (run) => run.toLowerCase()));
      variants.add(variant.replace(percentEscapes, (run) => run.toUpperCase()));
    }
  }
  return [...variants].sort((a, b) => b.length - a.length);
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((result, secret) => result.split(secret).join(redacted), text);
}
