import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArguments, usage } from '../src/cli-options.js';
import { controlEndpoints, curlLine } from '../src/control-endpoints.js';

describe('parseCliArguments', () => {
  it('maps every flag to an emulator option', () => {
    const command = parseCliArguments(
      [
        '--port=0',
        '--host',
        '::1',
        '--client-id',
        'id',
        '--client-secret',
        'flag-secret',
        '--profile',
        'groupdocs',
        '--token-ttl',
        '3600',
        '--time-scale',
        '0.001',
        '--request-log-size',
        '50',
        '--control-token',
        'flag-control-token',
      ],
      {},
    );

    expect(command).toEqual({
      kind: 'start',
      options: {
        port: 0,
        host: '::1',
        clientId: 'id',
        clientSecret: 'flag-secret',
        profile: 'groupdocs',
        tokenTtlSeconds: 3600,
        timeScale: 0.001,
        requestLogSize: 50,
        controlToken: 'flag-control-token',
      },
    });
  });

  it('takes the control token from the environment too', () => {
    const command = parseCliArguments([], {
      CLOUD_TOKEN_EMULATOR_CONTROL_TOKEN: 'env-control-token',
    });

    expect(command).toMatchObject({ options: { controlToken: 'env-control-token' } });
  });

  it('listens on port 4010 by default and takes the secret from the environment', () => {
    expect(parseCliArguments([], { CLOUD_TOKEN_EMULATOR_CLIENT_SECRET: 'env-secret' })).toEqual({
      kind: 'start',
      options: { port: 4010, clientSecret: 'env-secret' },
    });
  });

  it('prefers the flag over the environment variable', () => {
    const command = parseCliArguments(['--client-secret', 'flag'], {
      CLOUD_TOKEN_EMULATOR_CLIENT_SECRET: 'env',
    });

    expect(command).toMatchObject({ options: { clientSecret: 'flag' } });
  });

  it.each([['--help'], ['-h'], ['--port', '1', '--help']])('%s asks for help', (...args) => {
    expect(parseCliArguments(args, {})).toEqual({ kind: 'help' });
  });

  it.each([
    [['--verbose'], /Unknown option '--verbose'/],
    [['extra'], /positional/i],
    [['--port'], /argument missing/],
    [['--port', 'abc'], /--port must be a whole number/],
    [['--token-ttl', '1.5'], /--token-ttl must be a whole number/],
    [['--time-scale', 'fast'], /--time-scale must be a number/],
    [['--request-log-size=-3'], /--request-log-size must be a whole number/],
  ])('rejects %o with a CliUsageError', (args, message) => {
    expect(() => parseCliArguments(args, {})).toThrow(CliUsageError);
    expect(() => parseCliArguments(args, {})).toThrow(message);
  });
});

describe('usage', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it.each(
    controlEndpoints.map((endpoint) => [`${endpoint.method} ${endpoint.path}`, endpoint] as const),
  )('documents %s with a curl line, in --help and in the README', (_name, endpoint) => {
    const line = curlLine(endpoint, 'http://127.0.0.1:4010');

    expect(usage).toContain(`${endpoint.method} /_emulator${endpoint.path}`);
    expect(usage).toContain(line);
    expect(readme).toContain(line);
  });
});
