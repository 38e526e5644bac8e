import { convertedDocument } from '../converted-document.js';
import type { ProductRoute } from '../product-routes.js';

/** `groupdocs-conversion-cloud`: API at `/v2.0/conversion…`, token at `/connect/token`. */
export const conversionRoutes: readonly ProductRoute[] = [
  {
    call: 'Conversion: supported conversions (`InfoApi.getSupportedConversionTypes`)',
    method: 'GET',
    path: /^\/v2\.0\/conversion\/formats$/,
    answer: () => ({
      kind: 'json',
      body: [
        { sourceFormat: 'docx', targetFormats: ['pdf', 'html', 'png'] },
        { sourceFormat: 'xlsx', targetFormats: ['pdf', 'csv'] },
      ],
    }),
  },
  {
    call: 'Conversion: convert a stored document (`ConvertApi.convertDocument`)',
    method: 'POST',
    path: /^\/v2\.0\/conversion$/,
    answer: ({ body }) => {
      const settings = readJson(body);
      const format = typeof settings.format === 'string' ? settings.format : 'pdf';
      const source = typeof settings.filePath === 'string' ? settings.filePath : 'document';
      const name = `${source.replace(/\.[^./]*$/, '')}.${format}`;
      return {
        kind: 'json',
        body: [{ name, size: 1024, path: name, url: `/conversion/storage/file/${name}` }],
      };
    },
  },
  {
    call: 'Conversion: convert an uploaded document (`ConvertApi.convertDocumentDirect`)',
    method: 'PUT',
    path: /^\/v2\.0\/conversion$/,
    answer: ({ query, body }) => convertedDocument(query.get('format') ?? 'pdf', body.length),
  },
];

function readJson(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
