import { join } from 'node:path';
import { expect } from 'vitest';
import type { EntriesReport } from './entry-report.js';

/** The package a specifier such as `@cloud-token/core/node` belongs to. */
function packageOf(specifier: string): string {
  return specifier.split('/').slice(0, 2).join('/');
}

/**
 * Asserts that the ESM consumer loaded each entry from the installed
 * tarball's ESM build (`<file>.js`), the CJS consumer from its CJS build
 * (`<file>.cjs`), and that both builds export the same names.
 *
 * @param entryFiles each entry's file in its package, without extension: `{ '@cloud-token/core': 'dist/index' }`
 */
export function expectBothFormats(
  consumerDir: string,
  reports: { esm: EntriesReport; cjs: EntriesReport },
  entryFiles: Record<string, string>,
): void {
  expect(Object.keys(reports.esm).sort()).toEqual(Object.keys(entryFiles).sort());
  expect(Object.keys(reports.cjs).sort()).toEqual(Object.keys(entryFiles).sort());
  for (const [specifier, file] of Object.entries(entryFiles)) {
    const installed = join(consumerDir, 'node_modules', packageOf(specifier), file);
    expect(reports.esm[specifier]?.file).toBe(`${installed}.js`);
    expect(reports.cjs[specifier]?.file).toBe(`${installed}.cjs`);
    expect(reports.cjs[specifier]?.exports).toEqual(reports.esm[specifier]?.exports);
  }
}
