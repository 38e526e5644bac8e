import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDocumentsApp, type DocumentsAppOptions } from './documents-app.js';

/** The documents backend, listening on loopback. */
export interface Backend {
  /** e.g. `http://127.0.0.1:40123` */
  readonly url: string;
  /** Stops listening, ends open connections and closes the token sources. */
  close(): Promise<void>;
}

/** Starts the documents backend on a free loopback port. */
export async function startBackend(options: DocumentsAppOptions): Promise<Backend> {
  const documents = createDocumentsApp(options);
  const server = createServer(documents.app.callback());
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    documents.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      try {
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          // The browser's fetch keeps connections alive; close() alone would wait for them.
          server.closeAllConnections();
        });
      } finally {
        documents.close();
      }
    },
  };
}
