// Compiled (never run) under @types/koa 2.15 and 3.0: see tsconfig.koa2.json and tsconfig.koa3.json.
import {
  type CloudTokenAccessor,
  cloudToken,
  cloudTokenErrorHandler,
  cloudTokenProxy,
  getCloudToken,
  type TokenSource,
} from '@cloud-token/koa';
import Koa from 'koa';

declare const source: TokenSource;

// After app.use(cloudToken(…)), every later middleware sees ctx.state.cloudToken typed.
const app = new Koa<{ user?: string }>()
  .use(cloudTokenErrorHandler())
  .use(cloudToken({ source, baseUrl: 'https://api.example.com/v4.0/' }));
app.use(async (ctx) => {
  const accessor: CloudTokenAccessor = ctx.state.cloudToken;
  const answer: Response = await accessor.fetch('words/doc.docx');
  ctx.body = await answer.json();
  const user: string | undefined = ctx.state.user;
  void user;
  // @ts-expect-error the accessor has no such method
  ctx.state.cloudToken.fetchToken();
  // @ts-expect-error getToken() resolves an AccessToken, not a string
  const value: string = await ctx.state.cloudToken.getToken();
  void value;
});

// A configured key types that key.
const keyed = new Koa<{ user?: string }>().use(cloudToken({ source, stateKey: 'cloud' }));
keyed.use(async (ctx) => {
  await ctx.state.cloud.getToken();
  // @ts-expect-error the accessor lives under "cloud" here
  await ctx.state.cloudToken.getToken();
});

// Per-tenant credentials receive Koa's context.
new Koa().use(
  cloudToken({
    credentials: (ctx) => ({
      tokenUrl: 'https://id.example.com/connect/token',
      clientId: ctx.get('x-tenant'),
      clientSecret: 'from-a-vault',
    }),
  }),
);

// @ts-expect-error a misspelt option fails to compile, as it fails at runtime
cloudToken({ source, baseURL: 'https://api.example.com/v4.0/' });

new Koa().use(
  cloudTokenProxy({ target: 'https://api.example.com/v4.0', source, prefix: '/cloud' }),
);
new Koa().use(async (ctx) => {
  await getCloudToken(ctx).getToken();
});
