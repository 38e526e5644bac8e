// Prints the store key of the credentials given in the environment: run in a
// child process, so a test can compare what two processes compute.
import { clientCredentials } from '../../../src/index.js';

const grant = clientCredentials({
  tokenUrl: process.env.TOKEN_URL ?? '',
  clientId: process.env.CLIENT_ID ?? '',
  clientSecret: process.env.CLIENT_SECRET ?? '',
  ...(process.env.SCOPE === undefined ? {} : { scope: process.env.SCOPE }),
});
process.stdout.write(`${grant.storeKey}\n`);
