import { describe, expect, it } from 'vitest';
import { bindsName, preludeFor } from '../src/snippet-prelude.js';

describe('preludeFor', () => {
  it('gives a snippet the names it uses and does not bind', () => {
    expect(preludeFor('packages/express/README.md', 'app.use(cloudToken({ clientId }));')).toEqual([
      'declare const clientId: string;',
      "declare const app: import('express').Express;",
      "import { cloudToken } from '@cloud-token/express';",
    ]);
    expect(preludeFor('README.md', 'const app = 1; console.log(app);')).toEqual([]);
  });

  it("never gives a name its file's snippets must make themselves (the Koa README's source)", () => {
    const probe = "router.get('/readyz', cloudTokenReadiness(source));";
    expect(preludeFor('packages/express/README.md', probe)).toContain(
      "declare const source: import('@cloud-token/core').TokenSource;",
    );
    expect(preludeFor('packages/koa/README.md', probe)).toEqual([]);
  });

  it('sees every way a snippet binds a name', () => {
    expect(bindsName('const app = express();', 'app')).toBe(true);
    expect(bindsName('const { app, port } = setUp();', 'app')).toBe(true);
    expect(bindsName("import app from 'x';", 'app')).toBe(true);
    expect(bindsName("import { a, app } from 'x';", 'app')).toBe(true);
    expect(bindsName("import type { app } from 'x';", 'app')).toBe(true);
    expect(bindsName('function app() {}', 'app')).toBe(true);
    expect(bindsName('app.listen(3000);', 'app')).toBe(false);
    expect(bindsName('const application = 1;', 'app')).toBe(false);
  });
});
