import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import type { DocumentsSettings } from './documents-settings.js';

/** The documents service, listening on loopback. */
export interface Backend {
  /** e.g. `http://127.0.0.1:40123` */
  readonly url: string;
  /** Closes the application: its server, and cloud-token's timers and token source. */
  close(): Promise<void>;
}

/** Starts the NestJS documents service on a free loopback port. */
export async function startBackend(settings: DocumentsSettings): Promise<Backend> {
  // Nest's own start-up lines would drown the tour; its warnings and errors still show.
  const app = await NestFactory.create(AppModule.withSettings(settings), {
    logger: ['error', 'warn'],
  });
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close();
    throw error;
  }
  const server = app.getHttpServer() as import('node:http').Server;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      // The browser's fetch keeps connections alive; close() alone would wait for them.
      server.closeAllConnections();
      await app.close();
    },
  };
}
