/**
 * Whether `url`, as written, begins with one of `origins` (serialised as
 * `URL.origin` gives them: lower-case scheme and host, no default port)
 * followed by `/`, `?`, `#` or nothing. Such a URL has that origin, since
 * its authority ends right there, so a URL parser would agree; every other
 * spelling (capitals, a default port, userinfo, a backslash, surrounding
 * blanks) answers `false` and is left to the parser. This spares the
 * common call a `new URL()`.
 *
 * @example
 * ```ts
 * const origins = new Set(['https://api.aspose.cloud']);
 * startsAtOrigin('https://api.aspose.cloud/v4.0/words', origins); // true
 * startsAtOrigin('https://api.aspose.cloud@evil.example/', origins); // false: the parser decides
 * ```
 */
export function startsAtOrigin(url: string, origins: ReadonlySet<string>): boolean {
  for (const origin of origins) {
    if (!url.startsWith(origin)) continue;
    if (url.length === origin.length) return true;
    const next = url.charCodeAt(origin.length);
    if (next === SLASH || next === QUESTION_MARK || next === HASH) return true;
  }
  return false;
}

const SLASH = 0x2f;
const QUESTION_MARK = 0x3f;
const HASH = 0x23;
