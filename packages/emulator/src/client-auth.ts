import type { IncomingHttpHeaders } from 'node:http';

/** How a token request authenticated its client (RFC 6749 §2.3.1). */
export type ClientAuthMethod = 'client_secret_post' | 'client_secret_basic';

/** An RFC 6749 §5.2 error, before it is sent. */
export interface OAuthProblem {
  error: string;
  description: string;
}

/** The client credentials a token request carried, as far as they could be read. */
export interface ClientCredentials {
  method: ClientAuthMethod | undefined;
  /** Empty when the request named none. */
  clientId: string;
  /** Empty when the request carried none. */
  clientSecret: string;
  problem: OAuthProblem | undefined;
}

/**
 * Reads `client_secret_basic` (the `Authorization: Basic` header) or
 * `client_secret_post` (form fields). RFC 6749 §2.3 forbids using both.
 */
export function readClientCredentials(
  headers: IncomingHttpHeaders,
  form: URLSearchParams,
): ClientCredentials {
  const basic = /^basic\s+(.*)$/is.exec(headers.authorization ?? '')?.[1];
  if (basic !== undefined) {
    const credentials = decodeBasicCredentials(basic.trim());
    if (credentials.problem === undefined && form.has('client_secret')) {
      return problem(credentials, 'invalid_request', 'Use one client authentication method');
    }
    return credentials;
  }
  const credentials: ClientCredentials = {
    method: form.has('client_secret') ? 'client_secret_post' : undefined,
    clientId: form.get('client_id') ?? '',
    clientSecret: form.get('client_secret') ?? '',
    problem: undefined,
  };
  if (credentials.clientId === '' || credentials.clientSecret === '') {
    return problem(credentials, 'invalid_client', 'No client credentials found');
  }
  return credentials;
}

function decodeBasicCredentials(encoded: string): ClientCredentials {
  const none: ClientCredentials = {
    method: 'client_secret_basic',
    clientId: '',
    clientSecret: '',
    problem: undefined,
  };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    return problem(none, 'invalid_client', 'Malformed Basic credentials');
  }
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return problem(none, 'invalid_client', 'Malformed Basic credentials');
  return {
    ...none,
    clientId: decodeFormComponent(decoded.slice(0, colon)),
    clientSecret: decodeFormComponent(decoded.slice(colon + 1)),
  };
}

/**
 * RFC 6749 §2.3.1 form-urlencodes id and secret before base64. Like
 * IdentityServer, a part that is not valid percent-encoding is taken as it is.
 */
function decodeFormComponent(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    return value;
  }
}

function problem(
  credentials: ClientCredentials,
  error: string,
  description: string,
): ClientCredentials {
  return { ...credentials, problem: { error, description } };
}
