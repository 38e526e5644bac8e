import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

const decoders: Readonly<Record<string, () => Transform>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * A stream that decodes a body sent with `Content-Encoding: encoding` (one
 * of gzip, deflate, br), or `undefined` for `identity`, an absent header, a
 * chain of codings or one Node cannot decode: such a body goes through as it
 * came, its `Content-Encoding` with it.
 */
export function contentDecoder(encoding: string | string[] | undefined): Transform | undefined {
  if (typeof encoding !== 'string') return undefined;
  const coding = encoding.trim().toLowerCase();
  return Object.hasOwn(decoders, coding) ? decoders[coding]?.() : undefined;
}
