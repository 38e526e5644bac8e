import type { IncomingMessage } from 'node:http';

/**
 * The call a conformance app's `/call` route makes (see
 * `runServerAdapterConformance`): where to, and the `fetch` init.
 *
 * @example
 * ```ts
 * const { url, init }: ConformanceCall = await readConformanceCall(req);
 * ```
 */
export interface ConformanceCall {
  /** The `to` query parameter: a URL relative to the adapter's `baseUrl`, or an absolute one. */
  readonly url: string;
  /** The request's method, `Content-Type` and whole body (bytes, so a 401 can replay them). */
  readonly init: RequestInit;
}

/**
 * Reads the call a conformance app's `/call` route must make from a Node
 * request: give the result to your adapter's per-request `fetch` and send
 * its answer back as it is.
 *
 * @example
 * ```ts
 * import { sendCloudAnswer } from '@cloud-token/core/node';
 * import { readConformanceCall } from '@cloud-token/core/testing';
 *
 * app.all('/call', async (req, res, next) => {
 *   try {
 *     const { url, init } = await readConformanceCall(req);
 *     await sendCloudAnswer(res, await getCloudToken(req).fetch(url, init));
 *   } catch (error) {
 *     next(error);
 *   }
 * });
 * ```
 */
export async function readConformanceCall(request: IncomingMessage): Promise<ConformanceCall> {
  const url = new URL(request.url ?? '/', 'http://conformance.invalid').searchParams.get('to');
  if (url === null) throw new TypeError('the /call route needs a "to" query parameter');
  const method = request.method ?? 'GET';
  const headers = new Headers();
  const type = request.headers['content-type'];
  if (type !== undefined) headers.set('content-type', type);
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = method === 'GET' || method === 'HEAD' ? null : Buffer.concat(chunks);
  return { url, init: { method, headers, body } };
}
