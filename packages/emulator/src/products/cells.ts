import { convertedDocument } from '../converted-document.js';
import type { ProductRoute } from '../product-routes.js';

/** `asposecellscloud`: API at `/v3.0/cells/…`, token at `/connect/token`. */
export const cellsRoutes: readonly ProductRoute[] = [
  {
    call: 'Cells: the document properties of a workbook (`getDocumentProperties`)',
    method: 'GET',
    path: /^\/v3\.0\/cells\/([^/]+)\/documentproperties$/,
    answer: ({ params: [name = ''] }) => ({
      kind: 'json',
      body: {
        Code: 200,
        Status: 'OK',
        DocumentProperties: {
          link: { Href: `/cells/${name}/documentproperties`, Rel: 'self' },
          DocumentPropertyList: [
            { Name: 'Title', Value: name, IsLinkedToContent: 'False' },
            { Name: 'Author', Value: 'cloud-token emulator', IsLinkedToContent: 'False' },
          ],
        },
      },
    }),
  },
  {
    call: 'Cells: convert a workbook (`putConvertWorkbook`)',
    method: 'PUT',
    path: /^\/v3\.0\/cells\/convert$/,
    answer: ({ query, body }) => convertedDocument(query.get('format') ?? 'pdf', body.length),
  },
];
