import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { apiBasePath, handleApiRequest } from './api.js';
import type { EmulatorContext } from './context.js';
import { discoveryPath, jwksPath, sendDiscoveryDocument, sendJwks } from './discovery.js';
import { BodyTooLargeError, sendJson } from './http-io.js';
import { handleTokenRequest, tokenEndpointPath } from './token-endpoint.js';

/** Routes every request of the emulator's HTTP server. */
export function createRequestListener(context: EmulatorContext): RequestListener {
  return (request, response) => {
    route(context, request, response).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        sendJson(
          response,
          413,
          { error: 'invalid_request', error_description: error.message },
          {
            connection: 'close',
          },
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
  if (path === tokenEndpointPath) {
    await handleTokenRequest(context, request, response);
  } else if (path === apiBasePath || path.startsWith(`${apiBasePath}/`)) {
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
