import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import express4 from 'express4';

/** Both supported Express majors, for `describe.each`. */
export const expressVersions = [
  ['Express 5', express],
  ['Express 4', express4],
] as const;

/** A function that makes an Express application, whichever major. */
export type ExpressFactory = (typeof expressVersions)[number][1];

/** An Express application listening on loopback. */
export interface RunningApp {
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with a free port; `close()` also ends kept-alive connections. */
export async function startApp(app: ReturnType<ExpressFactory>): Promise<RunningApp> {
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
