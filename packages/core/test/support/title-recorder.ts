import type { TestApi } from '@cloud-token/core/testing';

/**
 * A runner for a conformance suite that only records the titles of the
 * tests the suite registers: nothing runs.
 *
 * @example
 * ```ts
 * const { runner, titles } = titleRecorder();
 * runTokenStoreConformance(runner, { name: 'x', createStore });
 * expect(titles.length).toBeGreaterThan(0);
 * ```
 */
export function titleRecorder(): { runner: TestApi; titles: string[] } {
  const titles: string[] = [];
  const hook = () => {};
  const runner: TestApi = {
    describe: (_title, body) => body(),
    it: (title) => titles.push(title),
    expect: Object.assign(
      () => {
        throw new Error('nothing runs here');
      },
      { objectContaining: () => undefined },
    ),
    beforeAll: hook,
    afterAll: hook,
    beforeEach: hook,
    afterEach: hook,
  };
  return { runner, titles };
}
