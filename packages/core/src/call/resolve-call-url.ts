import { UsageError } from '../shared/errors.js';
import { versionedApiOf } from '../shared/presets.js';

// A URL with a scheme (`https:`, `urn:`): absolute, whatever the base.
const scheme = /^[a-z][a-z\d+.-]*:/i;
// The first path segment of a product's API on a versioned cloud: `v4.0`, `v3.0`, `v1`.
const versionSegment = /^\/v\d+(?:\.\d+)*(?:\/|$)/i;

/**
 * A base URL as every call resolves against it, worked out once: a
 * directory (its path ends in `/`, without query or fragment), so relative
 * paths land below its path, not beside it.
 */
export interface CallBase {
  readonly url: URL;
  /** `url.href`, which a plain relative path is appended to. */
  readonly href: string;
  /** Whether a URL below `href` passes both rules of {@link resolveCallUrl}: inside the base's version, or on a host without versions. */
  readonly belowIsAllowed: boolean;
}

/** The {@link CallBase} of a `baseUrl`. */
export function callBaseOf(baseUrl: URL): CallBase {
  const url = new URL(baseUrl);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  const belowIsAllowed = versionSegment.test(url.pathname) || versionedApiOf(url) === undefined;
  return { url, href: url.href, belowIsAllowed };
}

/**
 * The URL a caller's `fetch(input)` goes to: `input` resolved against `base`
 * (see {@link callBaseOf}), the way a browser resolves a link.
 * Two relative paths would miss the product's versioned API without a word
 * (the cloud answers 404), so they are refused with a `UsageError` naming the
 * `baseUrl` to use, before anything is sent:
 *
 * - a path that leaves `base`, when `base` has a path of its own: a leading
 *   `/` (`/words/a.docx` with `https://api.aspose.cloud/v4.0/` drops the
 *   `/v4.0/`), `../`, or `//host`. (ky refuses a leading slash with
 *   `prefixUrl` for the same reason.) A path that stays below `base`
 *   (`/v4.0/words/a.docx`) is kept, and so is any absolute URL;
 * - a path that lands on a cloud whose APIs live under a version (Aspose
 *   Cloud, GroupDocs Cloud) outside any version: `words/a.docx` with the
 *   presets' bare host `https://api.aspose.cloud/`. `v4.0/words/a.docx`
 *   there is kept.
 *
 * Neither message echoes the path: its query may hold a secret.
 */
export function resolveCallUrl(input: string | URL, base: CallBase | undefined): URL {
  if (base !== undefined && typeof input === 'string' && appendsToDirectory(input)) {
    // The usual call: a path below the base. Parsed as one string it costs a
    // third of a parse against a base URL, and its prefix settles both rules.
    const url = parsedUrl(base.href + input, undefined);
    if (url !== undefined) {
      const settled = base.belowIsAllowed && url.href.startsWith(base.href);
      return settled ? url : checkedRelative(url, base.url);
    }
  }
  const url = parsedUrl(input, base?.url);
  if (url === undefined) {
    // Reported without the URL: it may hold a secret in its query.
    throw new UsageError(
      base === undefined
        ? 'The authorized fetch got a relative URL and has no baseUrl to resolve it against'
        : 'The authorized fetch got a URL it cannot parse',
    );
  }
  if (base === undefined || typeof input !== 'string' || scheme.test(input)) return url;
  return checkedRelative(url, base.url);
}

/** `url`, resolved from a relative `input`, unless one of the two rules above refuses it. */
function checkedRelative(url: URL, base: URL): URL {
  if (base.pathname !== '/' && !isBelow(url, base)) {
    throw new UsageError(
      `The authorized fetch got a path that leaves its baseUrl ${base.href} (a leading "/" starts from the host and drops "${base.pathname}"): write it relative to the baseUrl, without the leading slash (words/report.docx), or pass an absolute URL`,
    );
  }
  const api = versionedApiOf(url);
  if (api !== undefined && !versionSegment.test(url.pathname)) {
    throw new UsageError(
      `The authorized fetch resolved a path against the baseUrl ${base.href}, outside every versioned API of ${api.cloud} (the cloud would answer 404): give the product's API as baseUrl, e.g. ${api.example} (see docs/urls.md), or start the path with its version (v4.0/words/…)`,
    );
  }
  return url;
}

/** The parsed URL, or `undefined` where `new URL` throws. One parse: `URL.canParse` first would parse it twice. */
function parsedUrl(input: string | URL, base: URL | undefined): URL | undefined {
  try {
    return new URL(input, base);
  } catch {
    return undefined;
  }
}

/**
 * Whether resolving `input` against a directory URL is appending it to the
 * directory's `href`: it starts with a path segment (not `/`, `\\`, `.`, `?`,
 * `#`, a space or a control character, which a parse would trim) and its
 * first segment holds no `:` (`https:x`, `mailto:x` are schemes).
 */
function appendsToDirectory(input: string): boolean {
  const first = input.charCodeAt(0);
  if (!isSegmentStart(first)) return false;
  for (let index = 1; index < input.length; index += 1) {
    const code = input.charCodeAt(index);
    if (code === COLON) return false;
    if (code === SLASH || code === BACKSLASH || code === QUESTION || code === HASH) return true;
  }
  return true;
}

const COLON = 0x3a;
const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const QUESTION = 0x3f;
const HASH = 0x23;

/** Letters, digits, `-`, `_` and `~`: a character that can only start a path segment. */
function isSegmentStart(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2d ||
    code === 0x5f ||
    code === 0x7e
  );
}

/** Whether `url` is `base` or below it: same origin, and `base`'s path is a prefix of its own. */
function isBelow(url: URL, base: URL): boolean {
  return url.origin === base.origin && url.pathname.startsWith(base.pathname);
}
