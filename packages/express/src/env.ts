// Opt-in global typing of `req.cloudToken`, which the cloudToken() middleware
// sets. Enable it once in your project:
//   /// <reference types="@cloud-token/express/env" />
// Nothing here runs: importing this module has no effect at runtime.
import type { CloudTokenAccessor } from '@cloud-token/core/node';

declare global {
  namespace Express {
    interface Request {
      /**
       * This request's cloud token (the same accessor as `getCloudToken(req)`),
       * or `undefined` where `cloudToken()` is not mounted.
       */
      cloudToken?: CloudTokenAccessor;
    }
  }
}
