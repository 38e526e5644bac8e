import { cellsRoutes } from './products/cells.js';
import { conversionRoutes } from './products/conversion.js';
import { pdfRoutes } from './products/pdf.js';
import { slidesRoutes } from './products/slides.js';
import { viewerRoutes } from './products/viewer.js';
import { wordsRoutes } from './products/words.js';

/** One authenticated API request, as a product route sees it. */
export interface ProductRequest {
  /** The path's captures: `['doc.docx']` for `/v4.0/words/doc.docx/statistics`, decoded. */
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: Buffer;
}

/**
 * What a product route answers: a JSON body (an object is sent with the
 * request's description merged in, see `handleApiRequest`), or a file.
 */
export type ProductAnswer =
  | { readonly kind: 'json'; readonly body: object }
  | { readonly kind: 'file'; readonly bytes: Uint8Array; readonly contentType: string };

/**
 * A call of an official SDK that the emulator answers the way its product
 * would: method, path pattern (captures become `params`), and the answer.
 */
export interface ProductRoute {
  /** What it is, as the README lists it: `Words: document statistics`. */
  readonly call: string;
  readonly method: string;
  readonly path: RegExp;
  answer(request: ProductRequest): ProductAnswer;
}

/** Every product route, SDK by SDK; the README's table lists the same. */
export const productRoutes: readonly ProductRoute[] = [
  ...wordsRoutes,
  ...pdfRoutes,
  ...cellsRoutes,
  ...slidesRoutes,
  ...conversionRoutes,
  ...viewerRoutes,
];

/** The route for `method` and `path` with its decoded captures, if a product has one. */
export function findProductRoute(
  method: string,
  path: string,
): { route: ProductRoute; params: string[] } | undefined {
  for (const route of productRoutes) {
    if (route.method !== method) continue;
    const match = route.path.exec(path);
    if (match !== null) return { route, params: match.slice(1).map(decodePathPart) };
  }
  return undefined;
}

function decodePathPart(part: string | undefined): string {
  try {
    return decodeURIComponent(part ?? '');
  } catch {
    return part ?? '';
  }
}
