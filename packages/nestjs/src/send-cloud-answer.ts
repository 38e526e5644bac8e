import type { ServerResponse } from 'node:http';
import { sendCloudAnswer as sendToNodeResponse } from '@cloud-token/core/node';

/**
 * Sends a cloud API answer (what `CloudTokenService.fetch()` resolved) to the
 * client as it is: the cloud's status, its headers without hop-by-hop ones
 * and `Set-Cookie` (`Retry-After` kept), the body streamed, text or binary.
 * So a cloud 429 goes out as 429 with its `Retry-After`, never as a 200 with
 * the cloud's error body. Give it the Node response: the Express platform's
 * `@Res() res`, or the Fastify platform's `reply.raw`. Resolves quietly when
 * the client leaves midway; rejects when the cloud's body breaks off.
 *
 * @example
 * ```ts
 * import { CloudTokenService, sendCloudAnswer } from '@cloud-token/nestjs';
 *
 * @Get(':name/statistics')
 * async statistics(@Param('name') name: string, @Res() res: Response): Promise<void> {
 *   await sendCloudAnswer(res, await this.cloud.fetch(`words/${encodeURIComponent(name)}/statistics`));
 * }
 * ```
 */
export function sendCloudAnswer(res: ServerResponse, answer: Response): Promise<void> {
  return sendToNodeResponse(res, answer);
}
