import type { AxiosRequestConfig } from 'axios';

// axios's own test for an absolute URL: a scheme followed by `//`, or a protocol-relative `//`.
const absoluteUrl = /^([a-z][a-z\d+\-.]*:)?\/\//i;

const SLASH = 0x2f;

function joinUrl(baseUrl: string, relativeUrl: string): string {
  if (relativeUrl === '') return baseUrl;
  // One slash between them, however many either side brings.
  let end = baseUrl.length;
  while (end > 0 && baseUrl.charCodeAt(end - 1) === SLASH) end -= 1;
  let start = 0;
  while (start < relativeUrl.length && relativeUrl.charCodeAt(start) === SLASH) start += 1;
  return `${baseUrl.slice(0, end)}/${relativeUrl.slice(start)}`;
}

/**
 * Every URL a request may go to, worked out the way axios does it: `baseURL`
 * joined with `url`, except that an absolute `url` is used as it is (unless
 * `allowAbsoluteUrls: false`). The token may be attached only when every one
 * of them may receive it.
 *
 * An absolute `url` is always among them, even with `allowAbsoluteUrls:
 * false`: axios before 1.8 ignores that option and sends such a request to
 * the absolute URL's host (the way tokens leaked in CVE-2025-27152).
 * A URL that is still relative goes nowhere the token may go: a request
 * without an absolute destination never carries the token.
 *
 * @example
 * ```ts
 * requestDestinations({ baseURL: 'https://api.aspose.cloud/v4.0', url: '/words/doc.docx' });
 * // ['https://api.aspose.cloud/v4.0/words/doc.docx']
 * requestDestinations({ baseURL: 'https://api.aspose.cloud/v4.0', url: 'https://elsewhere.example/' });
 * // ['https://elsewhere.example/']
 * ```
 */
export function requestDestinations(
  config: Pick<AxiosRequestConfig, 'baseURL' | 'url' | 'allowAbsoluteUrls'>,
): string[] {
  const url = config.url ?? '';
  const baseUrl = config.baseURL;
  if (!absoluteUrl.test(url)) return [baseUrl ? joinUrl(baseUrl, url) : url];
  if (baseUrl && config.allowAbsoluteUrls === false) return [url, joinUrl(baseUrl, url)];
  return [url];
}
