import { useAppsPerTest } from '@cloud-token/core/testing';
import { getCloudToken } from '@cloud-token/koa';
import { afterEach, describe, expect, it } from 'vitest';
import { koaVersions } from './support/koa-versions.js';

describe.each(koaVersions)('getCloudToken() with %s', (_name, Koa) => {
  const apps = useAppsPerTest({ afterEach });

  it('answers ERR_USAGE naming the fix where cloudToken() is not mounted', async () => {
    const app = new Koa();
    const reported: unknown[] = [];
    app.on('error', (error: unknown) => reported.push(error));
    app.use((ctx) => {
      getCloudToken(ctx);
    });
    const answer = await fetch(await apps.listen(app));
    expect(answer.status).toBe(500);
    expect(reported).toEqual([expect.objectContaining({ code: 'ERR_USAGE' })]);
    expect((reported[0] as Error).message).toContain('mount cloudToken() first');
  });

  it('names asyncLocalStorage when app.currentContext is empty', () => {
    const app = new Koa();
    expect(() => getCloudToken(app.currentContext)).toThrowError(
      expect.objectContaining({
        code: 'ERR_USAGE',
        message: expect.stringContaining('asyncLocalStorage'),
      }),
    );
  });
});
