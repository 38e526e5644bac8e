import { Inject } from '@nestjs/common';
import { CLOUD_TOKEN_SOURCE } from './constants.js';

/**
 * Injects the module's raw `TokenSource` (`getToken`, `invalidate`, `peek`).
 *
 * @example
 * ```ts
 * constructor(@InjectTokenSource() private readonly source: TokenSource) {}
 * ```
 */
export const InjectTokenSource = (): PropertyDecorator & ParameterDecorator =>
  Inject(CLOUD_TOKEN_SOURCE);
