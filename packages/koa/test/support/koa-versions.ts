import Koa2 from 'koa-2';
import Koa3 from 'koa-3';

/** Both supported Koa majors, for `describe.each`. */
export const koaVersions = [
  ['Koa 2', Koa2],
  ['Koa 3', Koa3],
] as const;
