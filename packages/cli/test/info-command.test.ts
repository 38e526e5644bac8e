import { describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, useCliCloud } from './support/cli-cloud.js';
import { runBin, secretFree } from './support/cloud-token-bin.js';

const cloud = useCliCloud();

describe('cloud-token info', () => {
  it("shows the token's issuer, client id, scopes, audience and expiry, never the token", async () => {
    const run = await runBin(['info'], { env: cloud.env() });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(secretFree(run, [CLIENT_SECRET])).toBe(true);
    const rows = Object.fromEntries(
      run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => [line.slice(0, 9).trim(), line.slice(11)]),
    );
    expect(rows).toEqual({
      issuer: cloud.emulator.url,
      'client id': CLIENT_ID,
      scopes: 'api.platform api.read api.write',
      audience: `${cloud.emulator.url}/resources`,
      expires: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z \(in (1 d|23 h 59 min)\)$/),
    });
  });

  it('--json gives the same as an object, with the remaining lifetime in seconds', async () => {
    const run = await runBin(['info', '--json'], {
      env: cloud.env({ CLOUD_TOKEN_SCOPE: 'api.read' }),
    });
    expect(run.code).toBe(0);
    expect(secretFree(run, [CLIENT_SECRET])).toBe(true);
    const info = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(info).toMatchObject({
      issuer: cloud.emulator.url,
      clientId: CLIENT_ID,
      scopes: ['api.read'],
      jwt: true,
    });
    expect(info.expiresInSeconds).toBeGreaterThan(86_000);
    expect(info.expiresInSeconds).toBeLessThanOrEqual(86_400);
  });

  it('exits 2 for rejected credentials with one line, and nothing on stdout', async () => {
    const run = await runBin(['info'], {
      env: cloud.env({ CLOUD_TOKEN_CLIENT_SECRET: 'wrong-55aa' }),
    });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(secretFree(run, [CLIENT_SECRET, 'wrong-55aa'])).toBe(true);
  });
});
