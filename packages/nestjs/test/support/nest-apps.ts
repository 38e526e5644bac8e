import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach } from 'vitest';

/** A Nest application under test, listening on loopback. */
export interface RunningApp {
  app: INestApplication;
  /** e.g. `http://127.0.0.1:40123` */
  url: string;
}

/**
 * Compiles, initialises and serves Nest applications for the enclosing
 * file or `describe` (`Test.createTestingModule(...).compile()`,
 * `createNestApplication()`, `listen(0)`), and closes whatever a test left
 * open after it.
 */
export function useNestApps(): {
  start(metadata: ModuleMetadata, setUp?: (app: INestApplication) => void): Promise<RunningApp>;
} {
  const open = new Set<INestApplication>();
  afterEach(async () => {
    const apps = [...open];
    open.clear();
    await Promise.all(apps.map((app) => app.close()));
  });
  return {
    async start(metadata, setUp) {
      const moduleRef = await Test.createTestingModule(metadata).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      open.add(app);
      setUp?.(app);
      await app.listen(0, '127.0.0.1');
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      return { app, url };
    },
  };
}

/** Sends `count` concurrent GETs and returns their statuses. */
export async function getMany(url: string, count: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const answer = await fetch(url);
      await answer.arrayBuffer();
      return answer.status;
    }),
  );
}
