import type { ProductRoute } from '../product-routes.js';

const pages = [1, 2].map((number) => ({
  number,
  width: 595,
  height: 842,
  visible: true,
  lines: [],
}));

/** `groupdocs-viewer-cloud`: API at `/v2.0/viewer/…`, token at `/connect/token`. */
export const viewerRoutes: readonly ProductRoute[] = [
  {
    call: 'Viewer: document information (`InfoApi.getInfo`)',
    method: 'POST',
    path: /^\/v2\.0\/viewer\/info$/,
    answer: () => ({
      kind: 'json',
      body: {
        formatExtension: '.docx',
        format: 'Microsoft Word Open XML Document',
        pages,
        attachments: [],
      },
    }),
  },
  {
    call: 'Viewer: render a document (`ViewApi.createView`)',
    method: 'POST',
    path: /^\/v2\.0\/viewer\/view$/,
    answer: () => ({
      kind: 'json',
      body: {
        pages: pages.map(({ number }) => ({
          number,
          path: `viewer/document_docx/p${number}.html`,
          downloadUrl: `/viewer/storage/file/viewer/document_docx/p${number}.html`,
          resources: [],
        })),
        attachments: [],
      },
    }),
  },
  {
    call: 'Viewer: supported formats (`InfoApi.getSupportedFileFormats`)',
    method: 'GET',
    path: /^\/v2\.0\/viewer\/formats$/,
    answer: () => ({
      kind: 'json',
      body: {
        formats: [
          { extension: '.docx', fileFormat: 'Microsoft Word Open XML Document' },
          { extension: '.pdf', fileFormat: 'Portable Document Format' },
        ],
      },
    }),
  },
];
