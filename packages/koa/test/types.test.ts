import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Compiles the type tests in test-d/ against one @types/koa major; resolves tsc's output. */
async function compile(config: string): Promise<string> {
  try {
    await run(process.execPath, [tsc, '--noEmit', '-p', `test-d/${config}`], { cwd: packageDir });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe('types', () => {
  it.each([
    ['@types/koa 2.15', 'tsconfig.koa2.json'],
    ['@types/koa 3.0', 'tsconfig.koa3.json'],
  ])(
    'type ctx.state.cloudToken after app.use() and reject misuse under %s',
    async (_name, config) => {
      // Every misuse in test-d/ carries @ts-expect-error: one that compiled would fail here.
      expect(await compile(config)).toBe('');
    },
    60_000,
  );

  it('compiles the README recipe for @koa/router as written', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const recipe = readFileSync(new URL('../test-d/router-recipe.ts', import.meta.url), 'utf8');
    const declaration = /declare module 'koa' \{[\s\S]*?\n\}/.exec(recipe)?.[0];
    expect(declaration).toBeDefined();
    expect(readme).toContain(declaration);
  });
});
