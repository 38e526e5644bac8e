import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from './loopback-server.js';

/** One request as the upstream received it. */
export interface UpstreamRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A tiny stand-in for the cloud API that records what reaches it. Events:
 * `arrived` (a request's head is in, its body may still be coming),
 * `request` (an `UpstreamRequest`, once its body is read) and `abandoned`
 * (its connection closed before it answered).
 */
export interface RecordingUpstream extends LoopbackServer {
  readonly requests: UpstreamRequest[];
  readonly events: EventEmitter;
}

/** Starts a recording upstream; `answer` answers each request, or never does. */
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
