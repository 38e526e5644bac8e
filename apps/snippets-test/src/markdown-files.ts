import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Folders of a package that hold code or output, never a README of its own. */
const notDocumented = new Set(['node_modules', 'dist', 'src', 'test']);

/**
 * The Markdown files whose snippets a user copies: the root README, every
 * package's and app's README and the READMEs of their entries' folders
 * (`packages/core/testing/README.md`), and the guides in `docs/`. Paths are
 * relative to `root`.
 */
export function markdownFiles(root: string): string[] {
  const files = ['README.md'];
  for (const folder of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, folder)).sort()) {
      const readme = join(folder, entry, 'README.md');
      if (existsSync(join(root, readme))) files.push(readme);
      const subfolders = readdirSync(join(root, folder, entry), { withFileTypes: true })
        .filter((sub) => sub.isDirectory() && !notDocumented.has(sub.name))
        .map((sub) => sub.name)
        .sort();
      for (const sub of subfolders) {
        const nested = join(folder, entry, sub, 'README.md');
        if (existsSync(join(root, nested))) files.push(nested);
      }
    }
  }
  for (const entry of readdirSync(join(root, 'docs')).sort()) {
    if (entry.endsWith('.md')) files.push(join('docs', entry));
  }
  return files;
}
