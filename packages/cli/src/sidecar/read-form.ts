import type { IncomingMessage } from 'node:http';

/** The largest token request body the facade reads (a form of a few fields). */
export const MAX_FORM_BYTES = 64 * 1024;

/**
 * Reads a token request's `application/x-www-form-urlencoded` body, up to
 * {@link MAX_FORM_BYTES}. Resolves `'too-large'` beyond that (what is left
 * is drained and dropped, so the answer can still be read), `'not-a-form'`
 * for another content type, and the parsed fields otherwise.
 */
export function readForm(
  request: IncomingMessage,
): Promise<URLSearchParams | 'too-large' | 'not-a-form'> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    request.resume();
    return Promise.resolve('not-a-form');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    request.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    request.once('end', () =>
      resolve(
        total > MAX_FORM_BYTES
          ? 'too-large'
          : new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
      ),
    );
    request.once('error', reject);
    request.once('close', () => {
      if (!request.complete) reject(new Error('the client left before sending the whole form'));
    });
  });
}
