import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

it('shows in its README each runtime entry exactly as the tests run it', () => {
  const readme = read('../README.md');
  for (const file of ['app.ts', 'bun.ts', 'deno.ts', 'worker.ts', 'worker.capnp']) {
    const code = read(`./support/guests/${file}`).trimEnd();
    const language = file.slice(file.lastIndexOf('.') + 1);
    expect(readme, file).toContain(`\`\`\`${language} title="${file}"\n${code}\n\`\`\``);
  }
});
