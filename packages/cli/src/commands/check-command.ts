import { tracingChannel } from 'node:diagnostics_channel';
import {
  CLOUD_TOKEN_CHANNELS,
  isCloudTokenError,
  systemClock,
  type TokenAcquireContext,
} from '@cloud-token/core';
import { EXIT_CODES, exitCodeOf } from '../exit-codes.js';
import { credentialFlags, helpFlag } from '../flags.js';
import { formatDuration } from '../format-time.js';
import { openTokenSource, withTokenSource } from '../open-token-source.js';
import { errorLine } from '../report-error.js';
import { terminalStyle } from '../terminal-style.js';
import type { Command } from '../types.js';

/**
 * `cloud-token check`: are these credentials good? At most one token
 * request, and none at all when the store (with `--redis`) records a
 * rejection or a cooldown for them; the exit code says which outcome.
 */
export const checkCommand: Command = {
  name: 'check',
  summary: 'are these credentials good? (exit code 0, 2, 3 or 4)',
  usage: ['cloud-token check [flags]'],
  description: [
    'Asks for a token once and says whether the credentials are good. It sends at most one',
    'token request, and none when the store (--redis) records a rejection or a cooldown for',
    'these credentials, or already holds a token for them: a check never adds to the',
    "fleet's failed requests. Exit codes: 0 good, 2 rejected, 3 rate limited (a 429",
    'cooldown or a spent failure budget), 4 unreachable, 64 usage.',
  ].join('\n'),
  flags: { ...credentialFlags, ...helpFlag },
  examples: ['cloud-token check && echo good', 'cloud-token check --redis redis://127.0.0.1:6379'],
  async run(parsed, io) {
    const opened = await openTokenSource(this.flags, parsed, io, { retry: { attempts: 1 } });
    const sent = countTokenRequests(opened.source.label ?? '');
    return withTokenSource(opened, io, async ({ source, grant, from }) => {
      const out = terminalStyle(io.stdout, io.env);
      try {
        const token = await source.getToken();
        const how =
          sent.count() === 0
            ? 'a token for these credentials is in the store'
            : `${from} issued a token`;
        const valid = formatDuration(token.expiresAt - systemClock.now());
        io.stdout.write(`${out.green('ok')}: ${grant.label}: ${how}, valid for ${valid}\n`);
        return EXIT_CODES.ok;
      } catch (error) {
        if (!isCloudTokenError(error)) throw error;
        const extra =
          sent.count() === 0
            ? '; no token request sent: the store records this for these credentials' +
              (opened.redis === undefined ? '' : ' (see `cloud-token guard status`)')
            : '';
        io.stderr.write(errorLine(error, terminalStyle(io.stderr, io.env), extra));
        return exitCodeOf(error);
      } finally {
        sent.stop();
      }
    });
  },
};

/** Counts the token requests the source labelled `client` starts, from the core's tracing channel. */
function countTokenRequests(client: string): { count(): number; stop(): void } {
  let count = 0;
  const { start } = tracingChannel<TokenAcquireContext>(CLOUD_TOKEN_CHANNELS.tokenAcquire);
  const onStart = (message: unknown) => {
    if ((message as TokenAcquireContext).client === client) count += 1;
  };
  start.subscribe(onStart);
  return { count: () => count, stop: () => start.unsubscribe(onStart) };
}
