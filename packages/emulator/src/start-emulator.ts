import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiBasePath } from './api.js';
import { ClientRegistry } from './client-registry.js';
import type { EmulatorContext } from './context.js';
import { createControl } from './control.js';
import { controlBasePath } from './control-plane.js';
import { EmulatorClock } from './emulator-clock.js';
import { FaultQueue } from './faults.js';
import { Lockout } from './lockout.js';
import { resolveOptions } from './options.js';
import { createRequestListener } from './server.js';
import { SigningKeys } from './signing-key.js';
import { createStats, TokenRequestGauge } from './stats.js';
import { tokenEndpointPath } from './token-endpoint.js';
import { TokenTimeline } from './token-timeline.js';
import type { ApiFault, Emulator, EmulatorOptions, TokenFault } from './types.js';

/**
 * Starts a local stand-in for the cloud's auth: an IdentityServer-like
 * `POST /connect/token` (client credentials, RS256 JWTs, the profile's
 * lockout rule) and a bearer-protected API on every `/v{version}/{product}/…`
 * path, with switches for faults, latency, revocation and time, in code
 * (`emulator.control`) and over HTTP (`/_emulator/…`, with a live console at
 * `/_emulator/`). Options are checked before anything starts; a bad one or
 * an unknown key throws an {@link InvalidOptionsError} naming it.
 *
 * @example
 * ```ts
 * import { startEmulator } from '@cloud-token/emulator';
 *
 * const emulator = await startEmulator({ profile: 'groupdocs', timeScale: 0.001 });
 * const response = await fetch(emulator.tokenUrl, {
 *   method: 'POST',
 *   body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'emulator-client', client_secret: 'emulator-secret' }),
 * });
 * console.log(response.status, emulator.stats.tokenRequests.issued); // 200 1
 * await emulator.close();
 * ```
 */
export async function startEmulator(options?: EmulatorOptions): Promise<Emulator> {
  const resolved = resolveOptions(options);
  const keys = new SigningKeys();
  const server = createServer();
  await keys.ready();
  await listen(server, resolved.port, resolved.host);

  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const url = `http://${host}:${port}`;
  const clock = new EmulatorClock(resolved.timeScale);
  const clients = new ClientRegistry();
  for (const client of resolved.clients) clients.add(client);
  const stats = createStats();
  const context: EmulatorContext = {
    issuer: url,
    audience: `${url}/resources`,
    tokenTtlSeconds: resolved.tokenTtlSeconds,
    profile: resolved.profile,
    clock,
    clients,
    keys,
    lockout: new Lockout(resolved.profile, clock, () => {
      stats.lockouts += 1;
    }),
    tokenFaults: new FaultQueue<TokenFault>(),
    apiFaults: new FaultQueue<ApiFault>(),
    latency: { tokenMs: 0, apiMs: 0 },
    stats,
    tokenRequestGauge: new TokenRequestGauge(stats),
    timeline: new TokenTimeline(),
    requestLogSize: resolved.requestLogSize,
    revocations: 0,
  };
  const control = createControl(context);
  // Attached in the same tick as `listen` resolved: no request can come first.
  server.on(
    'request',
    createRequestListener(context, control, { controlToken: resolved.controlToken }),
  );

  let closing: Promise<void> | undefined;
  return {
    url,
    tokenUrl: `${url}${tokenEndpointPath}`,
    apiUrl: `${url}${apiBasePath}`,
    controlUrl: `${url}${controlBasePath}`,
    control,
    stats,
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        // Hanging and keep-alive connections would hold close() forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
