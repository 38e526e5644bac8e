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

/** `[file relative to packages/, line]` for every line of every package's `src`. */
function sourceLines(): [string, string][] {
  const lines: [string, string][] = [];
  for (const pkg of readdirSync(packages)) {
    let files: string[];
    try {
      files = sources(join(packages, pkg, 'src'));
    } catch {
      continue;
    }
    for (const file of files) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        lines.push([relative(packages, file), line]);
      }
    }
  }
  return lines;
}

// A module-level Map or WeakMap, or a module-level `let`: state that outlives any one object.
const moduleState = /^(?:export )?(?:(?:const|let|var) (\w+)[^=]*= new (?:Weak)?Map\b|let (\w+))/;
// The globals behind "now", waits and deadlines, outside comments.
const globalTime =
  /^(?!\s*(?:\*|\/\/)).*(?:Date\.now\(\)|performance\.now\(\)|AbortSignal\.timeout\(|globalThis\.setTimeout\(|(?<![\w.])setTimeout\()/;

it('keeps no per-source state in module-level maps: each one left is keyed by something else, and says why', () => {
  const found: string[] = [];
  for (const [file, line] of sourceLines()) {
    const match = moduleState.exec(line);
    if (match) found.push(`${file} ${match[1] ?? match[2]}`);
  }
  // Each entry is state of something that is not a token source, written once per key:
  expect(found.sort()).toEqual(
    [
      // the presets' API hosts and their versioned example: a read-only table, no state
      'core/src/shared/presets.ts versionedApis',
      // per clock: the epoch its monotonic zero stands for, fixed at first use
      'core/src/shared/clock.ts steadyOrigins',
      // per provider function: its id, fixed at first use, and the counter that hands them out
      'core/src/token-endpoint/external-token.ts providerIds',
      'core/src/token-endpoint/external-token.ts providersSeen',
      // per process: the random key of the in-process fingerprints
      'core/src/token-source/fingerprint.ts processKey',
      // per clock: the default store every source on that clock shares (by design)
      'core/src/token-source/memory-token-store.ts defaultStores',
      // per SDK client class: the npm package and version it was loaded from, looked up once
      'sdk/src/sdk-package.ts found',
      // per SDK configuration object: the one bridge every client made with it shares
      'sdk/src/use-cloud-token.ts bridges',
      // the emulator's control plane: read-only tables of its actions and their fields, no state
      'emulator/src/control-actions.ts controlActions',
      'emulator/src/control-actions.ts tokenFaultFields',
    ].sort(),
  );
});

it('reads every "now", wait and deadline through the injected Clock: only clock.ts touches the globals', () => {
  const home = 'core/src/shared/clock.ts';
  const lines = sourceLines().filter(([, line]) => globalTime.test(line));
  // The emulator depends on nothing of ours; it keeps its own time. The Redis test launcher
  // waits for real redis-server processes to come up: real time, no token source involved.
  const ownTime = (file: string) =>
    file.startsWith('emulator/') || file.startsWith('redis/src/testing/');
  const elsewhere = lines.filter(([file]) => file !== home && !ownTime(file));
  expect(elsewhere.map(([file, line]) => `${file}: ${line.trim()}`)).toEqual([]);
  expect(lines.filter(([file]) => file === home).length).toBeGreaterThan(0);
});
