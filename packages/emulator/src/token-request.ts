import type { IncomingHttpHeaders } from 'node:http';
import type { OAuthProblem } from './client-auth.js';

/** The form of a token request, or why it could not be read. */
export type TokenRequestForm =
  | { ok: true; form: URLSearchParams }
  | { ok: false; problem: OAuthProblem };

/**
 * Reads the `application/x-www-form-urlencoded` body IdentityServer requires.
 * RFC 6749 §3.2: a parameter sent twice makes the request invalid.
 */
export function readTokenRequestForm(headers: IncomingHttpHeaders, body: Buffer): TokenRequestForm {
  const mediaType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    return invalid('The body must be application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(body.toString('utf8'));
  const names = [...form.keys()];
  if (new Set(names).size !== names.length) return invalid('A parameter was sent more than once');
  return { ok: true, form };
}

function invalid(description: string): TokenRequestForm {
  return { ok: false, problem: { error: 'invalid_request', description } };
}
