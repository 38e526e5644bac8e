import type { Clock } from '../index.js';
import { booleanRule, stringRule } from '../shared/option-rules.js';
import { optionsSchema } from '../shared/options-schema.js';
import { describeCallRoute } from './adapter-call-checks.js';
import { describeClose } from './adapter-close-check.js';
import { useAdapterFixture } from './adapter-fixture.js';
import { describeProxy } from './adapter-proxy-checks.js';
import { describeReadiness } from './adapter-readiness-checks.js';
import { requiredFunctionRule, suiteNameRule } from './suite-option-rules.js';
import type { TestApi } from './test-api.js';

/**
 * What the suite hands your `mount` function: pass it on to your adapter's
 * factories as it is.
 *
 * @example
 * ```ts
 * async function mount({ credentials, baseUrl, proxyTarget, clock }: ConformanceMountSetup) {
 *   const source = createTokenSource(clientCredentials(credentials), { clock });
 *   // … an app with cloudToken({ source, baseUrl }) and cloudTokenProxy({ source, target: proxyTarget }) …
 * }
 * ```
 */
export interface ConformanceMountSetup {
  /**
   * A client of the suite's emulator, new for each test (so nothing a test
   * leaves in a token store reaches the next). Its `clientSecret` is wrong on
   * purpose in the tests of rejected credentials.
   */
  readonly credentials: {
    readonly tokenUrl: string;
    readonly clientId: string;
    readonly clientSecret: string;
  };
  /** The API base URL of the call route's `fetch`: the only origin that may get the token. */
  readonly baseUrl: string;
  /** Where the proxy forwards: the emulator's API, or a recording server of the suite. */
  readonly proxyTarget: string;
  /**
   * The system clock, with timers that keep the process alive. Give it to
   * the token source (and the proxy) where your adapter takes a clock, so
   * that a timer left running after `close()` is seen; an adapter that runs
   * in another process ignores it.
   */
  readonly clock: Clock;
}

/**
 * An app that `mount` started: where it listens, and how to stop it.
 *
 * @example
 * ```ts
 * const server = await listenOnLoopback(app);
 * const mounted: MountedApp = { url: server.url, close: async () => { await server.close(); source.close(); } };
 * ```
 */
export interface MountedApp {
  /** Its base URL, e.g. `http://127.0.0.1:40123` (any host the test process can reach). */
  readonly url: string;
  /** Stops the server and closes everything the adapter made (token sources, proxies, timers). */
  close(): Promise<void>;
}

/**
 * Options of {@link runServerAdapterConformance}.
 *
 * @example
 * ```ts
 * const options: ServerAdapterConformanceOptions = { name: 'my adapter', mount, proxy: false };
 * ```
 */
export interface ServerAdapterConformanceOptions {
  /** Names the suite's `describe` block, e.g. `Express 5`. */
  name: string;
  /** Mounts cloud-token on a new app of your framework and serves it (see {@link runServerAdapterConformance}). */
  mount(setup: ConformanceMountSetup): Promise<MountedApp>;
  /** Whether the app serves the adapter's proxy under `/proxy`; default `true`. */
  proxy?: boolean;
  /**
   * How the client leaves in the proxy check of a client that leaves before
   * any answer: `'close'` (default) closes its connection, as a browser does;
   * `'reset'` resets it (TCP RST), for a server that notices only that while
   * the app awaits the cloud (workerd: it does not watch a request's
   * connection then). The check's title says which.
   */
  clientLeaves?: 'close' | 'reset';
  /** Whether the app answers readiness probes at `/readyz`; default `true`. */
  readiness?: boolean;
}

const serverAdapterConformanceSchema = optionsSchema<ServerAdapterConformanceOptions>()({
  name: suiteNameRule,
  mount: requiredFunctionRule<ServerAdapterConformanceOptions['mount']>(
    '(setup) => Promise<{ url, close }>',
  ),
  proxy: booleanRule(true),
  clientLeaves: (value, path) =>
    stringRule('close', /^(?:close|reset)$/, '"close" or "reset"')(value, path) as
      | 'close'
      | 'reset',
  readiness: booleanRule(true),
});

/**
 * Registers, with the test runner you pass (vitest), the conformance suite
 * of a server adapter: what every cloud-token adapter of a server framework
 * must do, proven over HTTP against a real emulator of the cloud that the
 * suite starts on loopback. Call it at the top level of a test file.
 *
 * Your `mount(setup)` builds a new app of your framework with cloud-token
 * mounted from `setup`, serves it, and returns its URL and a `close()`.
 * The app must serve:
 *
 * - `/call?to=<url>` (any method): calls `<url>` (relative to
 *   `setup.baseUrl`, or absolute) through your adapter's per-request
 *   `fetch`, with the request's method, `Content-Type` and body (read
 *   whole, so a 401 can replay it), and answers with the cloud's answer as
 *   it is: status, headers, body. On Node, {@link readConformanceCall}
 *   reads that call from the request for you. Errors go through your
 *   adapter's error handling.
 * - `/proxy/*` (unless `proxy: false`): your adapter's proxy, forwarding
 *   what follows `/proxy` below `setup.proxyTarget`, errors through your
 *   adapter's error handling.
 * - `/readyz` (unless `readiness: false`): your adapter's readiness answer.
 *
 * The suite proves: a herd of 1,000 cold requests costs 1 token request; an
 * API 401 (a key rotation) costs one renewal and one replay with the
 * identical body; a 429/503 with a short `Retry-After` is waited out, with a
 * long one answered at once with its `Retry-After`; the token never reaches
 * another origin (absolute URLs, redirects either way); the proxy keeps
 * every path inside its target, forwards no client `Authorization`,
 * `Cookie` or hop-by-hop header, streams bodies both ways and stops the
 * upstream request when the client leaves; errors are RFC 9457
 * `application/problem+json` (503 with `Retry-After` while rate limited,
 * 502 for rejected credentials) carrying no secret and no token; readiness
 * answers; `close()` leaves no socket, server or timer behind. The app is
 * expected to use the core's default (per-process) token store.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * import { listenOnLoopback, runServerAdapterConformance } from '@cloud-token/core/testing';
 *
 * runServerAdapterConformance(vitest, {
 *   name: 'my framework',
 *   async mount(setup) {
 *     const app = createMyApp(setup); // /call, /proxy/*, /readyz
 *     const server = await listenOnLoopback(app.handler);
 *     return { url: server.url, close: async () => { await server.close(); app.close(); } };
 *   },
 * });
 * ```
 */
export function runServerAdapterConformance(
  test: TestApi,
  options: ServerAdapterConformanceOptions,
): void {
  const { name, mount, proxy, clientLeaves, readiness } =
    serverAdapterConformanceSchema.read(options);
  test.describe(`cloud-token server-adapter conformance: ${name}`, () => {
    const fixture = useAdapterFixture(test, mount);
    describeCallRoute(test, fixture);
    if (proxy) describeProxy(test, fixture, clientLeaves);
    if (readiness) describeReadiness(test, fixture);
    describeClose(test, mount, { proxy, readiness });
  });
}
