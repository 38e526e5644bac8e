import { describe, expect, it } from 'vitest';
import { readWebRequestBody } from '../../src/web/read-web-request-body.js';

/** A PUT whose body gives `chunks`, then ends, or fails with `failure` (the client left). */
function upload(chunks: string[], failure?: Error, length?: number): Request {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (failure === undefined) controller.close();
      else controller.error(failure);
    },
  });
  const headers: Record<string, string> =
    length === undefined ? {} : { 'content-length': String(length) };
  const init = { method: 'PUT', body, headers, duplex: 'half' } as RequestInit;
  return new Request('http://127.0.0.1/upload', init);
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('readWebRequestBody', () => {
  it('buffers a body up to the limit', async () => {
    const body = await readWebRequestBody(upload(['01234', '56789']), 10);
    expect(body.kind).toBe('buffered');
    if (body.kind === 'buffered') expect(new TextDecoder().decode(body.bytes)).toBe('0123456789');
  });

  it('streams a body beyond the limit, the bytes read so far first, and fails no signal', async () => {
    const body = await readWebRequestBody(upload(['0123', '456789', 'ab']), 8);
    expect(body.kind).toBe('streamed');
    if (body.kind !== 'streamed') return;
    expect(await readAll(body.stream)).toBe('0123456789ab');
    expect(body.failed.aborted).toBe(false);
  });

  it("aborts `failed` with the client body's error when it fails midway", async () => {
    const left = new Error('the client left');
    const body = await readWebRequestBody(upload(['0123456789'], left, 1_000), 8);
    expect(body).toMatchObject({ kind: 'streamed', length: 1_000 });
    if (body.kind !== 'streamed') return;
    expect(body.failed.aborted).toBe(false);
    await expect(readAll(body.stream)).rejects.toThrow();
    expect(body.failed.aborted).toBe(true);
    expect(body.failed.reason).toBe(left);
  });
});
