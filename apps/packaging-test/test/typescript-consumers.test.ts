import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type Resolution,
  type TypeScriptSetup,
  typeCheck,
  typeScriptSetups,
} from './support/type-check.js';
import { publishedPackages, workspaceRoot } from './support/workspace.js';

const consumerDir = inject('consumerDir');

interface ConditionalEntry {
  import: { types: string };
  require: { types: string };
}

interface Manifest {
  name: string;
  types: string;
  typesVersions?: Record<string, Record<string, string[]>>;
  exports: Record<string, ConditionalEntry | string>;
}

/** One published entry point: its specifier and its declaration file for each condition. */
interface EntryPoint {
  specifier: string;
  /** `import`/`require` condition's types, absolute, as installed in the consumer. */
  types: { import: string; require: string };
  /** For a subpath: its `typesVersions` key, which is what `node10` resolution reads. */
  typesVersionsKey: string | undefined;
}

async function installedManifest(name: string): Promise<Manifest> {
  const path = join(consumerDir, 'node_modules', name, 'package.json');
  return JSON.parse(await readFile(path, 'utf8')) as Manifest;
}

/** Every entry point every packed package declares in `exports`, read from the tarballs. */
async function publishedEntryPoints(): Promise<EntryPoint[]> {
  const manifests = await Promise.all(publishedPackages.map(({ name }) => installedManifest(name)));
  return manifests.flatMap((manifest) =>
    Object.entries(manifest.exports)
      .filter((entry): entry is [string, ConditionalEntry] => typeof entry[1] !== 'string')
      .map(([subpath, conditions]) => {
        const installed = (file: string) => join(consumerDir, 'node_modules', manifest.name, file);
        return {
          specifier: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
          types: {
            import: installed(conditions.import.types),
            require: installed(conditions.require.types),
          },
          typesVersionsKey: subpath === '.' ? undefined : subpath.slice(2),
        };
      }),
  );
}

/** Files of the workspace packages themselves, sources or builds: never what a consumer may read. */
function fromTheWorkspacePackages(files: readonly string[]): string[] {
  return files.filter((file) => file.startsWith(join(workspaceRoot, 'packages')));
}

/** The consumer files for one module kind, and which condition's declarations they must read. */
interface ModuleKind {
  name: string;
  extension: '.mts' | '.cts' | '.ts';
  condition: 'import' | 'require';
}

const moduleKinds: Record<Resolution, readonly ModuleKind[]> = {
  nodenext: [
    { name: 'an ES module', extension: '.mts', condition: 'import' },
    { name: 'a CommonJS module', extension: '.cts', condition: 'require' },
  ],
  bundler: [{ name: 'a bundled module', extension: '.ts', condition: 'import' }],
  // `module: commonjs`: the `types` field and `typesVersions`, which name the CJS declarations.
  node10: [{ name: 'a CommonJS module', extension: '.ts', condition: 'require' }],
};

const cases = typeScriptSetups.flatMap((setup) =>
  moduleKinds[setup.resolution].map((kind) => ({ setup, kind })),
);

/** The consumer's files for one case, named after it: `<resolution>-<ts>-<source>.<ext>`. */
function caseFile(setup: TypeScriptSetup, kind: ModuleKind, source: string): string {
  return `types/${setup.resolution}-ts${setup.compiler.replace('.', '')}-${source}${kind.extension}`;
}

describe('TypeScript consumers of the packed tarballs', () => {
  let entryPoints: EntryPoint[] = [];

  beforeAll(async () => {
    entryPoints = await publishedEntryPoints();
    // One import of every published entry point, whatever `exports` gains later.
    const everySubpath = [
      ...entryPoints.map(({ specifier }, i) => `import * as entry${i} from '${specifier}';`),
      `export const entries = [${entryPoints.map((_, i) => `entry${i}`).join(', ')}];`,
      '',
    ].join('\n');
    const types = join(consumerDir, 'types');
    await writeFile(join(types, 'every-subpath.ts'), everySubpath);
    // The same user code, type-checked as every module kind with every compiler.
    await Promise.all(
      cases.flatMap(({ setup, kind }) =>
        ['every-entry', 'every-subpath'].map((source) =>
          copyFile(join(types, `${source}.ts`), join(consumerDir, caseFile(setup, kind, source))),
        ),
      ),
    );
  });

  it('names, in `typesVersions`, the CommonJS declarations of every subpath (for node10)', async () => {
    for (const { name } of publishedPackages) {
      const manifest = await installedManifest(name);
      const subpaths = entryPoints.filter(
        (entry) => entry.typesVersionsKey !== undefined && entry.specifier.startsWith(`${name}/`),
      );
      const mapped = manifest.typesVersions?.['*'] ?? {};
      expect(Object.keys(mapped).sort(), name).toEqual(
        subpaths.map(({ typesVersionsKey }) => typesVersionsKey).sort(),
      );
      expect(join(consumerDir, 'node_modules', name, manifest.types), name).toBe(
        entryPoints.find((entry) => entry.specifier === name)?.types.require,
      );
    }
  });

  it.each(
    cases.map(
      ({ setup, kind }) => [setup.compiler, setup.resolution, kind.name, setup, kind] as const,
    ),
  )(
    'TypeScript %s, %s: %s using every entry type-checks against its own declarations',
    async (_, __, ___, setup: TypeScriptSetup, kind: ModuleKind) => {
      const read = await typeCheck(consumerDir, setup, [
        caseFile(setup, kind, 'every-entry'),
        caseFile(setup, kind, 'every-subpath'),
      ]);
      expect(read).toEqual(
        expect.arrayContaining(entryPoints.map(({ types }) => types[kind.condition])),
      );
      expect(fromTheWorkspacePackages(read)).toEqual([]);
    },
    // A cold TypeScript 5.9 reading @types/node, @types/express and axios takes a while.
    120_000,
  );

  it('types `req.cloudToken` only for projects that opt in with @cloud-token/express/env', {
    timeout: 120_000,
  }, async () => {
    // without-env.mts expects an error on `req.cloudToken`: it type-checks only if there is one.
    const read = await typeCheck(consumerDir, { compiler: '5.9', resolution: 'nodenext' }, [
      'types/without-env.mts',
    ]);
    expect(read).toContain(join(consumerDir, 'node_modules/@cloud-token/express/dist/index.d.ts'));
    expect(read).not.toContain(
      join(consumerDir, 'node_modules/@cloud-token/express/dist/env.d.ts'),
    );
  });
});
