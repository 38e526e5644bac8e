import { createWebRequestForwarder } from '@cloud-token/core/adapter';
import { describe, expect, it } from 'vitest';
import { useEmulatorSources } from '../support/emulator-sources.js';

const cloud = useEmulatorSources();

describe('createWebRequestForwarder', () => {
  it('aborts the cloud request of a streamed upload whose client leaves midway', async () => {
    // Like workerd's fetch: an errored body does not end the request; only its signal does.
    let sent: AbortSignal | undefined;
    const fetch = (_input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        sent = init?.signal ?? undefined;
        sent?.addEventListener('abort', () => reject(sent?.reason));
        if (init?.body instanceof ReadableStream)
          void new Response(init.body).text().catch(() => {});
      });
    const forwarder = createWebRequestForwarder({
      target: cloud.emulator.apiUrl,
      source: cloud.source(),
      maxBufferedBodyBytes: 8,
      fetch,
    });
    const left = new Error('the client left');
    // The first bytes arrive; the next read, once the cloud request takes them, fails.
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls === 1) controller.enqueue(new TextEncoder().encode('0123456789'));
        else controller.error(left);
      },
    });
    const request = new Request('http://127.0.0.1/proxy/upload', {
      method: 'PUT',
      body,
      headers: { 'content-length': '1000' },
      duplex: 'half',
    } as RequestInit);

    await expect(forwarder.forward(request, '/upload')).rejects.toMatchObject({
      code: 'ERR_API_REQUEST',
    });
    expect(sent?.aborted).toBe(true);
    expect(request.signal.aborted).toBe(false);
    forwarder.close();
  });
});
