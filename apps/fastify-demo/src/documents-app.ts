import { frontEndPage } from '@cloud-token/demo-kit';
import {
  type Clock,
  clientCredentials,
  cloudToken,
  cloudTokenProxy,
  createTokenSource,
  type FetchLike,
  type Logger,
  sendCloudAnswer,
} from '@cloud-token/fastify';
import Fastify, { type FastifyInstance } from 'fastify';

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

/** The Fastify application, and `close()` for its token source. */
export interface DocumentsApp {
  readonly app: FastifyInstance;
  close(): void;
}

/** The cloud storage folder the documents live in. */
const folder = 'documents';

/** An upload larger than this is refused (413). */
const uploadLimitBytes = 20 * 1024 * 1024;

type Named = { Params: { name: string } };

/**
 * A small documents service with a browser front end (Fastify 5): the
 * browser calls these routes and never holds the cloud's secret or token.
 * - `GET /`: the front-end page.
 * - `GET /api/documents`: the folder's files.
 * - `PUT /api/documents/:name`: uploads the request body to the folder.
 * - `GET /api/documents/:name`: the document's details.
 * - `GET /api/documents/:name/convert?format=pdf`: the document converted, streamed back.
 * - `GET /api/cloud-status`: whether the backend can get a token, and until when.
 * - `/cloud/*`: forwarded to the cloud API with the server-held token.
 * Cloud answers go back as they came (`sendCloudAnswer`: status, safe
 * headers, streamed body); token failures answer as
 * `application/problem+json` (502, or 503 with `Retry-After`), by the plugin.
 */
export async function createDocumentsApp(options: DocumentsAppOptions): Promise<DocumentsApp> {
  const { apiUrl, logger, fetch, clock, ...credentials } = options;
  // One source for the proxy and the routes: one token, one endpoint guard.
  const source = createTokenSource(clientCredentials(credentials), { logger, fetch, clock });
  const app = Fastify({ bodyLimit: uploadLimitBytes, forceCloseConnections: true });
  // Uploads arrive whole, so that a 401 can replay them with a fresh token.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_r, body, done) =>
    done(null, body),
  );
  await app.register(cloudTokenProxy, { prefix: '/cloud', target: apiUrl, source, fetch });
  await app.register(cloudToken, { source, baseUrl: apiUrl, fetch });
  const nameOf = (params: { name: string }): string => encodeURIComponent(params.name);

  app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').send(frontEndPage));
  app.get('/api/documents', async (request, reply) =>
    sendCloudAnswer(reply, await request.cloudToken.fetch(`words/storage/folder/${folder}`)),
  );
  app.put<Named & { Body: Buffer }>('/api/documents/:name', async (request, reply) => {
    const answer = await request.cloudToken.fetch(
      `words/storage/file/${folder}/${nameOf(request.params)}`,
      {
        method: 'PUT',
        headers: { 'content-type': request.headers['content-type'] ?? 'application/octet-stream' },
        body: new Uint8Array(request.body),
      },
    );
    await sendCloudAnswer(reply, answer);
  });
  app.get<Named>('/api/documents/:name', async (request, reply) => {
    const query = new URLSearchParams({ folder });
    const answer = await request.cloudToken.fetch(`words/${nameOf(request.params)}?${query}`);
    await sendCloudAnswer(reply, answer);
  });
  app.get<Named & { Querystring: { format?: string } }>(
    '/api/documents/:name/convert',
    async (request, reply) => {
      const query = new URLSearchParams({ folder, format: request.query.format ?? 'pdf' });
      const answer = await request.cloudToken.fetch(`words/${nameOf(request.params)}?${query}`);
      await sendCloudAnswer(reply, answer);
    },
  );
  app.get('/api/cloud-status', async (request) => {
    const token = await request.cloudToken.getToken();
    return { connected: true, tokenExpiresAt: new Date(token.expiresAt).toISOString() };
  });

  return {
    app,
    close() {
      source.close();
    },
  };
}
