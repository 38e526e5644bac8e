// Compiled (never run): an app that declares its namespaces, against Fastify 5.0 and the newest 5.
import { type CloudTokenAccessor, cloudToken, type TokenSource } from '@cloud-token/fastify';
import Fastify from 'fastify';

declare module '@cloud-token/fastify' {
  interface CloudTokenNamespaces {
    words: true;
    cells: true;
  }
}

declare const words: TokenSource;
declare const cells: TokenSource;
const app = Fastify();
await app.register(cloudToken, {
  source: words,
  baseUrl: 'https://api.example.com/v4.0/words/',
  namespace: 'words',
});
await app.register(cloudToken, {
  source: cells,
  baseUrl: 'https://api.example.com/v3.0/cells/',
  namespace: 'cells',
});
// @ts-expect-error only the declared namespaces
await app.register(cloudToken, { source: cells, namespace: 'slides' });

const wordsSource: TokenSource = app.cloudToken.words;
void wordsSource;
// @ts-expect-error app.cloudToken holds one source per namespace
app.cloudToken.getToken();
app.get('/both', async (request) => {
  const accessor: CloudTokenAccessor = request.cloudToken.words;
  await request.cloudToken.cells.fetch('book.xlsx/worksheets');
  // @ts-expect-error no such namespace
  await request.cloudToken.slides.getToken();
  // @ts-expect-error request.cloudToken holds one accessor per namespace
  await request.cloudToken.fetch('words/doc.docx');
  return (await accessor.getToken()).expiresAt;
});
