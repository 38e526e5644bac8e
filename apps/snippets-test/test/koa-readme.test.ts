import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractSnippets } from '../src/extract-snippets.js';

const file = 'packages/koa/README.md';
const readme = readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');

/** The text of the section under the heading that matches `heading`, up to the next heading. */
function section(heading: RegExp): string {
  const start = readme.search(heading);
  expect(start, `a heading matching ${heading} in ${file}`).toBeGreaterThanOrEqual(0);
  const body = readme.indexOf('\n', start) + 1;
  const next = readme.slice(body).search(/^#{1,3} /m);
  return next < 0 ? readme.slice(start) : readme.slice(start, body + next);
}

describe('the Koa README (issue 23)', () => {
  it('shares one source between the middleware, the proxy and readiness, and makes it', () => {
    const [recipe, ...others] = extractSnippets(section(/^### .*share one source/m), file);
    expect(others).toEqual([]);
    const code = recipe?.code ?? '';
    expect(code).toMatch(/const source = createTokenSource\(/);
    expect(code).toMatch(/cloudToken\(\{[^}]*\bsource\b/);
    expect(code).toMatch(/cloudTokenProxy\(\{[^}]*\bsource\b/);
    expect(code).toMatch(/cloudTokenReadiness\(source\b/);
  });

  it('warns that ctx.body = response desynchronises keep-alive with a compressed answer', () => {
    const warning = readme.slice(readme.indexOf('Never\nassign a fetch `Response` to `ctx.body`'));
    const paragraph = warning.slice(0, warning.indexOf('\n\n'));
    expect(paragraph).toMatch(/compressed/);
    expect(paragraph).toMatch(/`Content-Length`/);
    expect(paragraph).toMatch(/keep-alive/);
  });
});
