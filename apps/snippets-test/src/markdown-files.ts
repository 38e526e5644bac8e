import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Markdown files whose snippets a user copies: the root README, every
 * package's and app's README, and the guides in `docs/`. Paths are relative
 * to `root`.
 */
export function markdownFiles(root: string): string[] {
  const files = ['README.md'];
  for (const folder of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, folder)).sort()) {
      const readme = join(folder, entry, 'README.md');
      if (existsSync(join(root, readme))) files.push(readme);
    }
  }
  for (const entry of readdirSync(join(root, 'docs')).sort()) {
    if (entry.endsWith('.md')) files.push(join('docs', entry));
  }
  return files;
}
