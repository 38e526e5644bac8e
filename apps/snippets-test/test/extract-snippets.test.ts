import { describe, expect, it } from 'vitest';
import { extractSnippets } from '../src/extract-snippets.js';

describe('extractSnippets', () => {
  it('takes ts and typescript fences, indented ones unindented, and nothing else', () => {
    const markdown = [
      '# Title', // 1
      '```ts', // 2
      "const a = 'a';", // 3
      '```', // 4
      '```sh', // 5
      'npm install', // 6
      '```', // 7
      '- a list item:', // 8
      '  ```typescript', // 9
      '  const b = 1;', // 10
      '    const c = 2;', // 11
      '  ```', // 12
      '```ts title="app.ts"', // 13
      'export const e = 4;', // 14
      '```', // 15
      '```js', // 13
      'const d = 3;', // 14
      '```', // 15
    ].join('\n');
    expect(extractSnippets(markdown, 'README.md')).toEqual([
      { file: 'README.md', line: 2, code: "const a = 'a';" },
      { file: 'README.md', line: 9, code: 'const b = 1;\n  const c = 2;' },
      { file: 'README.md', line: 13, code: 'export const e = 4;', title: 'app.ts' },
    ]);
  });
});
