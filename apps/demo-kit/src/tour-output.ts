import type { Logger } from '@cloud-token/core';

/**
 * Where a tour writes: numbered steps, lines under them, and the logger
 * handed to cloud-token.
 *
 * @example
 * ```ts
 * async function runEmulatorTour(emulator: Emulator, output: TourOutput) {
 *   output.step('A cold herd');
 *   const source = createTokenSource(grant, { logger: output.logger });
 *   output.say(`token requests: ${emulator.stats.tokenRequests.total}`);
 * }
 * ```
 */
export interface TourOutput {
  /** Starts the next numbered step: a blank line, then `N. title`. */
  step(title: string): void;
  /** A line under the current step. */
  say(line: string): void;
  /** Hand it to cloud-token, so the library's own log shows inside the story. */
  readonly logger: Logger;
}

/**
 * A {@link TourOutput} writing lines through `write`. The default logger
 * writes cloud-token's info, warn and error lines through `write` too,
 * indented and labelled, so they read as asides of the step they happen in.
 *
 * @example
 * ```ts
 * const output = createTourOutput((line) => console.log(line));
 * output.step('A cold herd'); // "\n1. A cold herd"
 * output.say('1 token request'); // "   1 token request"
 * createTokenSource(grant, { logger: output.logger });
 * ```
 */
export function createTourOutput(
  write: (line: string) => void,
  logger: Logger = labelledLogger(write),
): TourOutput {
  let steps = 0;
  return {
    step(title) {
      steps += 1;
      write('');
      write(`${steps}. ${title}`);
    },
    say(line) {
      write(`   ${line}`);
    },
    logger,
  };
}

function labelledLogger(write: (line: string) => void): Logger {
  const show =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      const detail = fields ? ` ${JSON.stringify(fields)}` : '';
      write(`      · cloud-token ${level}: ${message}${detail}`);
    };
  // Debug lines (invalidations, closes) would drown the story; the tour tells those itself.
  return { info: show('info'), warn: show('warn'), error: show('error') };
}
