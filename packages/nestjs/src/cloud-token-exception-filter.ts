import { toProblemDetails } from '@cloud-token/core/node';
import { type ArgumentsHost, Catch, type HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { CloudTokenExceptionFilterOptions } from './types.js';

/**
 * Answers cloud-token errors as RFC 9457 problem details
 * (`application/problem+json`) through the core's table: 502 when the cloud
 * failed, 503 with `Retry-After` when it rate limits, a fixed client-safe
 * `detail` per code, never a secret or a token. Every other exception goes
 * to Nest's default handling (`BaseExceptionFilter`).
 *
 * @example
 * ```ts
 * // As a provider (Nest supplies the HTTP adapter):
 * @Module({ providers: [{ provide: APP_FILTER, useClass: CloudTokenExceptionFilter }] })
 * export class AppModule {}
 *
 * // Or on the application:
 * app.useGlobalFilters(new CloudTokenExceptionFilter(app.getHttpAdapter()));
 * ```
 */
@Catch()
export class CloudTokenExceptionFilter extends BaseExceptionFilter {
  readonly #options: CloudTokenExceptionFilterOptions;

  constructor(applicationRef?: HttpServer, options: CloudTokenExceptionFilterOptions = {}) {
    super(applicationRef);
    this.#options = options;
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const answer = host.getType() === 'http' ? toProblemDetails(exception, this.#options) : undefined;
    const adapter = this.applicationRef ?? this.httpAdapterHost?.httpAdapter;
    if (answer === undefined || adapter === undefined) {
      super.catch(exception, host);
      return;
    }
    const response: unknown = host.switchToHttp().getResponse();
    if (adapter.isHeadersSent(response)) {
      adapter.end(response);
      return;
    }
    for (const [name, value] of Object.entries(answer.headers)) {
      adapter.setHeader(response, name, value);
    }
    // A string body: the adapter sends it as is, keeping the problem+json content type.
    adapter.reply(response, JSON.stringify(answer.body), answer.status);
  }
}
