import type { ProductAnswer } from './product-routes.js';

const mediaTypes: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  png: 'image/png',
  jpg: 'image/jpeg',
};

/**
 * The file a conversion answers: small, of the asked format's media type, and
 * honest about what it is — a PDF-looking stub for `pdf`, one line of text for
 * the rest — naming the format and how many bytes the source had.
 */
export function convertedDocument(format: string, sourceBytes: number): ProductAnswer {
  const name = format.toLowerCase();
  const note = `converted by the cloud-token emulator to ${name} from ${sourceBytes} bytes`;
  const text =
    name === 'pdf'
      ? `%PDF-1.7\n% ${note}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`
      : `${note}\n`;
  return {
    kind: 'file',
    bytes: Buffer.from(text, 'utf8'),
    contentType: mediaTypes[name] ?? 'application/octet-stream',
  };
}
