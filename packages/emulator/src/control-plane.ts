import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { consolePage } from './console-page.js';
import { createConsoleState } from './console-state.js';
import type { EmulatorContext } from './context.js';
import { controlActions, type JsonObject } from './control-actions.js';
import { readBody, send, sendJson } from './http-io.js';
import { isLoopbackHost } from './loopback-host.js';
import { isLoopbackPeer } from './loopback-peer.js';
import { invalidField, type Problem, sendProblem } from './problem-details.js';
import type { EmulatorControl } from './types.js';
import { argumentOf } from './validate.js';

/** Where the control plane lives: no cloud route starts with an underscore. */
export const controlBasePath = '/_emulator';

/** A control request is a few hundred bytes of JSON. */
const controlBodyLimit = 64 * 1024;

/** Who may use the control plane. */
export interface ControlAccess {
  /** When set, every control request needs `Authorization: Bearer <token>`. */
  controlToken: string | undefined;
}

/**
 * Serves `/_emulator/…`: the console page, the stats and console state as
 * JSON, and a POST endpoint per control switch. Answers loopback peers that
 * address it by a loopback name (see `isLoopbackHost`), unless a control
 * token was given at start; then it answers whoever carries the token.
 */
export async function handleControlRequest(
  context: EmulatorContext,
  control: EmulatorControl,
  access: ControlAccess,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  const denied = checkAccess(access, request, path);
  if (denied !== undefined) {
    sendProblem(response, denied.problem, denied.headers);
    return;
  }
  const route = path.slice(controlBasePath.length);
  const method = request.method ?? 'GET';

  if (route === '' && isRead(method)) {
    // Relative links in the page need the trailing slash.
    send(response, 308, { location: `${controlBasePath}/` });
    return;
  }
  if (route === '/' || route === '/stats' || route === '/state') {
    if (!isRead(method)) {
      sendProblem(response, methodNotAllowed(method, 'GET'), { allow: 'GET, HEAD' });
      return;
    }
    if (route === '/') {
      send(
        response,
        200,
        {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          // Everything is inline; nothing may load from elsewhere.
          'content-security-policy':
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src data:",
        },
        consolePage,
      );
    } else if (route === '/stats') {
      sendJson(response, 200, context.stats, { 'cache-control': 'no-store' });
    } else {
      sendJson(response, 200, createConsoleState(context), { 'cache-control': 'no-store' });
    }
    return;
  }

  const action = controlActions.get(route.slice(1));
  if (action === undefined || route.indexOf('/', 1) !== -1) {
    sendProblem(response, {
      kind: 'not-found',
      title: 'No such control endpoint',
      status: 404,
      detail: `${path} is not a control endpoint; GET ${controlBasePath}/ shows the console`,
    });
    return;
  }
  if (method !== 'POST') {
    sendProblem(response, methodNotAllowed(method, 'POST'), { allow: 'POST' });
    return;
  }
  const body = parseJsonObject(await readBody(request, controlBodyLimit));
  if (!body.ok) {
    sendProblem(response, body.problem);
    return;
  }
  const fields = typeof action.fields === 'function' ? action.fields(body.value) : action.fields;
  const unknown = Object.keys(body.value).find((field) => !fields.includes(field));
  if (unknown !== undefined) {
    const known = fields.length === 0 ? 'none' : fields.join(', ');
    sendProblem(response, invalidField(unknown, `is not a known field (known: ${known})`));
    return;
  }
  let result: unknown;
  try {
    result = action.run(control, body.value, context);
  } catch (error) {
    const argument = argumentOf(error);
    if (argument === undefined) throw error;
    sendProblem(response, invalidField(fieldOf(argument), reasonOf(error as Error, argument)));
    return;
  }
  sendJson(response, 200, { ok: true, ...(result as object) }, { 'cache-control': 'no-store' });
}

/** `failApiRequests fault.status` → `status`; `addClient client` (the whole body) → `body`. */
function fieldOf(argument: string): string {
  const path = argument.slice(argument.indexOf(' ') + 1);
  const field = path.replace(/^(fault|client|latency)\.?/, '');
  return field === '' ? 'body' : field;
}

function reasonOf(error: Error, argument: string): string {
  return error.message.startsWith(argument)
    ? error.message.slice(argument.length + 1)
    : error.message;
}

function parseJsonObject(
  bytes: Buffer,
): { ok: true; value: JsonObject } | { ok: false; problem: Problem } {
  const text = bytes.toString('utf8').trim();
  if (text === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: invalidField('body', 'is not valid JSON') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: invalidField('body', 'must be a JSON object') };
  }
  return { ok: true, value: value as JsonObject };
}

function checkAccess(
  access: ControlAccess,
  request: IncomingMessage,
  path: string,
): { problem: Problem; headers?: Record<string, string> } | undefined {
  // A web page on another origin must not flip switches through the user's browser.
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${request.headers.host ?? ''}`) {
    return { problem: forbidden('Requests from another origin are refused') };
  }
  if (access.controlToken === undefined) {
    const { remoteAddress, localPort = 0 } = request.socket;
    if (isLoopbackPeer(remoteAddress) && isLoopbackHost(request.headers.host, localPort)) {
      return undefined;
    }
    return {
      problem: forbidden(
        `The control plane answers loopback peers only, addressed as localhost:${localPort}, 127.0.0.1:${localPort} or [::1]:${localPort}; start the emulator with a control token to open it`,
      ),
    };
  }
  // The page itself holds no data; it asks for the token and sends it with every call.
  if (path === `${controlBasePath}/` || path === controlBasePath) return undefined;
  const given = /^bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (given !== undefined && sameSecret(given, access.controlToken)) return undefined;
  return {
    problem: {
      kind: 'unauthorized',
      title: 'Control token required',
      status: 401,
      detail: 'Send the control token given at start as Authorization: Bearer <token>',
    },
    headers: { 'www-authenticate': 'Bearer realm="cloud-token-emulator-control"' },
  };
}

/** Compared as digests: equal length, constant time, whatever was sent. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

function forbidden(detail: string): Problem {
  return { kind: 'forbidden', title: 'Control plane closed to this request', status: 403, detail };
}

function methodNotAllowed(method: string, allowed: string): Problem {
  return {
    kind: 'method-not-allowed',
    title: 'Method not allowed',
    status: 405,
    detail: `${method} is not allowed here; use ${allowed}`,
  };
}
