import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractSnippets } from '../src/extract-snippets.js';
import { markdownFiles } from '../src/markdown-files.js';
import { typeCheckSnippets } from '../src/type-check-snippets.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const appDir = fileURLToPath(new URL('../', import.meta.url));

/** A snippet that must fail: proof that the check really type-checks. */
const canary = { file: 'canary.md', line: 1, code: "const port: number = 'eighty';" };

describe('the TypeScript snippets of the READMEs and docs/*.md', () => {
  it('all type-check against the packages as published (their built types)', async () => {
    const files = markdownFiles(root);
    const snippets = files.flatMap((file) =>
      extractSnippets(readFileSync(new URL(file, `file://${root}`), 'utf8'), file),
    );
    // Every README and guide with TypeScript in it is covered; none was skipped.
    expect(files).toContain('README.md');
    expect(files).toContain('packages/core/README.md');
    expect(files).toContain('packages/core/testing/README.md');
    expect(new Set(snippets.map((snippet) => snippet.file)).size).toBeGreaterThanOrEqual(5);

    const errors = await typeCheckSnippets(appDir, [...snippets, canary]);

    const [canaryError, ...others] = [
      ...errors.filter((error) => error.file === 'canary.md'),
      ...errors.filter((error) => error.file !== 'canary.md'),
    ];
    expect(canaryError?.message).toMatch(
      /^TS2322: Type 'string' is not assignable to type 'number'/,
    );
    expect(others.map((error) => `${error.file}:${error.line} ${error.message}`)).toEqual([]);
  });
});
