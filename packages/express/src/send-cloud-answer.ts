import type { ServerResponse } from 'node:http';
import { sendCloudAnswer as sendToNodeResponse } from '@cloud-token/core/node';

/**
 * Sends a cloud API answer (what `getCloudToken(req).fetch()` resolved) to
 * the browser as it is: status, headers without hop-by-hop ones and
 * `Set-Cookie` (`Retry-After` kept), body streamed, text or binary. Resolves
 * quietly when the browser leaves midway; rejects (for `next(err)`) when the
 * cloud's body breaks off.
 *
 * @example
 * ```ts
 * import { getCloudToken, sendCloudAnswer } from '@cloud-token/express';
 *
 * app.get('/documents/:name.pdf', async (req, res, next) => {
 *   try {
 *     const answer = await getCloudToken(req).fetch(`words/${encodeURIComponent(req.params.name)}?format=pdf`);
 *     await sendCloudAnswer(res, answer);
 *   } catch (error) {
 *     next(error);
 *   }
 * });
 * ```
 */
export function sendCloudAnswer(res: ServerResponse, answer: Response): Promise<void> {
  return sendToNodeResponse(res, answer);
}
