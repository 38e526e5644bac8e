import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, useCliCloud } from './support/cli-cloud.js';
import { JWT, runBin } from './support/cloud-token-bin.js';
import { curl } from './support/curl.js';
import { type SidecarProcess, startSidecarProcess } from './support/sidecar-process.js';
import { useTestRedis } from './support/use-test-redis.js';

const cloud = useCliCloud();
const running: SidecarProcess[] = [];
afterEach(async () => {
  for (const sidecar of running.splice(0)) {
    const ended = await sidecar.stop();
    // Whatever a test did, the sidecar's log never shows a secret or a token.
    expect(sidecar.logs()).not.toContain(CLIENT_SECRET);
    expect(sidecar.logs()).not.toMatch(JWT);
    expect(ended.stdout).toBe('');
  }
});

async function serve(
  args: string[] = [],
  extra: Record<string, string> = {},
): Promise<SidecarProcess> {
  const sidecar = await startSidecarProcess(
    args,
    cloud.env({ CLOUD_TOKEN_BASE_URL: cloud.emulator.url, ...extra }),
  );
  running.push(sidecar);
  return sidecar;
}

const tokenRequests = () => cloud.emulator.stats.tokenRequests.total;
const form = (fields: Record<string, string>) => [
  '-X',
  'POST',
  '-d',
  new URLSearchParams(fields).toString(),
];
const credentialsForm = {
  grant_type: 'client_credentials',
  client_id: CLIENT_ID,
  client_secret: CLIENT_SECRET,
};
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const metricsOf = async (sidecar: SidecarProcess) => (await curl(`${sidecar.url}/metrics`)).body;

