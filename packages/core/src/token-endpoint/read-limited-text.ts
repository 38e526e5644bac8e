/**
 * What {@link readLimitedText} read: the text, or the fact that there was too much.
 *
 * @example
 * ```ts
 * const read: LimitedText = await readLimitedText(response.body, 1024);
 * const text = read.tooLarge ? undefined : read.text;
 * ```
 */
export type LimitedText = { tooLarge: false; text: string } | { tooLarge: true };

/**
 * Reads `body` as UTF-8 text, chunk by chunk, and stops (cancelling the
 * stream) as soon as it exceeds `maxBytes`, so a huge or endless answer costs
 * at most `maxBytes` of memory. A `null` body reads as `''`. A stream error
 * rejects with the stream's error.
 *
 * @example
 * ```ts
 * const read = await readLimitedText(response.body, 64 * 1024);
 * if (read.tooLarge) throw new TokenResponseError('the answer is larger than 64 KiB');
 * ```
 */
export async function readLimitedText(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<LimitedText> {
  if (body === null) return { tooLarge: false, text: '' };
  const reader = body.getReader();
  // Streaming decode: a character split between two chunks is joined, as one decode of all would.
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // The answer is already refused; a failure to release the stream changes nothing.
      reader.cancel().catch(() => undefined);
      return { tooLarge: true };
    }
    text += decoder.decode(value, { stream: true });
  }
  return { tooLarge: false, text: text + decoder.decode() };
}
