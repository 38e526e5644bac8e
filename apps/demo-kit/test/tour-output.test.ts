import { createTourOutput } from '@cloud-token/demo-kit';
import { describe, expect, it } from 'vitest';

describe('createTourOutput', () => {
  it('numbers the steps and indents the lines under them', () => {
    const lines: string[] = [];
    const output = createTourOutput((line) => lines.push(line));

    output.step('A cold herd');
    output.say('1 token request');
    output.step('A wrong secret');

    expect(lines).toEqual(['', '1. A cold herd', '   1 token request', '', '2. A wrong secret']);
  });

  it("shows cloud-token's info, warn and error lines as labelled asides, and no debug", () => {
    const lines: string[] = [];
    const { logger } = createTourOutput((line) => lines.push(line));

    logger.info?.('token obtained', { client: 'demo-app' });
    logger.warn?.('cooling down');
    logger.error?.('token request failed', { status: 500 });

    expect(logger.debug).toBeUndefined();
    expect(lines).toEqual([
      '      · cloud-token info: token obtained {"client":"demo-app"}',
      '      · cloud-token warn: cooling down',
      '      · cloud-token error: token request failed {"status":500}',
    ]);
  });

  it('hands over the logger it is given', () => {
    const logger = { info: () => {} };
    expect(createTourOutput(() => {}, logger).logger).toBe(logger);
  });
});
