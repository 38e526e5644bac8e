// The README's recipe for @koa/router, where ctx.state is not carried from app.use().
import type { CloudTokenAccessor } from '@cloud-token/koa';
import { cloudToken, type TokenSource } from '@cloud-token/koa';
import Router from '@koa/router';
import Koa from 'koa';

declare module 'koa' {
  interface DefaultState {
    cloudToken: CloudTokenAccessor;
  }
}

declare const source: TokenSource;

const app = new Koa();
const router = new Router();
router.get('/storage', async (ctx) => {
  const answer = await ctx.state.cloudToken.fetch('storage/disc');
  ctx.body = await answer.json();
  // @ts-expect-error typed by the recipe: no such method
  ctx.state.cloudToken.fetchToken();
});
app.use(cloudToken({ source, baseUrl: 'https://api.example.com/v4.0/' }));
app.use(router.routes());
