import { Readable } from 'node:stream';
import type { Response as ExpressResponse } from 'express';

// Stand-in for @cloud-token/express's sendCloudAnswer until the server adapters ship it.
const passed = ['content-type', 'content-length', 'content-disposition', 'retry-after', 'etag'];

export async function sendCloudAnswer(res: ExpressResponse, answer: Response): Promise<void> {
  res.status(answer.status);
  for (const name of passed) {
    const value = answer.headers.get(name);
    if (value !== null) res.setHeader(name, value);
  }
  if (!answer.body) {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    Readable.fromWeb(answer.body as import('node:stream/web').ReadableStream)
      .once('error', reject)
      .pipe(res)
      .once('finish', resolve)
      .once('error', reject);
  });
}
