import { listenOnLoopback, type TourBackend } from '@cloud-token/demo-kit';
import { createDocumentsApp, type DocumentsAppOptions } from './documents-app.js';

/** The documents backend, listening on loopback. */
export type Backend = TourBackend;

/** Starts the documents backend on a free loopback port. */
export function startBackend(options: DocumentsAppOptions): Promise<Backend> {
  const documents = createDocumentsApp(options);
  return listenOnLoopback(documents.app.callback(), () => documents.close());
}
