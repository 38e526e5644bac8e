import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Transform } from 'node:stream';
import type { Dispatcher } from 'undici';
import { clientDisconnectError } from './client-disconnect.js';
import { contentDecoder } from './content-decoder.js';
import { rawResponseHeadersToReturn } from './proxy-headers.js';
import { endedElsewhere } from './send-cloud-answer.js';

type DispatchController = Dispatcher.DispatchController;

/**
 * One proxied exchange on undici's dispatcher API: watches the client from
 * the moment the request arrives (one `close` listener, no `AbortController`)
 * and, as the dispatch handler, writes the cloud's answer straight onto the
 * Node response: status, headers without hop-by-hop ones and `Set-Cookie`,
 * the body chunk by chunk, pausing the cloud while the client reads slowly.
 * A body the cloud compressed although the proxy asked for none (gzip,
 * deflate, br) is decoded on the way, as `fetch` did, so the browser gets
 * the document itself whatever it accepts.
 *
 * {@link relay} resolves once the answer is sent, or quietly once the client
 * has left (the cloud request is then aborted); it rejects with the
 * dispatcher's error when no answer started (a token error, the cloud out of
 * reach), and when the cloud's body breaks off midway (the client's
 * connection is then ended too), or with `ERR_USAGE` when other code ends
 * the response first.
 */
export class CloudAnswerRelay implements Dispatcher.DispatchHandler {
  readonly #response: ServerResponse;
  #controller: DispatchController | undefined = undefined;
  #resolve: (() => void) | undefined = undefined;
  #reject: ((error: unknown) => void) | undefined = undefined;
  #resume: (() => void) | undefined = undefined;
  #decoder: Transform | undefined = undefined;
  #clientLeft = false;
  #done = false;
  #headWritten = false;
  readonly #onClose = (): void => this.#closed();

  constructor(response: ServerResponse) {
    this.#response = response;
    // `on`, not `once`: a response closes once, and `once` would wrap the listener.
    if (response.closed) this.#closed();
    else response.on('close', this.#onClose);
  }

  /** Whether the client went away before its answer was complete. */
  get clientLeft(): boolean {
    return this.#clientLeft;
  }

  /** Sends `options` through `dispatcher` and relays the answer. */
  relay(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions): Promise<void> {
    if (this.#done) return this.#clientLeft ? Promise.resolve() : Promise.reject(endedElsewhere());
    return new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      dispatcher.dispatch(options, this);
    });
  }

  /** Stops watching the client. */
  stop(): void {
    this.#response.off('close', this.#onClose);
  }

  #closed(): void {
    if (this.#done) return;
    const response = this.#response;
    // Our own destroy(error) after the cloud broke off: already reported.
    if (response.errored) return;
    if (response.writableFinished) {
      this.#fail(endedElsewhere());
      return;
    }
    this.#clientLeft = true;
    this.#finish();
    this.#controller?.abort(clientDisconnectError());
  }

  #finish(): void {
    this.#done = true;
    this.#decoder?.destroy();
    this.#resolve?.();
  }

  #fail(error: unknown): void {
    this.#done = true;
    this.#decoder?.destroy();
    this.#controller?.abort(error instanceof Error ? error : new Error(String(error)));
    this.#reject?.(error);
  }

  /** The body broke off (the cloud's connection, its encoding): end the client's connection too, so the cut shows. */
  #broke(error: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#decoder?.destroy();
    this.#controller?.abort(error);
    if (!this.#response.writableEnded) this.#response.destroy(error);
    this.#reject?.(error);
  }

  #decodeInto(decoder: Transform): void {
    this.#decoder = decoder;
    decoder.on('error', (error) => this.#broke(error));
    // pipe() ends the response with the decoded body, waiting for `drain` as it goes.
    decoder.pipe(this.#response);
    decoder.on('end', () => this.#finish());
  }

  onRequestStart(controller: DispatchController): void {
    this.#controller = controller;
    if (this.#clientLeft) controller.abort(clientDisconnectError());
  }

  onResponseStart(
    _controller: DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    if (statusCode < 200 || this.#done) return;
    if (this.#response.writableEnded) {
      this.#fail(endedElsewhere());
      return;
    }
    const decoder = contentDecoder(headers['content-encoding']);
    try {
      this.#response.writeHead(
        statusCode,
        rawResponseHeadersToReturn(headers, decoder !== undefined),
      );
    } catch (error) {
      // Node refuses some header values the cloud may send; free the cloud's connection anyway.
      this.#fail(error);
      return;
    }
    this.#headWritten = true;
    if (decoder !== undefined) this.#decodeInto(decoder);
  }

  onResponseData(controller: DispatchController, chunk: Buffer): void {
    if (this.#done) return;
    const response = this.#response;
    if (response.writableEnded) {
      this.#fail(endedElsewhere());
      return;
    }
    const sink = this.#decoder ?? response;
    if (!sink.write(chunk)) {
      controller.pause();
      this.#resume ??= () => this.#controller?.resume();
      sink.once('drain', this.#resume);
    }
  }

  onResponseEnd(): void {
    if (this.#done) return;
    // A decoder ends the response once it has flushed (see #decodeInto).
    if (this.#decoder !== undefined) {
      this.#decoder.end();
      return;
    }
    this.#response.end();
    this.#finish();
  }

  onResponseError(_controller: DispatchController, error: Error): void {
    if (this.#done) return;
    if (this.#headWritten) {
      this.#broke(error);
      return;
    }
    this.#done = true;
    this.#reject?.(error);
  }
}
