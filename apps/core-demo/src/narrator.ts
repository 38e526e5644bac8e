import type { Logger } from '@cloud-token/core';

/** Where the tour writes: a line printer, and the library's own log lines shown indented. */
export interface Narrator {
  step(title: string): void;
  say(line: string): void;
  logger: Logger;
}

export function createNarrator(write: (line: string) => void): Narrator {
  let count = 0;
  const show =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      const detail = fields ? ` ${JSON.stringify(fields)}` : '';
      write(`      · cloud-token ${level}: ${message}${detail}`);
    };
  return {
    step(title) {
      count += 1;
      write('');
      write(`${count}. ${title}`);
    },
    say(line) {
      write(`   ${line}`);
    },
    logger: { info: show('info'), warn: show('warn'), error: show('error') },
  };
}
