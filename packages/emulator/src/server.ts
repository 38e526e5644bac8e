import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { handleApiRequest, isApiPath } from './api.js';
import type { EmulatorContext } from './context.js';
import { type ControlAccess, controlBasePath, handleControlRequest } from './control-plane.js';
import { discoveryPath, jwksPath, sendDiscoveryDocument, sendJwks } from './discovery.js';
import { BodyTooLargeError, sendJson } from './http-io.js';
import { sendProblem } from './problem-details.js';
import { handleTokenRequest, isTokenEndpointPath } from './token-endpoint.js';
import type { EmulatorControl } from './types.js';

/** Routes every request of the emulator's HTTP server. */
export function createRequestListener(
  context: EmulatorContext,
  control: EmulatorControl,
  access: ControlAccess,
): RequestListener {
  return (request, response) => {
    const path = new URL(request.url ?? '/', context.issuer).pathname;
    const isControl = path === controlBasePath || path.startsWith(`${controlBasePath}/`);
    const routed = isControl
      ? handleControlRequest(context, control, access, request, response, path)
      : route(context, request, response);
    routed.catch((error: unknown) => {
      const tooLarge = error instanceof BodyTooLargeError;
      if (isControl) {
        sendProblem(
          response,
          tooLarge
            ? {
                kind: 'body-too-large',
                title: 'Body too large',
                status: 413,
                detail: error.message,
              }
            : {
                kind: 'internal',
                title: 'Internal error',
                status: 500,
                detail: 'The emulator failed to answer',
              },
          tooLarge ? { connection: 'close' } : {},
        );
        return;
      }
      if (tooLarge) {
        sendJson(
          response,
          413,
          { error: 'invalid_request', error_description: error.message },
          { connection: 'close' },
        );
        return;
      }
      // Still an answer, never a dropped request; a client that went away gets nothing.
      sendJson(response, 500, { error: 'server_error' });
    });
  };
}

async function route(
  context: EmulatorContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', context.issuer);
  const path = url.pathname;
  if (isTokenEndpointPath(path)) {
    await handleTokenRequest(context, request, response);
  } else if (isApiPath(path)) {
    await handleApiRequest(context, request, response, url);
  } else if (path === discoveryPath && isRead(request)) {
    sendDiscoveryDocument(context, response);
  } else if (path === jwksPath && isRead(request)) {
    await sendJwks(context, response);
  } else {
    sendJson(response, 404, { error: 'not_found', error_description: `No route for ${path}` });
  }
}

function isRead(request: IncomingMessage): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}