describe('cloud-token serve: the API proxy, with curl', () => {
  it('adds the token to any call, whatever Authorization the caller sent, with one token request', async () => {
    const sidecar = await serve();
    const plain = await curl(`${sidecar.url}/v4.0/words/doc.docx/statistics?storage=s1`);
    expect(plain.status).toBe(200);
    expect(JSON.parse(plain.body)).toMatchObject({
      method: 'GET',
      path: '/v4.0/words/doc.docx/statistics',
      query: { storage: 's1' },
      clientId: CLIENT_ID,
    });
    const withOwn = await curl(`${sidecar.url}/v3.0/cells/book.xlsx`, [
      '-H',
      'Authorization: Bearer not-a-token',
    ]);
    expect(withOwn.status).toBe(200);
    expect(tokenRequests()).toBe(1);
    expect(cloud.emulator.stats.apiRequests.byStatus).toEqual({ 200: 2 });
  });

  it('streams a body larger than its buffer both ways, byte for byte', async () => {
    const sidecar = await serve();
    const directory = await mkdtemp(join(tmpdir(), 'cloud-token-serve-'));
    const upload = join(directory, 'upload.bin');
    const download = join(directory, 'download.bin');
    const bytes = randomBytes(3 * 1024 * 1024);
    await writeFile(upload, bytes);
    const { stdout } = await promisify(execFile)('curl', [
      '-s',
      '-o',
      download,
      '-w',
      '%{http_code}',
      '-H',
      'content-type: application/octet-stream',
      '--data-binary',
      `@${upload}`,
      `${sidecar.url}/v4.0/words/convert`,
    ]);
    expect(stdout).toBe('200');
    expect((await stat(download)).size).toBe(bytes.length);
    const digest = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    expect(digest(await readFile(download))).toBe(digest(bytes));
  });

  it('renews and replays once after a key rotation: the caller sees 200, the cloud one more token request', async () => {
    const sidecar = await serve();
    expect((await curl(`${sidecar.url}/v4.0/words/a.docx`)).status).toBe(200);
    cloud.emulator.control.revokeAllTokens();
    const after = await Promise.all(
      Array.from({ length: 10 }, () => curl(`${sidecar.url}/v4.0/words/a.docx`)),
    );
    expect(after.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(cloud.emulator.stats.tokenRequests.issued).toBe(2);
    expect(await metricsOf(sidecar)).toMatch(/^cloud_token_api_replays_total [1-9]\d*$/m);
  });

  it('waits out a short 429 and hands back a long one with its Retry-After', async () => {
    const sidecar = await serve();
    cloud.emulator.control.failApiRequests(1, { status: 429, retryAfter: '1' });
    expect((await curl(`${sidecar.url}/v4.0/words/a.docx`)).status).toBe(200);
    cloud.emulator.control.failApiRequests(1, { status: 429, retryAfter: '600' });
    const long = await curl(`${sidecar.url}/v4.0/words/a.docx`);
    expect(long.status).toBe(429);
    expect(long.headers['retry-after']).toBe('600');
    const metrics = await metricsOf(sidecar);
    expect(metrics).toMatch(/^cloud_token_api_retries_total\{status="429"\} 1$/m);
    expect(metrics).toMatch(/^cloud_token_api_calls_total\{status="200"\} 1$/m);
    expect(metrics).toMatch(/^cloud_token_api_calls_total\{status="429"\} 1$/m);
  });

  it('answers only requests whose Host names this machine on its port (DNS rebinding)', async () => {
    const sidecar = await serve();
    for (const host of [
      'evil.example',
      `evil.example:${sidecar.port}`,
      `127.0.0.1:${sidecar.port + 1}`,
    ]) {
      const refused = await curl(`${sidecar.url}/v4.0/words/a.docx`, ['-H', `Host: ${host}`]);
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      const facade = await curl(`${sidecar.url}/connect/token`, [
        '-H',
        `Host: ${host}`,
        ...form(credentialsForm),
      ]);
      expect(facade.status).toBe(403);
    }
    const local = await curl(`${sidecar.url}/v4.0/words/a.docx`, [
      '-H',
      `Host: localhost:${sidecar.port}`,
    ]);
    expect(local.status).toBe(200);
    expect(cloud.emulator.stats.apiRequests.total).toBe(1);
  });
});

describe('cloud-token serve: the token facade, with curl', () => {
  it('answers /connect/token and the SDKs’ token paths with the shared token, as the cloud does', async () => {
    const sidecar = await serve();
    const posted = await curl(`${sidecar.url}/connect/token`, form(credentialsForm));
    expect(posted.status).toBe(200);
    expect(posted.headers['cache-control']).toBe('no-store');
    const answer = JSON.parse(posted.body) as Record<string, unknown>;
    expect(answer).toEqual({
      access_token: expect.stringMatching(JWT),
      token_type: 'Bearer',
      expires_in: expect.any(Number),
    });
    expect(answer.expires_in).toBeGreaterThan(86_000);
    const words = await curl(`${sidecar.url}/v4.0/words/connect/token`, [
      '-H',
      `Authorization: ${basic(CLIENT_ID, CLIENT_SECRET)}`,
      ...form({ grant_type: 'client_credentials' }),
    ]);
    expect(words.status).toBe(200);
    expect(JSON.parse(words.body).access_token).toBe(answer.access_token);
    // The token it hands out is the cloud's: it works on the API directly.
    const direct = await fetch(`${cloud.emulator.apiUrl}/words/a.docx`, {
      headers: { authorization: `Bearer ${answer.access_token}` },
    });
    expect(direct.status).toBe(200);
    expect(tokenRequests()).toBe(1);
  });

  it.each([
    [
      'a wrong secret',
      401,
      'invalid_client',
      form({ ...credentialsForm, client_secret: 'wrong-4a1b' }),
    ],
    [
      'a wrong client id',
      401,
      'invalid_client',
      form({ ...credentialsForm, client_id: 'someone-else' }),
    ],
    ['no credentials', 401, 'invalid_client', form({ grant_type: 'client_credentials' })],
    [
      'a wrong Basic secret',
      401,
      'invalid_client',
      [
        '-H',
        `Authorization: ${basic(CLIENT_ID, 'wrong-4a1b')}`,
        ...form({ grant_type: 'client_credentials' }),
      ],
    ],
    [
      'another grant type',
      400,
      'unsupported_grant_type',
      form({ ...credentialsForm, grant_type: 'password' }),
    ],
    [
      'no grant type',
      400,
      'invalid_request',
      form({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
    ],
    [
      'a parameter twice',
      400,
      'invalid_request',
      ['-X', 'POST', '-d', `${new URLSearchParams(credentialsForm)}&client_id=${CLIENT_ID}`],
    ],
    [
      'both Basic and form credentials',
      400,
      'invalid_request',
      ['-H', `Authorization: ${basic(CLIENT_ID, CLIENT_SECRET)}`, ...form(credentialsForm)],
    ],
    [
      'JSON instead of a form',
      400,
      'invalid_request',
      ['-X', 'POST', '-H', 'content-type: application/json', '-d', JSON.stringify(credentialsForm)],
    ],
    ['a GET', 405, 'invalid_request', []],
  ])('refuses %s (%s %s) without any request to the cloud', async (_, status, error, args) => {
    const sidecar = await serve();
    await sidecar.waitForLog(/"msg":"token adopted"/);
    const before = tokenRequests();
    const refused = await curl(`${sidecar.url}/connect/token`, args);
    expect(refused.status).toBe(status);
    expect(JSON.parse(refused.body)).toEqual({ error, error_description: expect.any(String) });
    expect(refused.body).not.toMatch(JWT);
    expect(refused.body).not.toContain(CLIENT_SECRET);
    if (status === 401)
      expect(refused.headers['www-authenticate']).toBe('Basic realm="cloud-token sidecar"');
    expect(tokenRequests()).toBe(before);
  });

  it('gives `cloud-token token --sidecar` the shared token', async () => {
    const sidecar = await serve();
    const run = await runBin(['token', '--sidecar', sidecar.url], { env: cloud.env() });
    expect(run.code).toBe(0);
    const posted = await curl(`${sidecar.url}/connect/token`, form(credentialsForm));
    expect(run.stdout.trim()).toBe(JSON.parse(posted.body).access_token);
    const wrong = await runBin(['token', '--sidecar', sidecar.url], {
      env: cloud.env({ CLOUD_TOKEN_CLIENT_SECRET: 'wrong-77c2' }),
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).not.toContain('wrong-77c2');
    expect(tokenRequests()).toBe(1);
  });
});

describe('cloud-token serve: health, readiness, metrics', () => {
  it('answers /healthz, /readyz and /metrics, without a token or a secret', async () => {
    const sidecar = await serve();
    expect(await curl(`${sidecar.url}/healthz`)).toMatchObject({
      status: 200,
      body: '{"status":"ok"}',
    });
    const ready = await curl(`${sidecar.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ ready: true, store: 'local' });
    await curl(`${sidecar.url}/v4.0/words/a.docx`);
    await curl(`${sidecar.url}/connect/token`, form(credentialsForm));
    await curl(`${sidecar.url}/connect/token`, form({ ...credentialsForm, client_secret: 'x' }));
    const metrics = await curl(`${sidecar.url}/metrics`);
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metrics.body).toContain('# TYPE cloud_token_token_requests_total counter');
    expect(metrics.body).toMatch(/^cloud_token_token_requests_total\{outcome="issued"\} 1$/m);
    expect(metrics.body).toMatch(
      /^cloud_token_token_renewals_total\{reason="initial",from="token_endpoint"\} 1$/m,
    );
    expect(metrics.body).toMatch(/^cloud_token_api_calls_total\{status="200"\} 1$/m);
    expect(metrics.body).toMatch(/^cloud_token_facade_requests_total\{outcome="issued"\} 1$/m);
    expect(metrics.body).toMatch(/^cloud_token_facade_requests_total\{outcome="refused"\} 1$/m);
    expect(metrics.body).toMatch(/^cloud_token_token_expiry_timestamp_seconds \d{10}$/m);
    expect(metrics.body).not.toMatch(JWT);
    expect(metrics.body).not.toContain(CLIENT_ID);
  });

  it('says at start when it cannot get a token, and /readyz answers 503 with the reason', async () => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '300' });
    const sidecar = await serve();
    await sidecar.waitForLog(/"msg":"the sidecar cannot get a token"/);
    expect(sidecar.logs()).toMatch(
      /"level":"error","msg":"the sidecar cannot get a token","code":"ERR_RATE_LIMITED"/,
    );
    const ready = await curl(`${sidecar.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(Number(ready.headers['retry-after'])).toBeGreaterThan(200);
    expect(JSON.parse(ready.body)).toMatchObject({ ready: false, reason: 'rate-limited' });
    expect(await metricsOf(sidecar)).toMatch(
      /^cloud_token_guard_cooldowns_total\{reason="rate_limited"\} 1$/m,
    );
    const proxied = await curl(`${sidecar.url}/v4.0/words/a.docx`);
    expect(proxied.status).toBe(503);
    expect(proxied.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(tokenRequests()).toBe(1);
  });

  it('says at start that the proxy is off without a base URL; the facade still works', async () => {
    const sidecar = await startSidecarProcess([], cloud.env());
    running.push(sidecar);
    await sidecar.waitForLog(
      /"level":"warn","msg":"no API base URL: the API proxy is off, the token facade works"/,
    );
    const proxied = await curl(`${sidecar.url}/v4.0/words/a.docx`);
    expect(proxied.status).toBe(404);
    expect((await curl(`${sidecar.url}/connect/token`, form(credentialsForm))).status).toBe(200);
  });
});

describe('cloud-token serve: where it listens and for whom', () => {
  it('listens on a Unix socket (owner-only) when asked', async () => {
    const socket = join(await mkdtemp(join(tmpdir(), 'cloud-token-sock-')), 'sidecar.sock');
    const sidecar = await serve(['--socket', socket]);
    expect((await stat(socket)).mode & 0o777).toBe(0o600);
    const proxied = await curl('http://localhost/v4.0/words/a.docx', ['--unix-socket', socket]);
    expect(proxied.status).toBe(200);
    const token = await curl('http://localhost/connect/token', [
      '--unix-socket',
      socket,
      ...form(credentialsForm),
    ]);
    expect(token.status).toBe(200);
    await sidecar.stop();
    await expect(stat(socket)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    [['--host', '0.0.0.0'], /allowRemote: true and a localClientSecret/],
    [['--host', '0.0.0.0', '--allow-remote'], /allowRemote: true and a localClientSecret/],
    [['--socket', '/tmp/x.sock', '--port', '1'], /--socket listens instead of --host and --port/],
    [['--port', 'eighty'], /--port must be a whole number/],
  ])('refuses %j at start: exit 64', async (args, message) => {
    const run = await runBin(['serve', ...args], {
      env: cloud.env({ CLOUD_TOKEN_BASE_URL: cloud.emulator.url }),
    });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(tokenRequests()).toBe(0);
  });

  it('with a local client secret: the facade takes the local pair only, the proxy asks who calls, any Host goes', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cloud-token-local-'));
    const file = join(directory, 'local-secret');
    await writeFile(file, 'local-secret-5e9f\n', { mode: 0o600 });
    const sidecar = await serve([
      '--local-client-id',
      'local-app',
      '--local-client-secret-file',
      file,
    ]);
    const local = {
      grant_type: 'client_credentials',
      client_id: 'local-app',
      client_secret: 'local-secret-5e9f',
    };

    const real = await curl(`${sidecar.url}/connect/token`, form(credentialsForm));
    expect(real.status).toBe(401);
    const given = await curl(`${sidecar.url}/connect/token`, [
      '-H',
      'Host: sidecar.internal',
      ...form(local),
    ]);
    expect(given.status).toBe(200);
    const token = JSON.parse(given.body).access_token as string;

    const anonymous = await curl(`${sidecar.url}/v4.0/words/a.docx`);
    expect(anonymous.status).toBe(401);
    const bearer = await curl(`${sidecar.url}/v4.0/words/a.docx`, [
      '-H',
      `Authorization: Bearer ${token}`,
      '-H',
      'Host: sidecar.internal',
    ]);
    expect(bearer.status).toBe(200);
    const pair = await curl(`${sidecar.url}/v4.0/words/a.docx`, [
      '-H',
      `Authorization: ${basic('local-app', 'local-secret-5e9f')}`,
    ]);
    expect(pair.status).toBe(200);
    const forged = await curl(`${sidecar.url}/v4.0/words/a.docx`, [
      '-H',
      'Authorization: Bearer eyJforged.eyJx.y',
    ]);
    expect(forged.status).toBe(401);
    expect(cloud.emulator.stats.apiRequests.total).toBe(2);
    expect(sidecar.logs()).not.toContain('local-secret-5e9f');
  });
});

describe('cloud-token serve: shutdown', () => {
  it('drains the call in flight on SIGTERM, then exits 0', async () => {
    const sidecar = await serve(['--verbose']);
    await sidecar.waitForLog(/"msg":"token adopted"/);
    cloud.emulator.control.setLatency({ apiMs: 2_000 });
    const inFlight = curl(`${sidecar.url}/v4.0/words/slow.docx`);
    await sidecar.waitForLog(/"msg":"proxying a call"/);
    sidecar.signal('SIGTERM');
    await sidecar.waitForLog(/"msg":"draining/);
    await expect(curl(`${sidecar.url}/healthz`)).rejects.toThrow();
    expect((await inFlight).status).toBe(200);
    const ended = await sidecar.exited;
    expect(ended.code).toBe(0);
    expect(sidecar.logs()).toMatch(/"msg":"sidecar stopped"/);
  });

  it('exits at once on a second SIGTERM, without waiting for the call in flight', async () => {
    const sidecar = await serve(['--verbose']);
    await sidecar.waitForLog(/"msg":"token adopted"/);
    cloud.emulator.control.setLatency({ apiMs: 60_000 });
    const inFlight = curl(`${sidecar.url}/v4.0/words/slow.docx`).then(
      (answer) => answer.status,
      () => 'cut off',
    );
    await sidecar.waitForLog(/"msg":"proxying a call"/);
    sidecar.signal('SIGTERM');
    await sidecar.waitForLog(/"msg":"draining/);
    sidecar.signal('SIGTERM');
    const ended = await sidecar.exited;
    expect(ended.code).toBe(143);
    expect(sidecar.logs()).toMatch(
      /"msg":"second signal: exiting without waiting for calls in flight"/,
    );
    expect(await inFlight).toBe('cut off');
    cloud.emulator.control.setLatency({ apiMs: 0 });
  });
});

describe('cloud-token serve --redis: sidecars on many hosts', () => {
  const shared = useTestRedis();

  it('share one token and one guard: two sidecars, one token request; a rejection recorded by one refuses the other', async () => {
    const fleet = { CLOUD_TOKEN_REDIS_URL: shared.redis.url };
    const first = await serve([], fleet);
    const second = await serve([], fleet);
    const [a, b] = await Promise.all(
      [first, second].map((sidecar) => curl(`${sidecar.url}/connect/token`, form(credentialsForm))),
    );
    expect(JSON.parse(a?.body ?? '{}').access_token).toBe(JSON.parse(b?.body ?? '{}').access_token);
    expect(tokenRequests()).toBe(1);
    expect(JSON.parse((await curl(`${second.url}/readyz`)).body)).toMatchObject({
      ready: true,
      store: 'shared',
    });

    const wrong = { ...fleet, CLOUD_TOKEN_CLIENT_SECRET: 'wrong-fleet-secret-8b' };
    const rejected = await serve([], wrong);
    await rejected.waitForLog(
      /"msg":"the sidecar cannot get a token","code":"ERR_CREDENTIALS_REJECTED"/,
    );
    const alsoRejected = await serve([], wrong);
    await alsoRejected.waitForLog(
      /"msg":"the sidecar cannot get a token","code":"ERR_CREDENTIALS_REJECTED"/,
    );
    expect(cloud.emulator.stats.tokenRequests.rejected).toBe(1);
    for (const sidecar of [rejected, alsoRejected])
      expect(sidecar.logs()).not.toContain('wrong-fleet-secret-8b');
  });
});
