import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

it('shows, as its examples, the conformance runs of this folder to the letter', () => {
  const readme = read('../../testing/README.md');
  const examples = [...readme.matchAll(/```ts title="([\w.-]+)"\n([\s\S]*?)\n```/g)];
  expect(examples.map(([, title]) => title)).toEqual([
    'node-http-adapter.conformance.test.ts',
    'map-token-store.conformance.test.ts',
  ]);
  for (const [, title, code] of examples) {
    expect(`${code}\n`).toBe(read(`./${title}`));
  }
});
