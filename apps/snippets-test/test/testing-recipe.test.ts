import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractSnippets } from '../src/extract-snippets.js';
import { runRecipe } from '../src/run-recipe.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const appDir = fileURLToPath(new URL('../', import.meta.url));
const guide = 'docs/testing-with-the-emulator.md';

describe(guide, () => {
  it('is a recipe that runs: its test files pass as written, against the emulator', async () => {
    const snippets = extractSnippets(readFileSync(`${root}${guide}`, 'utf8'), guide);
    const tests = snippets.filter((snippet) => snippet.title?.endsWith('.test.ts'));
    const cases = tests.reduce(
      (count, snippet) => count + (snippet.code.match(/^it\(/gm)?.length ?? 0),
      0,
    );
    expect(cases).toBeGreaterThanOrEqual(5);

    const run = await runRecipe(appDir, snippets);

    expect(run.failures).toEqual([]);
    expect(run).toMatchObject({ exitCode: 0, numTotalTests: cases, numPassedTests: cases });
  });
});
