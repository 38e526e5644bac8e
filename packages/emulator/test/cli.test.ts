import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];

/** Runs the CLI from its sources (tsx), the way `node dist/cli.js` runs once built. */
function runCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: packageDirectory,
    env: { ...process.env, ...env },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** Resolves the base URL once the CLI has printed it. */
    async url(): Promise<string> {
      while (!/listening on (\S+)/.test(stdout)) {
        await Promise.race([
          once(child.stdout, 'data'),
          exited.then(() => {
            throw new Error(`the CLI exited early: ${stderr}`);
          }),
        ]);
      }
      return /listening on (\S+)/.exec(stdout)?.[1] ?? '';
    },
  };
}

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

describe('cloud-token-emulator', () => {
  it('serves tokens on the printed URL and stops cleanly on SIGTERM', async () => {
    const cli = runCli(['--port', '0', '--client-id', 'cli-client', '--profile', 'groupdocs'], {
      CLOUD_TOKEN_EMULATOR_CLIENT_SECRET: 'secret-from-env',
    });
    const url = await cli.url();

    const response = await fetch(`${url}/connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'cli-client',
        client_secret: 'secret-from-env',
      }),
    });
    expect(response.status).toBe(200);
    expect(cli.output().stdout).toContain(`${url}/connect/token`);
    expect(cli.output().stdout).toContain('groupdocs');
    expect(cli.output().stdout).not.toContain('secret-from-env');
    expect(cli.output().stdout).toContain(`console        ${url}/_emulator/`);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toContain('stopped');
  }, 30_000);

  it('guards the control plane with the control token from the environment, never printing it', async () => {
    const cli = runCli(['--port', '0'], {
      CLOUD_TOKEN_EMULATOR_CONTROL_TOKEN: 'control-token-from-env',
    });
    const url = await cli.url();
    const revoke = (headers: Record<string, string>) =>
      fetch(`${url}/_emulator/revoke`, { method: 'POST', headers }).then((answer) => answer.status);

    expect(await revoke({})).toBe(401);
    expect(await revoke({ authorization: 'Bearer control-token-from-env' })).toBe(200);
    expect(cli.output().stdout).toContain('Authorization: Bearer <control token> (set, not shown)');
    expect(cli.output().stdout).not.toContain('control-token-from-env');
  }, 30_000);

  it('stops cleanly on SIGINT', async () => {
    const cli = runCli(['--port', '0']);
    await cli.url();

    cli.child.kill('SIGINT');

    expect(await cli.exited).toBe(0);
  }, 30_000);

  it.each([
    [['--port', '0', '--bogus'], /Unknown option '--bogus'/],
    [['--port', '70000'], /"port" must be from 0 to 65535/],
  ])(
    'exits with code 2 and a clear message for %o',
    async (args, message) => {
      const cli = runCli(args);

      expect(await cli.exited).toBe(2);
      expect(cli.output().stderr).toMatch(message);
    },
    30_000,
  );

  it('prints usage for --help and exits 0', async () => {
    const cli = runCli(['--help']);

    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toMatch(/^Usage: cloud-token-emulator/);
  }, 30_000);
});
