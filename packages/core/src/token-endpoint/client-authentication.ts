import type { ClientCredentialsGrant } from '../types.js';

/**
 * Encodes `value` for an `application/x-www-form-urlencoded` context, as RFC
 * 6749 §2.3.1 requires for the client id and secret before they go into an
 * HTTP Basic header. A space becomes `%20` rather than `+`: every form
 * decoder reads both, while servers that merely percent-decode the Basic
 * credentials would misread a `+`.
 *
 * @example
 * ```ts
 * formUrlEncode('pä$$+&=%:ß✓'); // 'p%C3%A4%24%24%2B%26%3D%25%3A%C3%9F%E2%9C%93'
 * ```
 */
export function formUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*~]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The `Authorization` header value of `client_secret_basic` (RFC 6749
 * §2.3.1): `Basic base64(formUrlEncode(id) ":" formUrlEncode(secret))`.
 *
 * @example
 * ```ts
 * headers.authorization = basicAuthorization(grant.clientId, grant.clientSecret.reveal());
 * ```
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  // Both halves are ASCII once form-encoded, so btoa cannot meet a wide character.
  return `Basic ${btoa(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`)}`;
}

/**
 * Adds the client's authentication to a token request: id and secret in the
 * form body (`client_secret_post`) or an HTTP Basic header
 * (`client_secret_basic`, and then no secret in the body).
 *
 * @example
 * ```ts
 * const form = new URLSearchParams({ grant_type: 'client_credentials' });
 * const headers: Record<string, string> = {};
 * authenticateClient(grant, form, headers);
 * ```
 */
export function authenticateClient(
  grant: ClientCredentialsGrant,
  form: URLSearchParams,
  headers: Record<string, string>,
): void {
  if (grant.authMethod === 'client_secret_basic') {
    headers.authorization = basicAuthorization(grant.clientId, grant.clientSecret.reveal());
    return;
  }
  form.set('client_id', grant.clientId);
  form.set('client_secret', grant.clientSecret.reveal());
}

/**
 * Every shape in which the grant's secret leaves the process: as is,
 * form-encoded (both ways a space can be written) and inside the Basic
 * header. Text that comes back from the server is scrubbed of all of them.
 *
 * @example
 * ```ts
 * const description = scrubText(raw, secretForms(grant), 200);
 * ```
 */
export function secretForms(grant: ClientCredentialsGrant): string[] {
  const secret = grant.clientSecret.reveal();
  const basic = basicAuthorization(grant.clientId, secret).slice('Basic '.length);
  const urlSearchParamsForm = new URLSearchParams({ s: secret }).toString().slice(2);
  return [...new Set([basic, urlSearchParamsForm, formUrlEncode(secret), secret])];
}
