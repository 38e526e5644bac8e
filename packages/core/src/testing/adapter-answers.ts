import type { IncomingHttpHeaders } from 'node:http';
import type { MountedApp } from './server-adapter-conformance.js';
import type { TestApi } from './test-api.js';

/** An answer the suite read whole, from `fetch` or from a raw request. */
export interface ReadAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** Sends `init` to the app's call route, which calls `to` through the adapter's fetch. */
export async function callThrough(
  app: MountedApp,
  to: string,
  init: RequestInit = {},
): Promise<ReadAnswer> {
  const answer = await fetch(`${app.url}/call?to=${encodeURIComponent(to)}`, init);
  return {
    status: answer.status,
    headers: Object.fromEntries(answer.headers),
    body: Buffer.from(await answer.arrayBuffer()),
  };
}

/** A JWT, as the emulator issues them: no error answer may carry one. */
const jwtPattern = /eyJ[\w-]+\.[\w-]+/;

/**
 * Asserts an RFC 9457 answer of `status` naming `code`, with neither
 * `secrets` nor a token anywhere in its status line, headers or body.
 */
export function expectProblem(
  { expect }: TestApi,
  answer: ReadAnswer | { status: number; headers: IncomingHttpHeaders; body: Buffer },
  status: number,
  code: string,
  secrets: readonly string[],
): void {
  expect(answer.status).toBe(status);
  expect(String(answer.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const visible = `${answer.body.toString('utf8')} ${JSON.stringify(answer.headers)}`;
  for (const secret of secrets) expect(visible).not.toContain(secret);
  expect(visible).not.toMatch(jwtPattern);
  expect(JSON.parse(answer.body.toString('utf8'))).toMatchObject({ status, code });
}
