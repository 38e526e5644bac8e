// Express 4 is installed under the alias `express4` to be tested next to
// Express 5. Its own typings (@types/express@4) are not installed; the calls
// the tests make (express(), app.use, app.get, app.listen) have the same
// shape in both majors, so the v5 `Express` type describes them honestly.
declare module 'express4' {
  import type { Express } from 'express';

  function express(): Express;
  export default express;
}
