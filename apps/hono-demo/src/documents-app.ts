import {
  type Clock,
  type CloudTokenEnv,
  clientCredentials,
  cloudToken,
  cloudTokenErrorHandler,
  cloudTokenProxy,
  createTokenSource,
  type FetchLike,
  type Logger,
} from '@cloud-token/hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { frontEndPage } from './front-end.js';

/** Where the backend gets its token and which cloud API it calls. */
export interface DocumentsAppOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /**
   * The cloud API base URL, product version included (Aspose.Words:
   * `https://api.aspose.cloud/v4.0`): routes call relative paths below it
   * (`words/…`), `/cloud/*` is forwarded to it.
   */
  apiUrl: string;
  logger?: Logger;
  /** The `fetch` token and API requests go through; default: the global one. */
  fetch?: FetchLike;
  /** The token source's clock; default: the system clock. */
  clock?: Clock;
}

/** The Hono application, and `close()` for its token source. */
export interface DocumentsApp {
  readonly app: Hono<CloudTokenEnv>;
  close(): void;
}

/** The cloud storage folder the documents live in. */
const folder = 'documents';

/** An upload larger than this is refused (413). */
const uploadLimitBytes = 20 * 1024 * 1024;

/**
 * A small documents service with a browser front end (Hono 4): the browser
 * calls these routes and never holds the cloud's secret or token.
 * - `GET /`: the front-end page.
 * - `GET /api/documents`: the folder's files.
 * - `PUT /api/documents/:name`: uploads the request body to the folder.
 * - `GET /api/documents/:name`: the document's details.
 * - `GET /api/documents/:name/convert?format=pdf`: the document converted, streamed back.
 * - `GET /api/cloud-status`: whether the backend can get a token, and until when.
 * - `/cloud/*`: forwarded to the cloud API with the server-held token.
 * Cloud answers go back as they came (the `Response` of the request's
 * `fetch`); token failures answer as `application/problem+json` (502, or
 * 503 with `Retry-After`) through `app.onError`.
 */
export function createDocumentsApp(options: DocumentsAppOptions): DocumentsApp {
  const { apiUrl, logger, fetch, clock, ...credentials } = options;
  // One source for the proxy and the routes: one token, one endpoint guard.
  const source = createTokenSource(clientCredentials(credentials), { logger, fetch, clock });
  const app = new Hono<CloudTokenEnv>();
  app.get('/', (c) => c.body(frontEndPage, 200, { 'content-type': 'text/html; charset=utf-8' }));
  app.all('/cloud/*', cloudTokenProxy({ target: apiUrl, source, fetch }));
  app.use('/api/*', cloudToken({ source, baseUrl: apiUrl, fetch }));
  app.get('/api/documents', (c) => c.var.cloudToken.fetch(`words/storage/folder/${folder}`));
  // Read whole, so that a 401 can replay the upload with a fresh token.
  app.put('/api/documents/:name', bodyLimit({ maxSize: uploadLimitBytes }), async (c) =>
    c.var.cloudToken.fetch(
      `words/storage/file/${folder}/${encodeURIComponent(c.req.param('name'))}`,
      {
        method: 'PUT',
        headers: { 'content-type': c.req.header('content-type') || 'application/octet-stream' },
        body: await c.req.arrayBuffer(),
      },
    ),
  );
  app.get('/api/documents/:name', (c) => {
    const query = new URLSearchParams({ folder });
    return c.var.cloudToken.fetch(`words/${encodeURIComponent(c.req.param('name'))}?${query}`);
  });
  app.get('/api/documents/:name/convert', (c) => {
    const query = new URLSearchParams({ folder, format: c.req.query('format') ?? 'pdf' });
    return c.var.cloudToken.fetch(`words/${encodeURIComponent(c.req.param('name'))}?${query}`);
  });
  app.get('/api/cloud-status', async (c) => {
    const token = await c.var.cloudToken.getToken();
    return c.json({ connected: true, tokenExpiresAt: new Date(token.expiresAt).toISOString() });
  });
  app.onError(cloudTokenErrorHandler());
  return {
    app,
    close() {
      source.close();
    },
  };
}
