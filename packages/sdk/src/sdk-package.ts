import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The npm package (name and version) a client object's class comes from. */
export interface SdkPackage {
  readonly name: string;
  readonly version: string;
}

const found = new WeakMap<object, SdkPackage | undefined>();

/**
 * The package whose module exports the class of `client` (or a class it
 * extends), read from Node's CommonJS module cache — every official SDK is
 * CommonJS, loaded by `require` or by an ESM `import` — and the nearest
 * `package.json` with a name above that module's file. `undefined` when no
 * cached module exports it (a bundled application, or not an SDK client).
 */
export function findSdkPackage(client: object): SdkPackage | undefined {
  // Any absolute path gives the same, process-wide cache; nothing is loaded.
  const cache = createRequire(join(process.cwd(), 'index.js')).cache;
  for (
    let prototype = Object.getPrototypeOf(client);
    prototype !== null && prototype !== Object.prototype;
    prototype = Object.getPrototypeOf(prototype)
  ) {
    const sdkClass: unknown = prototype.constructor;
    if (typeof sdkClass !== 'function') continue;
    if (found.has(sdkClass)) {
      const known = found.get(sdkClass);
      if (known !== undefined) return known;
      continue;
    }
    const filename = Object.values(cache).find((module) =>
      exportsValue(module?.exports, sdkClass),
    )?.filename;
    const sdkPackage = filename === undefined ? undefined : packageAbove(filename);
    found.set(sdkClass, sdkPackage);
    if (sdkPackage !== undefined) return sdkPackage;
  }
  return undefined;
}

function exportsValue(moduleExports: unknown, value: unknown): boolean {
  if (moduleExports === value) return true;
  if (typeof moduleExports !== 'object' || moduleExports === null) return false;
  try {
    return Object.values(moduleExports).includes(value);
  } catch {
    // A module whose export getters throw exports nothing we look for.
    return false;
  }
}

function packageAbove(filename: string): SdkPackage | undefined {
  for (let directory = dirname(filename); ; directory = dirname(directory)) {
    const manifest = readManifest(join(directory, 'package.json'));
    if (manifest !== undefined) return manifest;
    if (dirname(directory) === directory) return undefined;
  }
}

function readManifest(path: string): SdkPackage | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const { name, version } = JSON.parse(text) as { name?: unknown; version?: unknown };
    return typeof name === 'string' && typeof version === 'string' ? { name, version } : undefined;
  } catch {
    return undefined;
  }
}
