import { describe, expect, it } from 'vitest';
import { CommandLineError } from '../src/command-line-error.js';
import type { Flags } from '../src/flags.js';
import { parseFlags } from '../src/parse-flags.js';

const flags: Flags = {
  'token-url': { type: 'string', value: 'URL', help: '' },
  'client-secret-file': { type: 'string', value: 'PATH', help: '' },
  json: { type: 'boolean', help: '' },
  help: { type: 'boolean', short: 'h', help: '' },
};

const failure = (args: string[]) => {
  try {
    parseFlags(args, flags);
  } catch (error) {
    expect(error).toBeInstanceOf(CommandLineError);
    return (error as Error).message;
  }
  throw new Error('expected a CommandLineError');
};

describe('parseFlags', () => {
  it('reads values, switches, short flags and positionals', () => {
    expect(parseFlags(['status', '--token-url', 'http://x', '--json', '-h'], flags)).toEqual({
      values: { 'token-url': 'http://x', json: true, help: true },
      positionals: ['status'],
    });
    expect(parseFlags(['--token-url=-odd'], flags).values['token-url']).toBe('-odd');
  });

  it('names an unknown flag and the closest known one, never a value', () => {
    expect(failure(['--tokenurl=https://user:pw@host'])).toBe(
      'unknown flag --tokenurl; did you mean --token-url?',
    );
    expect(failure(['--frobnicate'])).toBe('unknown flag --frobnicate; see --help');
    expect(failure(['--a-secret-in-a-flag-name!'])).toBe('unknown flag an option; see --help');
  });

  it('says a value is missing, or given to a switch', () => {
    expect(failure(['--token-url'])).toBe('--token-url needs a value: --token-url URL');
    expect(failure(['--token-url', '--json'])).toBe('--token-url needs a value: --token-url URL');
    expect(failure(['--json=1'])).toBe('--json takes no value');
  });

  it('refuses --client-secret in every spelling, with where the secret goes, never echoing it', () => {
    for (const args of [['--client-secret', 's3'], ['--client-secret=s3'], ['--client-secret']]) {
      const message = failure(args);
      expect(message).toMatch(
        /^--client-secret is refused: .* Set CLOUD_TOKEN_CLIENT_SECRET, or use --client-secret-file PATH or --client-secret-stdin$/,
      );
      expect(message).not.toContain('s3');
    }
  });
});
