import { sendCloudAnswer } from '@cloud-token/core/node';
import { describe, expect, it } from 'vitest';
import { useLoopbackHandlers } from '../support/loopback-handler.js';

describe('sendCloudAnswer()', () => {
  const serve = useLoopbackHandlers();

  it('sends status, safe headers and a binary body byte-exact', async () => {
    const bytes = new Uint8Array(70_000).map((_, index) => (index * 31) % 256);
    const url = await serve((_req, res) => {
      const answer = new Response(bytes, {
        status: 202,
        headers: {
          'content-type': 'application/octet-stream',
          'retry-after': '7',
          'set-cookie': 'cloud-session=abc',
          etag: '"v1"',
        },
      });
      void sendCloudAnswer(res, answer);
    });
    const received = await fetch(url);
    expect(received.status).toBe(202);
    expect(received.headers.get('retry-after')).toBe('7');
    expect(received.headers.get('etag')).toBe('"v1"');
    expect(received.headers.get('set-cookie')).toBeNull();
    expect(new Uint8Array(await received.arrayBuffer())).toEqual(bytes);
  });

  it('sends an answer without a body', async () => {
    const url = await serve((_req, res) => {
      void sendCloudAnswer(res, new Response(null, { status: 204 }));
    });
    const received = await fetch(url);
    expect(received.status).toBe(204);
    expect(await received.text()).toBe('');
  });

  it('issue 9: client disconnects resolve quietly and cancel the cloud body', async () => {
    let cancelled = false;
    let settled: Promise<string> = Promise.resolve('not called');
    const url = await serve((_req, res) => {
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(new Uint8Array(16 * 1024));
        },
        cancel() {
          cancelled = true;
        },
      });
      settled = sendCloudAnswer(res, new Response(endless)).then(
        () => 'resolved',
        (error: Error) => `rejected: ${error.message}`,
      );
    });
    const client = new AbortController();
    const received = await fetch(url, { signal: client.signal });
    const reader = received.body?.getReader();
    await reader?.read();
    client.abort();
    expect(await settled).toBe('resolved');
    expect(cancelled).toBe(true);
  });

  it('rejects when the cloud body breaks off midway', async () => {
    let settled: Promise<string> = Promise.resolve('not called');
    const url = await serve((_req, res) => {
      let sent = false;
      const broken = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) controller.error(new Error('upstream reset'));
          sent = true;
          controller.enqueue(new Uint8Array(8));
        },
      });
      settled = sendCloudAnswer(res, new Response(broken)).then(
        () => 'resolved',
        () => 'rejected',
      );
    });
    await fetch(url)
      .then((received) => received.arrayBuffer())
      .catch(() => undefined);
    expect(await settled).toBe('rejected');
  });
});
