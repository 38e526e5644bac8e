import { Inject } from '@nestjs/common';
import { CLOUD_TOKEN_SOURCE } from './constants.js';

/**
 * Injects the module's raw `TokenSource` (`getToken`, `invalidate`, `peek`).
 *
 * @example
 * ```ts
 * @Injectable()
 * export class ReadinessProbe {
 *   constructor(@InjectTokenSource() private readonly source: TokenSource) {}
 *   ready(): boolean {
 *     return this.source.peek() !== undefined;
 *   }
 * }
 * ```
 */
export function InjectTokenSource(): PropertyDecorator & ParameterDecorator {
  return Inject(CLOUD_TOKEN_SOURCE);
}
