// Compiled (never run) against Fastify 5.0's types and the newest 5's: see tsconfig.fastify-*.json.
import {
  type CloudTokenAccessor,
  type CloudTokenRouteConfig,
  cloudToken,
  cloudTokenErrorHandler,
  cloudTokenProxy,
  cloudTokenReadiness,
  isCloudTokenError,
  sendCloudAnswer,
  type TokenSource,
} from '@cloud-token/fastify';
import Fastify, { type FastifyContextConfig } from 'fastify';

declare const source: TokenSource;
const app = Fastify();

// The plugin's options: credentials, a source, or per-tenant credentials(request).
await app.register(cloudToken, { source, baseUrl: 'https://api.example.com/v4.0/' });
await app.register(cloudToken, {
  tokenUrl: 'https://id.example.com/connect/token',
  clientId: 'id',
  clientSecret: 'secret',
  baseUrl: 'https://api.example.com/v4.0/',
  errorHandler: false,
});
await app.register(cloudToken, {
  credentials: (request) => ({
    tokenUrl: 'https://id.example.com/connect/token',
    clientId: String(request.headers['x-tenant']),
    clientSecret: 'from-a-vault',
  }),
});
// @ts-expect-error a misspelt option fails to compile, as it fails at registration
await app.register(cloudToken, { source, baseURL: 'https://api.example.com/v4.0/' });
// @ts-expect-error prefetch is a boolean
await app.register(cloudToken, { source, prefetch: 'yes' });

// Decorators, typed by declaration merging: no cast.
const appSource: TokenSource = app.cloudToken;
app.get('/words', async (request, reply) => {
  const accessor: CloudTokenAccessor = request.cloudToken;
  const answer: Response = await accessor.fetch('words/doc.docx');
  // @ts-expect-error the accessor has no such method
  request.cloudToken.fetchToken();
  // @ts-expect-error getToken() resolves an AccessToken, not a string
  const value: string = await request.cloudToken.getToken();
  void value;
  return sendCloudAnswer(reply, answer);
});

// The route's config key.
app.get('/out', { config: { cloudToken: false } }, async () => 'no token here');
app.get('/early', { config: { cloudToken: { prefetch: true } } }, async () => 'token first');
app.get('/config', async (request) => {
  const config: CloudTokenRouteConfig | undefined = request.routeOptions.config.cloudToken;
  return config === false ? 'opted out' : config?.prefetch;
});
// Fastify infers a route's config type from the route itself; a declared config is checked.
// @ts-expect-error cloudToken: true means nothing: false, or overrides
const wrong: FastifyContextConfig = { cloudToken: true };
// @ts-expect-error a misspelt override fails to compile
const typo: FastifyContextConfig = { cloudToken: { prefech: true } };
void [wrong, typo];

// The proxy, readiness and the error handler.
await app.register(cloudTokenProxy, {
  prefix: '/cloud',
  target: 'https://api.example.com/v4.0',
  source: appSource,
});
// @ts-expect-error the proxy needs a target
await app.register(cloudTokenProxy, { prefix: '/cloud', source });
app.get('/readyz', cloudTokenReadiness(app.cloudToken, { timeoutMs: 2_000 }));
const answerCloudErrors = cloudTokenErrorHandler({
  problemType: (code) => `https://e.test/${code}`,
});
app.setErrorHandler((error, request, reply) => {
  if (isCloudTokenError(error)) return answerCloudErrors(error, request, reply);
  reply.code(500).send({ oops: true });
});
app.get('/own-handler', { errorHandler: cloudTokenErrorHandler() }, async () => '');
