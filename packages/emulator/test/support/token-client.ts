import type { Emulator } from '@cloud-token/emulator';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';

export interface TokenRequest {
  clientId?: string;
  clientSecret?: string;
  /** `post` (default) sends the credentials in the form; `basic` in the header. */
  auth?: 'post' | 'basic';
  /** Extra or replacing form fields; `undefined` drops a field. */
  form?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/** RFC 6749 §2.3.1: form-urlencode each part, then base64 `id:secret`. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/** One token request the way a well-behaved client sends it. */
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

/** A fresh access token of the default client. */
export async function getAccessToken(emulator: Emulator, request?: TokenRequest): Promise<string> {
  const response = await requestToken(emulator, request);
  if (response.status !== 200) throw new Error(`token request answered ${response.status}`);
  const { access_token } = (await response.json()) as { access_token: string };
  return access_token;
}
