import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../defaults.js';
import type { Emulator } from '../types.js';

/**
 * One raw token request of {@link requestToken}.
 *
 * @example
 * ```ts
 * const wrong: TokenRequest = { clientSecret: 'wrong', auth: 'basic' };
 * ```
 */
export interface TokenRequest {
  /** Default `emulator-client`. */
  clientId?: string;
  /** Default `emulator-secret`. */
  clientSecret?: string;
  /** `post` (default) sends the credentials in the form; `basic` in the header. */
  auth?: 'post' | 'basic';
  /** Extra or replacing form fields; `undefined` drops a field. */
  form?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/**
 * The `Authorization: Basic` value of RFC 6749 §2.3.1: form-urlencode each
 * part, then base64 `id:secret`.
 *
 * @example
 * ```ts
 * await fetch(emulator.tokenUrl, { method: 'POST', headers: { authorization: basicAuthorization('id', 's') }, body });
 * ```
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/**
 * One token request the way a well-behaved client sends it, answered as it
 * is (no retry, no parsing): to drive the emulator without a client library.
 *
 * @example
 * ```ts
 * const answers = await Promise.all(Array.from({ length: 20 }, () => requestToken(emulator)));
 * expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
 * ```
 */
export function requestToken(emulator: Emulator, request: TokenRequest = {}): Promise<Response> {
  const {
    clientId = DEFAULT_CLIENT_ID,
    clientSecret = DEFAULT_CLIENT_SECRET,
    auth = 'post',
  } = request;
  const fields: Record<string, string | undefined> = {
    grant_type: 'client_credentials',
    ...(auth === 'post' ? { client_id: clientId, client_secret: clientSecret } : {}),
    ...request.form,
  };
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) body.set(name, value);
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (auth === 'basic') headers.authorization = basicAuthorization(clientId, clientSecret);
  return fetch(emulator.tokenUrl, { method: 'POST', headers, body, signal: request.signal });
}

/**
 * A fresh access token of the default client (or the one `request` names);
 * rejects when the emulator answers anything but 200.
 *
 * @example
 * ```ts
 * const token = await getAccessToken(emulator);
 * await fetch(`${emulator.apiUrl}/words/doc.docx`, { headers: { authorization: `Bearer ${token}` } });
 * ```
 */
export async function getAccessToken(emulator: Emulator, request?: TokenRequest): Promise<string> {
  const response = await requestToken(emulator, request);
  if (response.status !== 200) throw new Error(`token request answered ${response.status}`);
  const { access_token } = (await response.json()) as { access_token: string };
  return access_token;
}
