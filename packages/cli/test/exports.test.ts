import * as cli from '@cloud-token/cli';
import { expect, it } from 'vitest';

it('exports exactly its public runtime surface', () => {
  expect(Object.keys(cli).sort()).toEqual(['EXIT_CODES', 'startSidecar']);
});
