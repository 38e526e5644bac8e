import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_SECRET, useCliCloud } from './support/cli-cloud.js';
import { JWT, runBin, secretFree } from './support/cloud-token-bin.js';

const cloud = useCliCloud();

describe('cloud-token token', () => {
  it('prints the access token and nothing else, with one token request', async () => {
    const run = await runBin(['token'], { env: cloud.env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`^${JWT.source}\\n$`));
    expect(run.stdout).not.toContain(CLIENT_SECRET);
    expect(cloud.emulator.stats.tokenRequests).toMatchObject({ total: 1, issued: 1 });
    // The cloud takes it.
    const answer = await fetch(`${cloud.emulator.apiUrl}/words/doc.docx`, {
      headers: { authorization: `Bearer ${run.stdout.trim()}` },
    });
    expect(answer.status).toBe(200);
  });

  it('--json prints what `az account get-access-token` prints: accessToken, expiresOn, expires_on, tokenType', async () => {
    const before = Date.now();
    const run = await runBin(['token', '--json'], { env: cloud.env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const answer = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual(['accessToken', 'expiresOn', 'expires_on', 'tokenType']);
    expect(answer.accessToken).toMatch(JWT);
    expect(answer.tokenType).toBe('Bearer');
    expect(answer.expiresOn).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    // The emulator's default lifetime: one day.
    const expiresOn = answer.expires_on as number;
    expect(expiresOn * 1_000).toBeGreaterThan(before + 86_000_000);
    expect(expiresOn * 1_000).toBeLessThan(Date.now() + 86_401_000);
  });

  it('reads the secret from a file or from stdin as well as from the environment', async () => {
    const { CLOUD_TOKEN_CLIENT_SECRET: _secret, ...noSecret } = cloud.env();
    const fromStdin = await runBin(['token', '--client-secret-stdin'], {
      env: noSecret,
      input: `${CLIENT_SECRET}\n`,
    });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toMatch(JWT);
    const wrong = await runBin(['token', '--client-secret-stdin'], {
      env: noSecret,
      input: 'nope\n',
    });
    expect(wrong.code).toBe(2);
    const file = join(await mkdtemp(join(tmpdir(), 'cloud-token-cli-')), 'secret');
    await writeFile(file, `${CLIENT_SECRET}\n`, { mode: 0o600 });
    const fromFile = await runBin(['token', '--client-secret-file', file], { env: noSecret });
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toMatch(JWT);
    const missing = await runBin(['token', '--client-secret-file', `${file}.missing`], {
      env: noSecret,
    });
    expect(missing).toMatchObject({ code: 64, stdout: '' });
    expect(missing.stderr).toBe(
      'cloud-token: usage: cannot read the file of --client-secret-file (ENOENT)\n',
    );
    const none = await runBin(['token'], { env: noSecret });
    expect(none.code).toBe(64);
    expect(none.stderr).toMatch(
      /no client secret: set CLOUD_TOKEN_CLIENT_SECRET, or use --client-secret-file PATH or --client-secret-stdin/,
    );
    expect(cloud.emulator.stats.tokenRequests).toMatchObject({ issued: 2, rejected: 1 });
  });

  it.each([
    [
      'rejected credentials',
      2,
      () => ({ CLOUD_TOKEN_CLIENT_SECRET: 'a-wrong-secret-3b8e' }),
      /^cloud-token: rejected: .*invalid_client/,
    ],
    [
      'an unreachable token endpoint',
      4,
      () => ({ CLOUD_TOKEN_URL: 'http://127.0.0.1:9/connect/token' }),
      /^cloud-token: unreachable: /,
    ],
    [
      'no client id',
      64,
      () => ({ CLOUD_TOKEN_CLIENT_ID: '' }),
      /^cloud-token: usage: no client id: set CLOUD_TOKEN_CLIENT_ID/,
    ],
    [
      'a token URL that is not a URL',
      64,
      () => ({ CLOUD_TOKEN_URL: 'not a url' }),
      /^cloud-token: usage: .*\(set by --token-url, CLOUD_TOKEN_URL, --preset or --sidecar\)$/,
    ],
  ])('ends with one line on stderr and its exit code for %s', async (_, code, extra, line) => {
    const run = await runBin(['token'], { env: cloud.env(extra()) });
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([expect.stringMatching(line), '']);
    expect(secretFree(run, [CLIENT_SECRET, 'a-wrong-secret-3b8e'])).toBe(true);
  });

  it('exits 3 while the token endpoint rate limits, with the time to wait', async () => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    const run = await runBin(['token'], { env: cloud.env() });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^cloud-token: rate limited: .*no token request before \d{4}-/);
    expect(cloud.emulator.stats.tokenRequests.rateLimited).toBe(1);
    expect(secretFree(run, [CLIENT_SECRET])).toBe(true);
  });
});

describe('cloud-token header', () => {
  it('prints one Authorization header line, for curl -H @-', async () => {
    const run = await runBin(['header'], { env: cloud.env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`^Authorization: Bearer ${JWT.source}\\n$`));
    expect(run.stdout).not.toContain(CLIENT_SECRET);
  });

  it('exits 2 for rejected credentials, printing no header', async () => {
    const run = await runBin(['header'], {
      env: cloud.env({ CLOUD_TOKEN_CLIENT_SECRET: 'wrong-9d2c' }),
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(secretFree(run, [CLIENT_SECRET, 'wrong-9d2c'])).toBe(true);
  });
});
