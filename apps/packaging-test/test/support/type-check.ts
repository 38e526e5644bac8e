import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runNode } from './run-node.js';

const require = createRequire(import.meta.url);

/** A package's `bin/tsc`, found next to its manifest (TypeScript 7's `exports` hides `bin`). */
function tscOf(name: string): string {
  return join(dirname(require.resolve(`${name}/package.json`)), 'bin', 'tsc');
}

/** The TypeScript compilers a consumer may use, each installed under its own name. */
const compilers = {
  /** TypeScript 5.9, the last line with `moduleResolution: node10`. */
  '5.9': tscOf('typescript'),
  /** TypeScript 7, the native compiler (`npm install typescript` today). */
  '7': tscOf('typescript7'),
} as const;

/** A TypeScript compiler version the packages are tested with. */
export type Compiler = keyof typeof compilers;

/** How a consumer's TypeScript resolves modules. */
export type Resolution = 'nodenext' | 'bundler' | 'node10';

const resolutionFlags: Record<Resolution, string[]> = {
  nodenext: ['--module', 'nodenext', '--moduleResolution', 'nodenext'],
  bundler: ['--module', 'esnext', '--moduleResolution', 'bundler'],
  // What `module: commonjs` implies; TypeScript 7 no longer has it.
  node10: ['--module', 'commonjs', '--moduleResolution', 'node10'],
};

/** A compiler and the module resolution it runs with. */
export interface TypeScriptSetup {
  compiler: Compiler;
  resolution: Resolution;
}

/** Every setup the packages support: node10 exists up to TypeScript 5.9 only. */
export const typeScriptSetups: readonly TypeScriptSetup[] = [
  { compiler: '5.9', resolution: 'nodenext' },
  { compiler: '5.9', resolution: 'bundler' },
  { compiler: '5.9', resolution: 'node10' },
  { compiler: '7', resolution: 'nodenext' },
  { compiler: '7', resolution: 'bundler' },
];

/**
 * Type-checks consumer files with the strictest settings a user may have,
 * the packages' own declarations included (`--skipLibCheck false`,
 * `--exactOptionalPropertyTypes`). Rejects with tsc's diagnostics; resolves
 * with every file the program read, absolute for everything outside the
 * consumer's own sources.
 */
export async function typeCheck(
  consumerDir: string,
  { compiler, resolution }: TypeScriptSetup,
  files: readonly string[],
): Promise<string[]> {
  const { stdout } = await runNode(consumerDir, [
    compilers[compiler],
    ...resolutionFlags[resolution],
    '--noEmit',
    '--strict',
    '--exactOptionalPropertyTypes',
    '--target',
    'es2022',
    '--types',
    'node',
    '--esModuleInterop',
    '--skipLibCheck',
    'false',
    '--listFiles',
    ...files,
  ]);
  return stdout.split('\n').filter((line) => line !== '');
}
