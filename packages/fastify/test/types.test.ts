import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Compiles the type tests of test-d/ with one tsconfig; resolves tsc's output ('' when clean). */
async function compile(config: string): Promise<string> {
  try {
    await run(process.execPath, [tsc, '--noEmit', '-p', `test-d/${config}`], { cwd: packageDir });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe('types', () => {
  // Every misuse in test-d/ carries @ts-expect-error: one that compiled would fail here.
  it.each([
    ['Fastify 5.0', 'tsconfig.fastify-5.0.json'],
    ['the newest Fastify 5', 'tsconfig.fastify-5.json'],
  ])(
    'type the options, request.cloudToken, app.cloudToken and the config key under %s',
    async (_name, config) => {
      expect(await compile(config)).toBe('');
    },
    60_000,
  );

  it.each([
    ['Fastify 5.0', 'namespaces/tsconfig.fastify-5.0.json'],
    ['the newest Fastify 5', 'namespaces/tsconfig.fastify-5.json'],
  ])(
    'type each declared namespace of request.cloudToken and app.cloudToken under %s',
    async (_name, config) => {
      expect(await compile(config)).toBe('');
    },
    60_000,
  );
});
