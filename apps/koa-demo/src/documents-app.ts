import { frontEndPage } from '@cloud-token/demo-kit';
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
} from '@cloud-token/koa';
import Router from '@koa/router';
import Koa from 'koa';

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

/** The Koa application, and `close()` for its token source. */
export interface DocumentsApp {
  readonly app: Koa;
  close(): void;
}

/** The cloud storage folder the documents live in. */
const folder = 'documents';

/** An upload larger than this is refused (413). */
const uploadLimitBytes = 20 * 1024 * 1024;

async function readBody(ctx: Koa.Context): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    ctx.assert(size <= uploadLimitBytes, 413, 'upload too large');
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A small documents service with a browser front end (Koa 3 and
 * `@koa/router`): the browser calls these routes and never holds the
 * cloud's secret or token.
 * - `GET /`: the front-end page.
 * - `GET /api/documents`: the folder's files.
 * - `PUT /api/documents/:name`: uploads the request body to the folder.
 * - `GET /api/documents/:name`: the document's details.
 * - `GET /api/documents/:name/convert?format=pdf`: the document converted, streamed back.
 * - `GET /api/cloud-status`: whether the backend can get a token, and until when.
 * - `/cloud/*`: forwarded to the cloud API with the server-held token.
 * Cloud answers go back as they came (`sendCloudAnswer`: status, safe
 * headers, streamed body); token failures answer as
 * `application/problem+json` (502, or 503 with `Retry-After`).
 */
export function createDocumentsApp(options: DocumentsAppOptions): DocumentsApp {
  const { apiUrl, logger, fetch, clock, ...credentials } = options;
  // One source for the proxy and the routes: one token, one endpoint guard.
  const source = createTokenSource(clientCredentials(credentials), { logger, fetch, clock });
  // `:name` always matches in these routes; the router's types leave it optional.
  const nameOf = (ctx: { params: Record<string, string | undefined> }): string =>
    encodeURIComponent(ctx.params.name ?? '');

  const router = new Router();
  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = frontEndPage;
  });
  router.get('/api/documents', async (ctx) => {
    await sendCloudAnswer(ctx, await getCloudToken(ctx).fetch(`words/storage/folder/${folder}`));
  });
  // Read whole, so that a 401 can replay the upload with a fresh token.
  router.put('/api/documents/:name', async (ctx) => {
    const answer = await getCloudToken(ctx).fetch(`words/storage/file/${folder}/${nameOf(ctx)}`, {
      method: 'PUT',
      headers: { 'content-type': ctx.get('content-type') || 'application/octet-stream' },
      body: await readBody(ctx),
    });
    await sendCloudAnswer(ctx, answer);
  });
  router.get('/api/documents/:name', async (ctx) => {
    const query = new URLSearchParams({ folder });
    const answer = await getCloudToken(ctx).fetch(`words/${nameOf(ctx)}?${query}`);
    await sendCloudAnswer(ctx, answer);
  });
  router.get('/api/documents/:name/convert', async (ctx) => {
    const format = typeof ctx.query.format === 'string' ? ctx.query.format : 'pdf';
    const query = new URLSearchParams({ folder, format });
    const answer = await getCloudToken(ctx).fetch(`words/${nameOf(ctx)}?${query}`);
    await sendCloudAnswer(ctx, answer);
  });
  router.get('/api/cloud-status', async (ctx) => {
    const token = await getCloudToken(ctx).getToken();
    ctx.body = { connected: true, tokenExpiresAt: new Date(token.expiresAt).toISOString() };
  });

  const app = new Koa();
  app.use(cloudTokenErrorHandler());
  // Before any body parser: the proxy reads the raw body itself.
  app.use(cloudTokenProxy({ target: apiUrl, prefix: '/cloud', source, fetch }));
  app.use(cloudToken({ source, baseUrl: apiUrl, fetch }));
  app.use(router.routes());
  app.use(router.allowedMethods());

  return {
    app,
    close() {
      source.close();
    },
  };
}
