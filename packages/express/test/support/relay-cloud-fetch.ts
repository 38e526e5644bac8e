import { getCloudToken } from '@cloud-token/express';
import type { NextFunction, Request, Response } from 'express';

/**
 * An Express 4-safe route (Express 4 ignores a rejected promise, so it hands
 * its own failures to `next()`): it calls the cloud API at `path` through
 * `getCloudToken(req).fetch` and answers with the API's status and JSON body.
 *
 * @example
 * ```ts
 * app.get('/words', relayCloudFetch('words/x'));
 * ```
 */
export function relayCloudFetch(
  path: string,
): (req: Request, res: Response, next: NextFunction) => Promise<void> {
  return async (req, res, next) => {
    try {
      const answer = await getCloudToken(req).fetch(path);
      res.status(answer.status).json(await answer.json());
    } catch (error) {
      next(error);
    }
  };
}
