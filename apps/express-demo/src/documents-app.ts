import {
  clientCredentials,
  cloudToken,
  cloudTokenErrorHandler,
  cloudTokenProxy,
  createTokenSource,
  type FetchLike,
  getCloudToken,
  type Logger,
  type TokenStore,
} from '@cloud-token/express';
import express, { type Express } from 'express';

/** Where the backend gets its token and which cloud API it calls. */
export interface DocumentsAppOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** The cloud API base URL: routes call below it, `/cloud/*` is forwarded to it. */
  apiUrl: string;
  logger?: Logger;
  /** The `fetch` token and API requests go through; default: the global one. */
  fetch?: FetchLike;
  /** Where the token and the guard's state live; default: the process-wide memory store. */
  store?: TokenStore;
}

/** The Express application, and `close()` for its token source. */
export interface DocumentsApp {
  readonly app: Express;
  close(): void;
}

/**
 * A small backend-for-frontend: the browser calls these routes and never
 * holds the cloud's secret or token.
 * - `GET /api/documents/:name`: the backend calls the cloud itself.
 * - `GET /api/cloud-status`: whether the backend can get a token, and until when.
 * - `/cloud/*`: forwarded to the cloud API with the server-held token.
 * Token failures answer as `application/problem+json` (502, or 503 with
 * `Retry-After`).
 */
export function createDocumentsApp(options: DocumentsAppOptions): DocumentsApp {
  const { apiUrl, logger, fetch, store, ...credentials } = options;
  // One source for the proxy and the routes: one token, one endpoint guard.
  const source = createTokenSource(clientCredentials(credentials), {
    logger,
    fetch,
    ...(store === undefined ? {} : { store }),
  });
  const proxy = cloudTokenProxy({ target: apiUrl, source, fetch });
  const tokens = cloudToken({ source, baseUrl: apiUrl, fetch });

  const app = express();
  app.disable('x-powered-by');
  // Before any body parser: the proxy reads the raw body itself.
  app.use('/cloud', proxy);
  app.use(tokens);

  app.get('/api/documents/:name', async (req, res) => {
    const answer = await getCloudToken(req).fetch(`words/${encodeURIComponent(req.params.name)}`);
    res.status(answer.status).json(await answer.json());
  });

  app.get('/api/cloud-status', async (req, res) => {
    const token = await getCloudToken(req).getToken();
    res.json({ connected: true, tokenExpiresAt: new Date(token.expiresAt).toISOString() });
  });

  app.use(cloudTokenErrorHandler());

  return {
    app,
    close() {
      source.close();
    },
  };
}
