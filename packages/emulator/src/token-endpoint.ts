import type { IncomingMessage, ServerResponse } from 'node:http';
import { issueAccessToken, type TokenGrant } from './access-token.js';
import { type ClientCredentials, type OAuthProblem, readClientCredentials } from './client-auth.js';
import type { RegisteredClient } from './client-registry.js';
import type { EmulatorContext } from './context.js';
import { DEFAULT_SCOPE } from './defaults.js';
import { delayAnswer, readBody } from './http-io.js';
import { recordTokenOutcome } from './stats.js';
import { answerTokenFault } from './token-faults.js';
import { readTokenRequestForm, type TokenRequestForm } from './token-request.js';
import { sendOAuthError, sendRateLimited, sendTokenJson } from './token-responses.js';

/** Where IdentityServer serves the token endpoint. */
export const tokenEndpointPath = '/connect/token';

/**
 * Every path the token endpoint answers: IdentityServer's, and the one the
 * official Words SDK posts to from 23.11 on (`<base>/v4.0/words/connect/token`).
 * The other SDKs post to `<base>/connect/token` (PDF strips `/v3.0` from its
 * base first, Slides uses its `authBaseUrl`).
 */
export const tokenEndpointPaths: readonly string[] = Object.freeze([
  tokenEndpointPath,
  '/v4.0/words/connect/token',
]);

/** Whether `path` is one of {@link tokenEndpointPaths}. */
export function isTokenEndpointPath(path: string): boolean {
  return tokenEndpointPaths.includes(path);
}

/** A token request is a few hundred bytes; anything near this is not one. */
export const tokenRequestBodyLimit = 64 * 1024;

type Evaluation = { ok: true; grant: TokenGrant } | { ok: false; problem: OAuthProblem };

/**
 * `POST /connect/token` (or an SDK's own token path, {@link tokenEndpointPaths})
 * as IdentityServer answers it: latency, then a queued
 * fault, then the lockout rule, then the request itself.
 */
export async function handleTokenRequest(
  context: EmulatorContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { stats, tokenRequestGauge } = context;
  tokenRequestGauge.enter();
  response.once('close', () => tokenRequestGauge.leave());
  stats.tokenRequests.total += 1;

  if (request.method !== 'POST') {
    sendOAuthError(response, 405, 'invalid_request', 'The token endpoint accepts POST only', {
      allow: 'POST',
    });
    return;
  }
  const read = readTokenRequestForm(
    request.headers,
    await readBody(request, tokenRequestBodyLimit),
  );
  const form = read.ok ? read.form : new URLSearchParams();
  const credentials = readClientCredentials(request.headers, form);
  if (credentials.method !== undefined) stats.tokenRequests.byAuthMethod[credentials.method] += 1;

  if (!(await delayAnswer(response, context.latency.tokenMs))) return;

  const fault = context.tokenFaults.take();
  if (fault !== undefined) {
    const grant: TokenGrant = {
      clientId: credentials.clientId,
      scope: context.clients.find(credentials.clientId)?.scope ?? DEFAULT_SCOPE,
      resource: form.get('resource') ?? undefined,
    };
    await answerTokenFault(context, fault, grant, response);
    return;
  }

  const retryAfter = context.lockout.retryAfter(credentials);
  if (retryAfter !== undefined) {
    recordTokenOutcome(stats, context.timeline, 'rateLimited');
    sendRateLimited(response, retryAfter);
    return;
  }

  const evaluation = evaluate(context, read, credentials);
  if (!evaluation.ok) {
    recordTokenOutcome(stats, context.timeline, 'rejected');
    context.lockout.recordFailure(credentials);
    // IdentityServer answers 400 even for invalid_client.
    sendOAuthError(response, 400, evaluation.problem.error, evaluation.problem.description);
    return;
  }
  const answer = await issueAccessToken(context, evaluation.grant);
  recordTokenOutcome(stats, context.timeline, 'issued');
  context.lockout.recordSuccess(credentials);
  sendTokenJson(response, 200, answer);
}

function evaluate(
  context: EmulatorContext,
  read: TokenRequestForm,
  credentials: ClientCredentials,
): Evaluation {
  if (!read.ok) return read;
  if (credentials.problem !== undefined) return { ok: false, problem: credentials.problem };
  // One description for an unknown id and a wrong secret: no oracle for either.
  const client = context.clients.authenticate(credentials.clientId, credentials.clientSecret);
  if (client === undefined) return fail('invalid_client', 'Client authentication failed');
  const grantType = read.form.get('grant_type');
  if (grantType === null || grantType === '') {
    return fail('invalid_request', 'grant_type is missing');
  }
  if (grantType !== 'client_credentials') {
    return fail('unsupported_grant_type', 'Only client_credentials is supported');
  }
  const scope = grantedScope(read.form.get('scope'), client);
  if (scope === undefined) return fail('invalid_scope', 'The client may not request this scope');
  return {
    ok: true,
    grant: { clientId: client.clientId, scope, resource: read.form.get('resource') ?? undefined },
  };
}

/** The requested scope when the client holds all of it; everything it holds when none is asked. */
function grantedScope(requested: string | null, client: RegisteredClient): string | undefined {
  const wanted = (requested ?? '').split(' ').filter((item) => item !== '');
  if (wanted.length === 0) return client.scope;
  const held = new Set(client.scope.split(' '));
  return wanted.every((item) => held.has(item)) ? wanted.join(' ') : undefined;
}

function fail(error: string, description: string): Evaluation {
  return { ok: false, problem: { error, description } };
}
