import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packages = fileURLToPath(new URL('../../', import.meta.url));

/** Every `.ts` file below `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

// A module-level Map or WeakMap, or a module-level `let`: state that outlives any one object.
const moduleState = /^(?:export )?(?:(?:const|let|var) (\w+)[^=]*= new (?:Weak)?Map\b|let (\w+))/;

it('keeps no per-source state in module-level maps: each one left is keyed by something else, and says why', () => {
  const found: string[] = [];
  for (const pkg of readdirSync(packages)) {
    let files: string[];
    try {
      files = sources(join(packages, pkg, 'src'));
    } catch {
      continue;
    }
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line) => {
          const match = moduleState.exec(line);
          if (match) found.push(`${relative(packages, file)} ${match[1] ?? match[2]}`);
        });
    }
  }
  // Each entry is state of something that is not a token source, written once per key:
  expect(found.sort()).toEqual(
    [
      // per axios redirect hook: the wrapper made for it (axios adapter, not a source)
      'axios/src/guard-redirects.ts wrapped',
      // per axios request config: the token that one request carried
      'axios/src/call-record.ts attachedTokens',
      // per clock: the epoch its monotonic zero stands for, fixed at first use
      'core/src/shared/clock.ts steadyOrigins',
      // per provider function: its id, fixed at first use, and the counter that hands them out
      'core/src/token-endpoint/external-token.ts providerIds',
      'core/src/token-endpoint/external-token.ts providersSeen',
      // per process: the random key of the in-process fingerprints
      'core/src/token-source/fingerprint.ts processKey',
      // per clock: the default store every source on that clock shares (by design)
      'core/src/token-source/memory-token-store.ts defaultStores',
    ].sort(),
  );
});
