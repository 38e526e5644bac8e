// A batch script whose first token request gets 503: the token source waits
// out its backoff and retries. Nothing else keeps this process alive, so it
// prints the token's type only if the backoff timer keeps the process running.
import { clientCredentials, createTokenSource } from '../../../src/index.js';

const source = createTokenSource(
  clientCredentials({
    tokenUrl: process.env.TOKEN_URL ?? '',
    clientId: process.env.CLIENT_ID ?? '',
    clientSecret: process.env.CLIENT_SECRET ?? '',
  }),
  // The longest first backoff (200 ms), so the wait is real.
  { random: () => 0.999 },
);
source.getToken().then(
  (token) => {
    process.stdout.write(`got a ${token.type} token\n`);
    source.close();
  },
  (error: unknown) => {
    process.stdout.write(`failed: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
