import { describe, expect, it } from 'vitest';
import { CLIENT_SECRET, useCliCloud } from './support/cli-cloud.js';
import { runBin, secretFree } from './support/cloud-token-bin.js';
import { runInTerminal } from './support/run-in-terminal.js';

const cloud = useCliCloud();
const commands = ['token', 'header', 'info', 'check', 'guard', 'serve'];
const ESCAPE = '\u001b[';

describe('cloud-token --help', () => {
  it('lists every command, with the exit codes, on stdout', async () => {
    const run = await runBin(['--help']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    for (const command of commands) expect(run.stdout).toMatch(new RegExp(`\\n  ${command} +\\S`));
    expect(run.stdout).toContain(
      'Exit codes: 0 good, 2 rejected,\n3 rate limited, 4 unreachable, 64 usage (1 is a crash).',
    );
  });

  it.each(commands)(
    'is on %s: usage, flags with their variables, examples; exit 0, nothing else run',
    async (command) => {
      const run = await runBin([command, '--help'], { env: cloud.env() });
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`^Usage:\\n  cloud-token ${command} `));
      expect(run.stdout).toContain('\nFlags:\n');
      expect(run.stdout).toContain('  -h, --help');
      expect(run.stdout).toContain('\nExamples:\n');
      expect(run.stdout).toContain('--client-secret-file PATH');
      expect(run.stdout).not.toMatch(/--client-secret /);
      expect(cloud.emulator.stats.tokenRequests.total).toBe(0);
      expect(secretFree(run, [CLIENT_SECRET])).toBe(true);
    },
  );

  it('prints the help on stderr and exits 64 without a command; --version prints the version', async () => {
    const bare = await runBin([]);
    expect(bare.code).toBe(64);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain('Usage:\n  cloud-token <command> [flags]');
    const version = await runBin(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: '0.0.0\n', stderr: '' });
  });
});

describe('cloud-token: mistakes on the command line', () => {
  it.each([
    [['tokne'], 'cloud-token: usage: unknown command tokne; did you mean token?'],
    [
      ['token', '--tokenurl', 'x'],
      'cloud-token: usage: unknown flag --tokenurl; did you mean --token-url?',
    ],
    [['token', '--token-url'], 'cloud-token: usage: --token-url needs a value: --token-url URL'],
    [
      ['token', '--token-url', '--json'],
      'cloud-token: usage: --token-url needs a value: --token-url URL',
    ],
    [['token', '--json=yes'], 'cloud-token: usage: --json takes no value'],
    [['token', 'extra'], 'cloud-token: usage: token takes no arguments, only flags; see --help'],
    [
      ['token', '--preset', 'azure'],
      'cloud-token: usage: --preset (or CLOUD_TOKEN_PRESET) must be aspose or groupdocs',
    ],
    [
      ['token', '--sidecar', 'localhost'],
      'cloud-token: usage: --sidecar (or CLOUD_TOKEN_SIDECAR) must be a URL such as http://127.0.0.1:4020',
    ],
  ])('%j: one line on stderr, exit 64, no token request', async (args, line) => {
    const run = await runBin(args, { env: cloud.env() });
    expect(run).toMatchObject({ code: 64, stdout: '', stderr: `${line}\n` });
    expect(cloud.emulator.stats.tokenRequests.total).toBe(0);
  });

  it.each([['--client-secret', 'the-secret-on-argv-1'], ['--client-secret=the-secret-on-argv-1']])(
    'refuses %s with where the secret goes instead, never repeating it',
    async (...args) => {
      for (const command of commands) {
        const run = await runBin([command, ...args], { env: cloud.env() });
        expect(run.code).toBe(64);
        expect(run.stderr).toBe(
          'cloud-token: usage: --client-secret is refused: a secret on the command line shows in `ps` and in shell history. ' +
            'Set CLOUD_TOKEN_CLIENT_SECRET, or use --client-secret-file PATH or --client-secret-stdin\n',
        );
        expect(secretFree(run, ['the-secret-on-argv-1', CLIENT_SECRET])).toBe(true);
      }
      expect(cloud.emulator.stats.tokenRequests.total).toBe(0);
    },
  );
});

describe('cloud-token: colours', () => {
  it('uses colours on a terminal only, and never with NO_COLOR', async () => {
    const good = await runInTerminal(['check'], cloud.env());
    expect(good.code).toBe(0);
    expect(good.stdout).toContain(`${ESCAPE}32mok${ESCAPE}39m`);
    const bad = await runInTerminal(
      ['check'],
      cloud.env({ CLOUD_TOKEN_CLIENT_SECRET: 'wrong-0e7d' }),
    );
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain(`cloud-token: ${ESCAPE}31mrejected${ESCAPE}39m: `);
    expect(secretFree(bad, [CLIENT_SECRET, 'wrong-0e7d'])).toBe(true);

    for (const noColor of ['1', 'true']) {
      const plain = await runInTerminal(['check'], cloud.env({ NO_COLOR: noColor }));
      expect(plain.code).toBe(0);
      expect(plain.stdout).toMatch(/^ok: /);
      expect(plain.stdout).not.toContain(ESCAPE);
      const plainError = await runInTerminal(
        ['check'],
        cloud.env({ NO_COLOR: noColor, CLOUD_TOKEN_CLIENT_SECRET: 'wrong-0e7d' }),
      );
      expect(plainError.stdout).toMatch(/^cloud-token: rejected: /);
      expect(plainError.stdout).not.toContain(ESCAPE);
    }
    // Not a terminal: no colours, whatever the environment.
    const piped = await runBin(['check'], { env: cloud.env() });
    expect(piped.stdout).toMatch(/^ok: /);
    expect(piped.stdout).not.toContain(ESCAPE);
  });
});
