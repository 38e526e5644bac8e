import { createHash } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { verifyAccessToken } from './access-token.js';
import type { EmulatorContext } from './context.js';
import { canAnswer, delayAnswer, readBody, send, sendJson } from './http-io.js';
import { findProductRoute } from './product-routes.js';
import { shortenToken } from './shorten-token.js';
import type { VerifyFailure } from './signing-key.js';
import { recordApiRequest } from './stats.js';

/** The API base `Emulator.apiUrl` points to: Aspose.Words' version. */
export const apiBasePath = '/v4.0';

/**
 * Any product path `/v{version}/{product}/…` of the clouds: `/v4.0/words/…`
 * (Aspose.Words), `/v3.0/cells/…` (Aspose.Cells), `/v1/viewer/…`
 * (GroupDocs), so that a user's real routes work unchanged.
 */
const apiPathPattern = /^\/v\d+(?:\.\d+)*(?:\/|$)/;

/** Whether `path` is an API path the emulator answers. */
export function isApiPath(path: string): boolean {
  return apiPathPattern.test(path);
}

/** Large enough for any document a test uploads, small enough to stay a test server. */
export const apiRequestBodyLimit = 64 * 1024 * 1024;

const methods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

const failureDescriptions: Record<VerifyFailure | 'missing', string> = {
  missing: 'No bearer access token',
  malformed: 'The access token is not a JWT',
  invalid: 'The access token is invalid',
  expired: 'The access token expired',
  revoked: 'The access token was revoked',
};

/**
 * Any request on an API path (see {@link isApiPath}): requires a valid bearer token (RFC 6750), then
 * answers an official SDK's call the way its product would (see
 * `product-routes.ts`); any other request gets its body echoed byte for byte,
 * or, without a body, a JSON description of itself. A product's JSON object
 * answer carries that description too, so a client written against the
 * generic answer still reads its fields.
 */
export async function handleApiRequest(
  context: EmulatorContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const method = request.method ?? 'GET';
  const authorization = request.headers.authorization;
  const token = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  let bodySha256: string | undefined;
  const answered = (status: number, jti: string | undefined): void => {
    recordApiRequest(
      context.stats,
      {
        method,
        url: `${url.pathname}${url.search}`,
        status,
        jti,
        hadAuthorization: authorization !== undefined,
        tokenPreview: token === undefined ? undefined : shortenToken(token),
        bodySha256,
      },
      context.requestLogSize,
    );
  };

  if (!methods.has(method)) {
    sendJson(response, 405, { error: 'method_not_allowed' }, { allow: [...methods].join(', ') });
    answered(405, undefined);
    return;
  }
  const body = await readBody(request, apiRequestBodyLimit);
  if (body.length > 0) bodySha256 = createHash('sha256').update(body).digest('hex');
  if (!(await delayAnswer(response, context.latency.apiMs))) return;

  const verified =
    token === undefined
      ? ({ ok: false, failure: 'missing' } as const)
      : await verifyAccessToken(context, token);
  if (!verified.ok) {
    const description = failureDescriptions[verified.failure];
    sendJson(
      response,
      401,
      { error: 'invalid_token', error_description: description },
      { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` },
    );
    answered(401, undefined);
    return;
  }
  const { jti, clientId } = verified.token;
  if (!canAnswer(response)) return;

  const fault = context.apiFaults.take();
  if (fault !== undefined) {
    sendJson(
      response,
      fault.status,
      { error: STATUS_CODES[fault.status] ?? 'Emulated failure' },
      {
        'x-emulator-jti': jti,
        ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }),
      },
    );
    answered(fault.status, jti);
    return;
  }

  const description = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    clientId,
    jti,
  };
  const product = findProductRoute(method, url.pathname);
  if (product !== undefined) {
    const answer = product.route.answer({ params: product.params, query: url.searchParams, body });
    if (answer.kind === 'file') {
      send(
        response,
        200,
        { 'x-emulator-jti': jti, 'content-type': answer.contentType },
        answer.bytes,
      );
    } else {
      const merged = Array.isArray(answer.body) ? answer.body : { ...description, ...answer.body };
      sendJson(response, 200, merged, { 'x-emulator-jti': jti });
    }
  } else if (body.length > 0) {
    const contentType = request.headers['content-type'];
    send(
      response,
      200,
      {
        'x-emulator-jti': jti,
        ...(contentType === undefined ? {} : { 'content-type': contentType }),
      },
      body,
    );
  } else {
    sendJson(response, 200, description, { 'x-emulator-jti': jti });
  }
  answered(200, jti);
}
