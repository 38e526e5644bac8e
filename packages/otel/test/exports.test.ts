import * as otel from '@cloud-token/otel';
import { expect, it } from 'vitest';

it('exports exactly the public runtime surface', () => {
  expect(Object.keys(otel).sort()).toMatchInlineSnapshot(`
    [
      "instrumentCloudToken",
    ]
  `);
});
