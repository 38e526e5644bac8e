/** One fenced TypeScript block of a Markdown file. */
export interface Snippet {
  /** The Markdown file, relative to the repository root. */
  file: string;
  /** The line of the opening fence (1-based). */
  line: number;
  code: string;
  /**
   * The file name the fence gives (```ts title="app.ts"), for a snippet that
   * another one of the same Markdown file imports (`./app.js`).
   */
  title?: string;
}

const opening = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript|tsx)\b/;

/**
 * The ```ts (or ```typescript) blocks of a Markdown text, in order. Indented
 * fences (inside a list item) count too; their indentation is removed. A
 * `title="name.ts"` in the fence's info string names the snippet's file.
 */
export function extractSnippets(markdown: string, file: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const snippets: Snippet[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const match = opening.exec(lines[index] ?? '');
    if (!match) continue;
    const indent = match[1]?.length ?? 0;
    const fence = match[2] ?? '```';
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !(lines[end] ?? '').trim().startsWith(fence)) {
      body.push((lines[end] ?? '').slice(indent));
      end += 1;
    }
    const title = /\btitle="([\w.-]+\.ts)"/.exec(lines[index] ?? '')?.[1];
    snippets.push({ file, line: index + 1, code: body.join('\n'), ...(title ? { title } : {}) });
    index = end;
  }
  return snippets;
}
