import { convertedDocument } from '../converted-document.js';
import type { ProductRoute } from '../product-routes.js';

/** `asposeslidescloud`: API at `/v3.0/slides/…`, token at `authBaseUrl` + `/connect/token`. */
export const slidesRoutes: readonly ProductRoute[] = [
  {
    call: 'Slides: convert a presentation (`convert`)',
    method: 'POST',
    path: /^\/v3\.0\/slides\/convert\/([^/]+)$/,
    answer: ({ params: [format = 'pdf'], body }) => convertedDocument(format, body.length),
  },
  {
    call: 'Slides: the slides of a presentation (`getSlides`)',
    method: 'GET',
    path: /^\/v3\.0\/slides\/([^/]+)\/slides$/,
    answer: ({ params: [name = ''] }) => ({
      kind: 'json',
      body: {
        selfUri: { href: `/slides/${name}/slides`, relation: 'self' },
        slideList: [1, 2, 3].map((index) => ({
          href: `/slides/${name}/slides/${index}`,
          relation: 'self',
        })),
      },
    }),
  },
];
