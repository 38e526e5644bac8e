import type * as vitest from 'vitest';

/**
 * The parts of vitest a conformance suite registers its tests with. Pass
 * vitest's own module (`import * as vitest from 'vitest'`): the suites call
 * the runner you hand them and never import one, so `@cloud-token/core`
 * depends on no test runner and its `./testing` entry loads from CommonJS too.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 * import { runTokenStoreConformance } from '@cloud-token/core/testing';
 *
 * runTokenStoreConformance(vitest, { name: 'my store', createStore: () => store });
 * ```
 */
export type TestApi = Pick<
  typeof vitest,
  'describe' | 'it' | 'expect' | 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach'
>;
