import { startEmulator } from '@cloud-token/emulator';
import { getAccessToken } from '@cloud-token/emulator/testing';
import { describe, expect, it } from 'vitest';

async function callApi(url: string, token: string): Promise<void> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
}

describe('the API request log', () => {
  it('keeps the last requestLogSize records, oldest dropped first; counters keep counting', async () => {
    const emulator = await startEmulator({ requestLogSize: 3 });
    try {
      const token = await getAccessToken(emulator);
      for (let index = 1; index <= 7; index += 1) {
        await callApi(`${emulator.apiUrl}/words/${index}.docx`, token);
      }

      expect(emulator.stats.apiRequestLog.map((record) => record.url)).toEqual([
        '/v4.0/words/5.docx',
        '/v4.0/words/6.docx',
        '/v4.0/words/7.docx',
      ]);
      expect(emulator.stats.apiRequests).toEqual({ total: 7, byStatus: { 200: 7 } });
      const overHttp = await (await fetch(`${emulator.controlUrl}/stats`)).json();
      expect(overHttp.apiRequestLog).toHaveLength(3);
    } finally {
      await emulator.close();
    }
  });

  it('keeps 1000 records by default', async () => {
    const emulator = await startEmulator();
    try {
      const token = await getAccessToken(emulator);
      const batch = (size: number) =>
        Promise.all(Array.from({ length: size }, () => callApi(`${emulator.apiUrl}/x`, token)));
      for (let round = 0; round < 21; round += 1) await batch(50);

      expect(emulator.stats.apiRequests.total).toBe(1050);
      expect(emulator.stats.apiRequestLog).toHaveLength(1000);
    } finally {
      await emulator.close();
    }
  }, 60_000);

  it('keeps none with requestLogSize 0', async () => {
    const emulator = await startEmulator({ requestLogSize: 0 });
    try {
      await callApi(`${emulator.apiUrl}/x`, await getAccessToken(emulator));

      expect(emulator.stats.apiRequestLog).toEqual([]);
      expect(emulator.stats.apiRequests.total).toBe(1);
    } finally {
      await emulator.close();
    }
  });
});
