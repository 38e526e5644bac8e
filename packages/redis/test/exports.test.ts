import { expect, it } from 'vitest';
import * as api from '../src/index.js';

it('exports exactly its public surface', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "redisTokenStore",
    ]
  `);
});
