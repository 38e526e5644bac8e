import {
  type ProblemDetailsOptions,
  problemDetailsSchema,
  toProblemDetails,
} from '@cloud-token/core/node';
import { type ArgumentsHost, Catch, type HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

/**
 * Answers cloud-token errors as RFC 9457 `application/problem+json` through
 * the core's table (502, or 503 with `Retry-After`; a fixed client-safe
 * `detail`, never a secret); every other exception gets Nest's own handling.
 *
 * @example
 * ```ts
 * @Module({ providers: [{ provide: APP_FILTER, useClass: CloudTokenExceptionFilter }] })
 * // or: app.useGlobalFilters(new CloudTokenExceptionFilter(app.getHttpAdapter(), { problemType }));
 * ```
 */
@Catch()
export class CloudTokenExceptionFilter extends BaseExceptionFilter {
  readonly #options: ProblemDetailsOptions;

  constructor(applicationRef?: HttpServer, options: ProblemDetailsOptions = {}) {
    super(applicationRef);
    // Read once: toProblemDetails takes the settings as they are.
    this.#options = problemDetailsSchema.read(options);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const answer =
      host.getType() === 'http' ? toProblemDetails(exception, this.#options) : undefined;
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
}
