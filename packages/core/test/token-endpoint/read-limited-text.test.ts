import { describe, expect, it } from 'vitest';
import { readLimitedText } from '../../src/token-endpoint/read-limited-text.js';

function streamOf(chunks: Uint8Array[], onCancel?: () => void): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
    cancel: onCancel,
  });
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('readLimitedText', () => {
  it('reads a null body as empty', async () => {
    expect(await readLimitedText(null, 10)).toEqual({ tooLarge: false, text: '' });
  });

  it('joins chunks and decodes UTF-8 split across them', async () => {
    const check = bytes('✓');
    const body = streamOf([bytes('a'), check.slice(0, 1), check.slice(1), bytes('b')]);
    expect(await readLimitedText(body, 100)).toEqual({ tooLarge: false, text: 'a✓b' });
  });

  it('reads exactly maxBytes', async () => {
    expect(await readLimitedText(streamOf([bytes('12345')]), 5)).toEqual({
      tooLarge: false,
      text: '12345',
    });
  });

  it('stops at the cap and cancels the stream, without reading the rest', async () => {
    let cancelled = false;
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new Uint8Array(1024));
      },
      cancel() {
        cancelled = true;
      },
    });
    expect(await readLimitedText(endless, 4096)).toEqual({ tooLarge: true });
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(10);
  });

  it('rejects with the stream error', async () => {
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('socket closed'));
      },
    });
    await expect(readLimitedText(broken, 10)).rejects.toThrow('socket closed');
  });
});
