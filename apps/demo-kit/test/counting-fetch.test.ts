import { createCountingFetch } from '@cloud-token/demo-kit';
import { useTourEmulator } from '@cloud-token/demo-kit/testing';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { describe, expect, it } from 'vitest';

describe('createCountingFetch', () => {
  const emulator = useTourEmulator();
  const tokenForm = (): URLSearchParams =>
    new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEFAULT_CLIENT_ID,
      client_secret: DEFAULT_CLIENT_SECRET,
    });

  it('counts the requests to its URL, however given, and sends every request', async () => {
    const { tokenUrl, apiUrl, stats } = emulator();
    const tokenRequests = createCountingFetch(tokenUrl);

    const answers = [
      await tokenRequests.fetch(tokenUrl, { method: 'POST', body: tokenForm() }),
      await tokenRequests.fetch(new Request(tokenUrl, { method: 'POST', body: tokenForm() })),
      await tokenRequests.fetch(new URL(tokenUrl), { method: 'POST', body: tokenForm() }),
      await tokenRequests.fetch(`${apiUrl}/words/report.docx`),
    ];
    await Promise.all(answers.map((answer) => answer.arrayBuffer()));

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 401]);
    expect(tokenRequests.count).toBe(3);
    expect(stats.tokenRequests.total).toBe(3);
    expect(stats.apiRequestLog).toHaveLength(1);
  });
});
