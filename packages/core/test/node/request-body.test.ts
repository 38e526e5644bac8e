import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { isCloudTokenError } from '@cloud-token/core';
import { describe, expect, it } from 'vitest';
import { type RequestBody, readRequestBody } from '../../src/node/request-body.js';

/** A stand-in for an incoming request: a stream with a method and headers. */
function incoming(method: string, headers: IncomingHttpHeaders, chunks: string[]): IncomingMessage {
  const stream = new PassThrough();
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return Object.assign(stream, { method, headers }) as unknown as IncomingMessage;
}

async function readAll(body: RequestBody): Promise<string> {
  if (body.kind === 'none') return '';
  if (body.kind === 'buffered') return Buffer.from(body.bytes).toString();
  return Buffer.concat(await body.stream.toArray()).toString();
}

describe('readRequestBody', () => {
  it.each([
    ['GET', { 'content-length': '3' }],
    ['HEAD', { 'transfer-encoding': 'chunked' }],
    ['POST', {}],
  ])('forwards no body for %s %j', async (method, headers) => {
    const body = await readRequestBody(incoming(method, headers, ['abc']), 10);
    expect(body.kind).toBe('none');
  });

  it('buffers an empty body with a zero length', async () => {
    const body = await readRequestBody(incoming('POST', { 'content-length': '0' }, []), 10);
    expect(body).toEqual({ kind: 'buffered', bytes: new Uint8Array(0) });
  });

  it('buffers a body up to the limit, declared or chunked', async () => {
    const declared = await readRequestBody(
      incoming('PUT', { 'content-length': '10' }, ['01234', '56789']),
      10,
    );
    const chunked = await readRequestBody(
      incoming('PUT', { 'transfer-encoding': 'chunked' }, ['0123', '456789']),
      10,
    );
    expect(declared.kind).toBe('buffered');
    expect(await readAll(declared)).toBe('0123456789');
    expect(chunked.kind).toBe('buffered');
    expect(await readAll(chunked)).toBe('0123456789');
  });

  it('streams a body declared larger than the limit, with its length', async () => {
    const body = await readRequestBody(
      incoming('POST', { 'content-length': '11' }, ['01234', '56789', 'a']),
      10,
    );
    expect(body).toMatchObject({ kind: 'streamed', length: 11 });
    expect(await readAll(body)).toBe('0123456789a');
  });

  it('streams a chunked body once it outgrows the limit, the bytes read so far first', async () => {
    const body = await readRequestBody(
      incoming('POST', { 'transfer-encoding': 'chunked' }, ['0123', '4567', '89ab', 'cdef']),
      10,
    );
    expect(body).toMatchObject({ kind: 'streamed', length: undefined });
    expect(await readAll(body)).toBe('0123456789abcdef');
  });

  it('drains the rest of a streamed body when it is discarded', async () => {
    const request = incoming('POST', { 'content-length': '20' }, ['0123456789', '0123456789']);
    const body = await readRequestBody(request, 5);
    if (body.kind !== 'streamed') throw new Error('expected a streamed body');
    body.discard();
    await new Promise((resolve) => request.once('end', resolve));
    expect(request.readableEnded).toBe(true);
  });

  it('rejects with the request error when the request fails midway', async () => {
    const failing = Object.assign(new PassThrough(), {
      method: 'POST',
      headers: { 'transfer-encoding': 'chunked' },
    });
    const reading = readRequestBody(failing as unknown as IncomingMessage, 10);
    failing.destroy(new Error('connection reset'));
    await expect(reading).rejects.toThrow('connection reset');
  });

  it('fails with ERR_USAGE when a body parser already read the body', async () => {
    const request = incoming('POST', { 'content-length': '3' }, ['abc']);
    request.resume();
    await new Promise((resolve) => request.once('end', resolve));
    const error = await readRequestBody(request, 10).catch((caught: unknown) => caught);
    expect(isCloudTokenError(error, 'ERR_USAGE')).toBe(true);
  });
});
