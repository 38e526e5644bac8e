import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArguments } from '../src/cli-options.js';

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
      },
    });
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
  ])('rejects %o with a CliUsageError', (args, message) => {
    expect(() => parseCliArguments(args, {})).toThrow(CliUsageError);
    expect(() => parseCliArguments(args, {})).toThrow(message);
  });
});
