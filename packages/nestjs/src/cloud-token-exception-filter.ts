import { createErrorReporter } from '@cloud-token/core/adapter';
import {
  type ErrorHandlerOptions,
  type ErrorHandlerSettings,
  type ProblemAnswer,
  resolveErrorHandlerOptions,
  toCloudFailureProblem,
  toProblemDetails,
} from '@cloud-token/core/node';
import { type ArgumentsHost, Catch, type HttpServer, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { boundCallFailureOf } from './bound-call-failure.js';

/**
 * Answers cloud-token errors as RFC 9457 `application/problem+json` through
 * the core's table (502, or 503 with `Retry-After`; a fixed client-safe
 * `detail`, never a secret), as the Express and Koa handlers do. A call
 * through an `HttpService` with `CloudTokenHttpBinding` that failed, and
 * that the application left unhandled, is answered as the routes and the
 * proxy answer that fault: the cloud's 429 or 503 with its `Retry-After`,
 * 502 for any other failure. Every other exception (an `HttpException`, an
 * axios error of your own) gets Nest's own handling.
 *
 * What it answered is logged: with `logger`, every cloud-token error at
 * `error`; without one, each cause once (a wrong secret, a misconfiguration:
 * one line naming the code, however many requests fail) through Nest's
 * `Logger`. Nothing logged carries a secret or a token.
 *
 * @example
 * ```ts
 * @Module({ providers: [{ provide: APP_FILTER, useClass: CloudTokenExceptionFilter }] })
 * // or: app.useGlobalFilters(new CloudTokenExceptionFilter(app.getHttpAdapter(), { problemType }));
 * ```
 */
@Catch()
export class CloudTokenExceptionFilter extends BaseExceptionFilter {
  readonly #settings: ErrorHandlerSettings;
  readonly #report: (error: unknown, context: undefined) => void;

  // A rest parameter: the constructor declares no parameter for Nest to inject. Registered
  // with APP_FILTER, Nest makes it without arguments (BaseExceptionFilter finds the HTTP
  // adapter itself); a declared one, without decorator metadata, makes NestJS 12 warn.
  constructor(
    ...[applicationRef, options = {}]: [applicationRef?: HttpServer, options?: ErrorHandlerOptions]
  ) {
    super(applicationRef);
    // Read once: toProblemDetails takes the settings as they are.
    this.#settings = resolveErrorHandlerOptions(options);
    const logger = new Logger('CloudTokenExceptionFilter');
    this.#report = createErrorReporter(this.#settings.logger, (_error, line) => logger.error(line));
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const answer = host.getType() === 'http' ? this.#answerTo(exception) : undefined;
    const adapter = this.applicationRef ?? this.httpAdapterHost?.httpAdapter;
    const response: unknown = host.switchToHttp().getResponse();
    if (answer === undefined || adapter === undefined) {
      super.catch(exception, host);
    } else if (adapter.isHeadersSent(response)) {
      adapter.end(response);
    } else {
      for (const [name, value] of Object.entries(answer.headers))
        adapter.setHeader(response, name, value);
      // A string body: the adapter sends it as is, keeping the problem+json content type.
      adapter.reply(response, JSON.stringify(answer.body), answer.status);
    }
  }

  /** The problem answer to a cloud-token error or a failed bound call; `undefined` for the rest. */
  #answerTo(exception: unknown): ProblemAnswer | undefined {
    const answer = toProblemDetails(exception, this.#settings);
    if (answer !== undefined) {
      this.#report(exception, undefined);
      return answer;
    }
    const failure = boundCallFailureOf(exception);
    return failure === undefined ? undefined : toCloudFailureProblem(failure, this.#settings);
  }
}
