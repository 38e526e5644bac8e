import { convertedDocument } from '../converted-document.js';
import type { ProductRoute } from '../product-routes.js';

/**
 * `asposewordscloud`: API at `/v4.0/words/…` (its token path,
 * `/v4.0/words/connect/token` from 23.11 on, is served by the token endpoint).
 */
export const wordsRoutes: readonly ProductRoute[] = [
  {
    call: 'Words: document statistics (`getDocumentStatistics`)',
    method: 'GET',
    path: /^\/v4\.0\/words\/([^/]+)\/statistics$/,
    answer: ({ params: [name = ''] }) => ({
      kind: 'json',
      body: {
        RequestId: `emulator-${name}`,
        DocumentLink: { Href: `/${name}`, Rel: 'self' },
        StatData: {
          WordCount: 1234,
          ParagraphCount: 56,
          PageCount: 3,
          FootnotesStatData: { WordCount: 12, ParagraphCount: 2 },
          PageStatData: [1, 2, 3].map((page) => ({
            PageNumber: page,
            WordCount: page === 3 ? 234 : 500,
            ParagraphCount: page === 3 ? 6 : 25,
            FootnotesStatData: { WordCount: 4, ParagraphCount: 1 },
          })),
        },
      },
    }),
  },
  {
    call: 'Words: convert a document (`convertDocument`)',
    method: 'PUT',
    path: /^\/v4\.0\/words\/convert$/,
    answer: ({ query, body }) => convertedDocument(query.get('format') ?? 'pdf', body.length),
  },
  {
    call: 'Words: upload a file (`uploadFile`)',
    method: 'PUT',
    path: /^\/v4\.0\/words\/storage\/file\/(.+)$/,
    answer: ({ params: [path = ''] }) => ({
      kind: 'json',
      body: {
        Uploaded: [path.split('/').at(-1) ?? path],
        Errors: [],
        RequestId: 'emulator-upload',
      },
    }),
  },
];
