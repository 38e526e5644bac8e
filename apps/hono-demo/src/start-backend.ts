import { listenOnLoopback, type TourBackend } from '@cloud-token/demo-kit';
import { getRequestListener } from '@hono/node-server';
import { createDocumentsApp, type DocumentsAppOptions } from './documents-app.js';

/** The documents backend, listening on loopback. */
export type Backend = TourBackend;

/** Starts the documents backend on a free loopback port, on Node through `@hono/node-server`. */
export function startBackend(options: DocumentsAppOptions): Promise<Backend> {
  const documents = createDocumentsApp(options);
  return listenOnLoopback(getRequestListener(documents.app.fetch), () => documents.close());
}
