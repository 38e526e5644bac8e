// Koa 2 and Koa 3 are installed under the aliases `koa-2` and `koa-3` to be
// tested side by side. Their runtime API used by the tests is the same, so
// the `koa` typings (@types/koa) describe both.
declare module 'koa-2' {
  import Koa from 'koa';
  export default Koa;
}
declare module 'koa-3' {
  import Koa from 'koa';
  export default Koa;
}
