import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { Snippet } from './extract-snippets.js';
import { preludeFor } from './snippet-prelude.js';

/** A type error, placed at its line in the Markdown file. */
export interface SnippetError {
  file: string;
  line: number;
  message: string;
}

/**
 * Type-checks every snippet with tsc, each as a module of its own (so
 * snippets do not see each other's names), against the workspace packages'
 * built types (run after `pnpm build`; `pnpm test` builds first) and the
 * app's dependencies. Each snippet gets, after its last line
 * (so its line numbers stay those of the Markdown), the prelude entries it
 * needs (see `preludeFor`).
 *
 * @param appDir the directory whose `tsconfig.json` and `node_modules` the snippets use
 * @returns every error, at its Markdown file and line
 */
export async function typeCheckSnippets(
  appDir: string,
  snippets: readonly Snippet[],
): Promise<SnippetError[]> {
  const workDir = join(appDir, 'node_modules', '.snippets');
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  // One folder per Markdown file, so that a titled snippet (`app.ts`) is what
  // `./app.js` means to the other snippets of its file, and to no other file's.
  const folders = [...new Set(snippets.map((snippet) => snippet.file))];
  const names = snippets.map((snippet, index) => {
    const folder = `doc-${folders.indexOf(snippet.file)}`;
    return `${folder}/${snippet.title ?? `snippet-${String(index).padStart(3, '0')}.ts`}`;
  });
  await Promise.all(
    folders.map((_, index) => mkdir(join(workDir, `doc-${index}`), { recursive: true })),
  );
  await Promise.all(
    snippets.map((snippet, index) =>
      // `export {}` makes every snippet a module (top-level await, its own scope).
      writeFile(
        join(workDir, names[index] ?? ''),
        [snippet.code, ...preludeFor(snippet.file, snippet.code), 'export {};', ''].join('\n'),
      ),
    ),
  );
  await writeFile(
    join(workDir, 'tsconfig.json'),
    JSON.stringify({
      // The packages' published types (their dist), as a user's project sees them.
      extends: relative(workDir, join(appDir, '..', '..', 'tsconfig.base.json')),
      compilerOptions: { noEmit: true, experimentalDecorators: true, emitDecoratorMetadata: true },
      files: names,
      include: [],
    }),
  );
  const tsc = createRequire(join(appDir, 'package.json')).resolve('typescript/bin/tsc');
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [tsc, '-p', join(workDir, 'tsconfig.json'), '--pretty', 'false'],
      { cwd: workDir, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        // tsc exits 2 when it found errors: that is a result, not a failure to run.
        if (error && error.code !== 2) reject(error);
        else resolve(stdout);
      },
    );
  });
  const errors: SnippetError[] = [];
  for (const line of output.split('\n')) {
    const match = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/.exec(line);
    if (!match) {
      // A continuation line of the previous message.
      const last = errors.at(-1);
      if (last && line.trim() !== '') last.message += `\n${line}`;
      continue;
    }
    const index = names.indexOf((match[1] ?? '').split(/[\\/]/).slice(-2).join('/'));
    const snippet = snippets[index];
    errors.push(
      snippet
        ? { file: snippet.file, line: snippet.line + Number(match[2]), message: match[3] ?? '' }
        : { file: match[1] ?? '', line: Number(match[2]), message: match[3] ?? '' },
    );
  }
  return errors;
}
