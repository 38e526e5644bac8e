import type { ServerResponse } from 'node:http';
import { issueAccessToken, type TokenGrant } from './access-token.js';
import type { EmulatorContext } from './context.js';
import { send } from './http-io.js';
import { recordTokenOutcome } from './stats.js';
import { sendOAuthError, sendRateLimited, sendTokenJson } from './token-responses.js';
import type { TokenFault } from './types.js';

const html =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>' +
  '<body><h1>502 Bad Gateway</h1></body></html>';

/**
 * Plays one {@link TokenFault} instead of the normal answer. Faults that
 * answer 200 still carry a real, usable token for `grant`: a client that
 * copes with the fault must be able to call the API with it.
 */
export async function answerTokenFault(
  context: EmulatorContext,
  fault: TokenFault,
  grant: TokenGrant,
  response: ServerResponse,
): Promise<void> {
  const rateLimited =
    fault.kind === 'rate-limit' ||
    (fault.kind === 'status' && fault.status === 429) ||
    (fault.kind === 'oauth-error' && fault.status === 429);
  recordTokenOutcome(context.stats, context.timeline, rateLimited ? 'rateLimited' : 'faulted');

  switch (fault.kind) {
    case 'status':
      sendTokenJson(
        response,
        fault.status,
        { error: 'server_error' },
        fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter },
      );
      return;
    case 'oauth-error':
      sendOAuthError(response, fault.status ?? 400, fault.error, fault.description);
      return;
    case 'rate-limit':
      sendRateLimited(response, fault.retryAfter);
      return;
    case 'hang':
      // The request stays open until the client gives up or close() ends it.
      return;
    case 'reset':
      response.socket?.destroy();
      return;
    case 'malformed-json':
      send(response, 200, { 'content-type': 'application/json' }, '{"access_token": "eyJ');
      return;
    case 'html':
      send(response, 200, { 'content-type': 'text/html; charset=utf-8' }, html);
      return;
    case 'empty':
      send(response, 200, { 'content-type': 'application/json' });
      return;
    case 'missing-access-token':
      sendTokenJson(response, 200, {
        expires_in: context.tokenTtlSeconds,
        token_type: 'Bearer',
        scope: grant.scope,
      });
      return;
    case 'bad-expires-in':
      sendTokenJson(response, 200, {
        ...(await issueAccessToken(context, grant)),
        expires_in: fault.value,
      });
      return;
    case 'token-type':
      sendTokenJson(response, 200, {
        ...(await issueAccessToken(context, grant)),
        token_type: fault.value,
      });
      return;
    case 'oversized':
      sendTokenJson(response, 200, padTo(await issueAccessToken(context, grant), fault.bytes));
      return;
  }
}

/** The answer with a `padding` member making the JSON exactly `bytes` long, when it fits. */
function padTo(answer: object, bytes: number): object {
  const emptyPadding = { ...answer, padding: '' };
  const missing = bytes - Buffer.byteLength(JSON.stringify(emptyPadding));
  return missing > 0 ? { ...answer, padding: ' '.repeat(missing) } : answer;
}
