import type { TourBackend } from '@cloud-token/demo-kit';
import { createDocumentsApp, type DocumentsAppOptions } from './documents-app.js';

/** The documents backend, listening on loopback. */
export type Backend = TourBackend;

/**
 * Starts the documents backend on a free loopback port. `close()` closes the
 * app (Fastify ends the browser's kept-alive connections), then the source.
 */
export async function startBackend(options: DocumentsAppOptions): Promise<Backend> {
  const documents = await createDocumentsApp(options);
  try {
    await documents.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    documents.close();
    throw error;
  }
  const address = documents.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      try {
        await documents.app.close();
      } finally {
        documents.close();
      }
    },
  };
}
