import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from './listen-on-loopback.js';

/**
 * One request as a {@link RecordingUpstream} received it.
 *
 * @example
 * ```ts
 * const [first]: UpstreamRequest[] = upstream.requests;
 * expect(first?.headers.cookie).toBeUndefined();
 * ```
 */
export interface UpstreamRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A tiny stand-in for the cloud API that records what reaches it. Events:
 * `arrived` (a request's head is in, its body may still be coming),
 * `request` (an {@link UpstreamRequest}, once its body is read) and
 * `abandoned` (its connection closed before it answered).
 *
 * @example
 * ```ts
 * const abandoned = once(upstream.events, 'abandoned');
 * client.destroy();
 * await abandoned;
 * ```
 */
export interface RecordingUpstream extends LoopbackServer {
  readonly requests: UpstreamRequest[];
  readonly events: EventEmitter;
}

/**
 * Starts a {@link RecordingUpstream} on loopback; `answer` answers each
 * request once its body is read (or never does, to test a client that leaves).
 *
 * @example
 * ```ts
 * import { startRecordingUpstream } from '@cloud-token/core/testing';
 *
 * const upstream = await startRecordingUpstream((_request, response) => response.end('ok'));
 * // … point a proxy at upstream.url …
 * expect(upstream.requests[0]?.headers.authorization).toMatch(/^Bearer /);
 * await upstream.close();
 * ```
 */
export async function startRecordingUpstream(
  answer: (request: UpstreamRequest, response: ServerResponse) => void,
): Promise<RecordingUpstream> {
  const requests: UpstreamRequest[] = [];
  const events = new EventEmitter();
  const server = await listenOnLoopback((req, res) => {
    events.emit('arrived');
    res.on('close', () => {
      if (!res.writableFinished) events.emit('abandoned');
    });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: UpstreamRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      events.emit('request', recorded);
      answer(recorded, res);
    });
  });
  return { ...server, requests, events };
}
