import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Snippet } from './extract-snippets.js';

/** What vitest's JSON reporter says about a run, in part. */
export interface RecipeRun {
  exitCode: number;
  numTotalTests: number;
  numPassedTests: number;
  failures: string[];
}

/**
 * Writes the titled snippets of a guide (`app.ts`, `app.test.ts`, …) as the
 * files they name, into a folder of `appDir`, and runs vitest on them: the
 * recipe runs as a reader would run it, against the built packages.
 */
export async function runRecipe(appDir: string, snippets: readonly Snippet[]): Promise<RecipeRun> {
  const dir = join(appDir, '.recipe');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  try {
    for (const snippet of snippets) {
      if (snippet.title) await writeFile(join(dir, snippet.title), `${snippet.code}\n`);
    }
    await writeFile(
      join(dir, 'vitest.config.ts'),
      "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: { include: ['*.test.ts'], testTimeout: 30_000 } });\n",
    );
    const require = createRequire(join(appDir, 'package.json'));
    const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
    const resultFile = join(dir, 'result.json');
    const exitCode = await new Promise<number>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [vitest, 'run', '--root', dir, '--reporter=json', `--outputFile=${resultFile}`],
        { cwd: dir, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
        (error) => {
          if (error && typeof error.code !== 'number') reject(error);
        },
      );
      child.once('close', (code) => resolve(code ?? 1));
    });
    const result = JSON.parse(await readFile(resultFile, 'utf8')) as {
      numTotalTests: number;
      numPassedTests: number;
      testResults: {
        assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
      }[];
    };
    const failures = result.testResults
      .flatMap((file) => file.assertionResults)
      .filter((test) => test.status !== 'passed')
      .map((test) => `${test.fullName}: ${test.failureMessages.join('\n')}`);
    return {
      exitCode,
      numTotalTests: result.numTotalTests,
      numPassedTests: result.numPassedTests,
      failures,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
