import { sendCloudAnswer } from '@cloud-token/core/node';
import { useAppsPerTest } from '@cloud-token/core/testing';
import { afterEach, describe, expect, it } from 'vitest';

describe('sendCloudAnswer()', () => {
  const apps = useAppsPerTest({ afterEach });

  it('sends status, safe headers and a binary body byte-exact', async () => {
    const bytes = new Uint8Array(70_000).map((_, index) => (index * 31) % 256);
    const url = await apps.listen((_req, res) => {
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
    const url = await apps.listen((_req, res) => {
      void sendCloudAnswer(res, new Response(null, { status: 204 }));
    });
    const received = await fetch(url);
    expect(received.status).toBe(204);
    expect(await received.text()).toBe('');
  });

  it('issue 9: client disconnects resolve quietly and cancel the cloud body', async () => {
    let cancelled = false;
    let settled: Promise<string> = Promise.resolve('not called');
    const url = await apps.listen((_req, res) => {
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

  it('pulls from the cloud only as fast as the client reads, then sends every byte', async () => {
    const chunkBytes = 64 * 1024;
    const chunks = 256; // 16 MiB: far more than the socket buffers between the two ends hold
    let pulled = 0;
    let settled: Promise<string> = Promise.resolve('not called');
    const url = await apps.listen((_req, res) => {
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (pulled === chunks) return controller.close();
            pulled += 1;
            controller.enqueue(new Uint8Array(chunkBytes).fill(pulled % 256));
          },
        },
        { highWaterMark: 0 },
      );
      settled = sendCloudAnswer(res, new Response(body)).then(() => 'resolved');
    });
    const reader = (await fetch(url)).body?.getReader();
    let received = (await reader?.read())?.value?.length ?? 0;
    // The client reads nothing more: pulling must stop short of the end, and stay stopped.
    let seen = -1;
    while (seen !== pulled) {
      seen = pulled;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(pulled).toBeLessThan(chunks);
    for (;;) {
      const next = await reader?.read();
      if (next === undefined || next.done) break;
      received += next.value.length;
    }
    expect(received).toBe(chunks * chunkBytes);
    expect(await settled).toBe('resolved');
  });

  it('rejects with ERR_USAGE, and frees the cloud body, when other code ends the response midway', async () => {
    let cancelled = false;
    let settled: Promise<string> = Promise.resolve('not called');
    const url = await apps.listen((_req, res) => {
      let pulls = 0;
      const slow = new ReadableStream<Uint8Array>({
        async pull(controller) {
          pulls += 1;
          if (pulls === 2) {
            // A timeout middleware answering while the cloud's body is still coming.
            res.end();
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          controller.enqueue(new Uint8Array(8));
        },
        cancel() {
          cancelled = true;
        },
      });
      settled = sendCloudAnswer(res, new Response(slow)).then(
        () => 'resolved',
        (error: { code?: string }) => `rejected: ${error.code}`,
      );
    });
    await fetch(url).then((received) => received.arrayBuffer());
    expect(await settled).toBe('rejected: ERR_USAGE');
    expect(cancelled).toBe(true);
  });

  it('rejects when the cloud body breaks off midway', async () => {
    let settled: Promise<string> = Promise.resolve('not called');
    const url = await apps.listen((_req, res) => {
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
