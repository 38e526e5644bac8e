import {
  type Clock,
  clientCredentials,
  cloudToken,
  cloudTokenErrorHandler,
  cloudTokenProxy,
  createTokenSource,
  type FetchLike,
  getCloudToken,
  type Logger,
  sendCloudAnswer,
  type TokenStore,
} from '@cloud-token/express';
import express, { type Express } from 'express';

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
  /** Where the token and the guard's state live; default: the process-wide memory store. */
  store?: TokenStore;
}

/** The Express application, and `close()` for its token source. */
export interface DocumentsApp {
  readonly app: Express;
  close(): void;
}

/** The cloud storage folder the documents live in. */
const folder = 'documents';

/**
 * A small documents service, and a backend-for-frontend: the browser calls
 * these routes and never holds the cloud's secret or token.
 * - `GET /api/documents`: the folder's files.
 * - `PUT /api/documents/:name`: uploads the request body to the folder.
 * - `GET /api/documents/:name`: the document's details.
 * - `GET /api/documents/:name/convert?format=pdf`: the document converted, streamed back.
 * - `GET /api/cloud-status`: whether the backend can get a token, and until when.
 * - `/cloud/*`: forwarded to the cloud API with the server-held token.
 * Cloud answers go back as they came (status, safe headers, body);
 * token failures answer as `application/problem+json` (502, or 503 with
 * `Retry-After`).
 */
export function createDocumentsApp(options: DocumentsAppOptions): DocumentsApp {
  const { apiUrl, logger, fetch, clock, store, ...credentials } = options;
  // One source for the proxy and the routes: one token, one endpoint guard.
  const source = createTokenSource(clientCredentials(credentials), {
    logger,
    fetch,
    clock,
    store,
  });
  const proxy = cloudTokenProxy({ target: apiUrl, source, fetch });
  const tokens = cloudToken({ source, baseUrl: apiUrl, fetch });
  const file = (name: string): string => `${folder}/${encodeURIComponent(name)}`;

  const app = express();
  app.disable('x-powered-by');
  // Before any body parser: the proxy reads the raw body itself.
  app.use('/cloud', proxy);
  app.use(tokens);

  app.get('/api/documents', async (req, res) => {
    await sendCloudAnswer(res, await getCloudToken(req).fetch(`words/storage/folder/${folder}`));
  });

  // Buffered, so that a 401 can replay the upload with a fresh token.
  app.put(
    '/api/documents/:name',
    express.raw({ type: () => true, limit: '20mb' }),
    async (req, res) => {
      const answer = await getCloudToken(req).fetch(`words/storage/file/${file(req.params.name)}`, {
        method: 'PUT',
        headers: { 'content-type': req.get('content-type') ?? 'application/octet-stream' },
        body: new Uint8Array(req.body as Buffer),
      });
      await sendCloudAnswer(res, answer);
    },
  );

  app.get('/api/documents/:name', async (req, res) => {
    const answer = await getCloudToken(req).fetch(
      `words/${encodeURIComponent(req.params.name)}?folder=${folder}`,
    );
    await sendCloudAnswer(res, answer);
  });

  app.get('/api/documents/:name/convert', async (req, res) => {
    const format = typeof req.query.format === 'string' ? req.query.format : 'pdf';
    const answer = await getCloudToken(req).fetch(
      `words/${encodeURIComponent(req.params.name)}?folder=${folder}&format=${encodeURIComponent(format)}`,
    );
    await sendCloudAnswer(res, answer);
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
