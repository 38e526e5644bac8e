import { convertedDocument } from '../converted-document.js';
import type { ProductRoute } from '../product-routes.js';

/**
 * `asposepdfcloud`: API at `/v3.0/pdf/…` (its token request goes to the base
 * with `/v3.0` stripped: `/connect/token`).
 */
export const pdfRoutes: readonly ProductRoute[] = [
  {
    call: 'PDF: the pages of a document, i.e. its page count (`getPages`)',
    method: 'GET',
    path: /^\/v3\.0\/pdf\/([^/]+)\/pages$/,
    answer: () => ({
      kind: 'json',
      body: {
        Code: 200,
        Status: 'OK',
        Pages: {
          List: [1, 2].map((id) => ({
            Id: id,
            Rectangle: { LLX: 0, LLY: 0, URX: 595, URY: 842 },
          })),
        },
      },
    }),
  },
  {
    call: 'PDF: convert a stored document to Word (`getPdfInStorageToDoc`)',
    method: 'GET',
    path: /^\/v3\.0\/pdf\/([^/]+)\/convert\/doc$/,
    answer: ({ query }) => convertedDocument(query.get('format') ?? 'docx', 0),
  },
  {
    call: 'PDF: upload a file (`uploadFile`)',
    method: 'PUT',
    path: /^\/v3\.0\/pdf\/storage\/file\/(.+)$/,
    answer: ({ params: [path = ''] }) => ({
      kind: 'json',
      body: { Uploaded: [path.split('/').at(-1) ?? path], Errors: [] },
    }),
  },
];
