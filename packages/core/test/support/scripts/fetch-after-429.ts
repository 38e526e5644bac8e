// A batch script whose first API call gets `429 Retry-After: 1`: the
// authorized fetch waits a second and retries. Nothing else keeps this
// process alive, so it prints the status only if that wait keeps it running.
import { clientCredentials, createAuthorizedFetch, createTokenSource } from '../../../src/index.js';

const source = createTokenSource(
  clientCredentials({
    tokenUrl: process.env.TOKEN_URL ?? '',
    clientId: process.env.CLIENT_ID ?? '',
    clientSecret: process.env.CLIENT_SECRET ?? '',
  }),
);
const api = createAuthorizedFetch(source, { baseUrl: process.env.API_URL ?? '' });
api('words/report.docx').then(
  async (response) => {
    await response.arrayBuffer();
    process.stdout.write(`answered ${response.status}\n`);
    source.close();
  },
  (error: unknown) => {
    process.stdout.write(`failed: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
