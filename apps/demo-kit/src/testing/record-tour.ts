import { createTourOutput, type TourOutput } from '../tour-output.js';

/**
 * A tour output that keeps every line, for a test to search.
 *
 * @example
 * ```ts
 * const { output, lines }: RecordedTour = recordTour();
 * ```
 */
export interface RecordedTour {
  readonly output: TourOutput;
  /** The tour's lines, and cloud-token's log lines as `message {fields as JSON}`. */
  readonly lines: string[];
}

/**
 * Records a tour: its steps and lines, and every log line of cloud-token at
 * every level, unlabelled, so a test can match a message at the line's start.
 *
 * @example
 * ```ts
 * const { output, lines } = recordTour();
 * await runEmulatorTour(emulator, output);
 * expect(lines).toContainEqual(expect.stringMatching(/^token obtained/));
 * ```
 */
export function recordTour(): RecordedTour {
  const lines: string[] = [];
  const record = (message: string, fields?: Record<string, unknown>): void => {
    lines.push(`${message} ${JSON.stringify(fields)}`);
  };
  const output = createTourOutput((line) => lines.push(line), {
    debug: record,
    info: record,
    warn: record,
    error: record,
  });
  return { output, lines };
}
