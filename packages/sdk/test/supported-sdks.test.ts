import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { sdksWithoutSeam, supportedSdks } from '../src/supported-sdks.js';
import { formatRange, isVersionIn } from '../src/version-range.js';
import { sdkDrivers } from './support/official-sdks.js';

const manifest = JSON.parse(
  await readFile(new URL('../package.json', import.meta.url), 'utf8'),
) as {
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  devDependencies: Record<string, string>;
};

describe.each(supportedSdks)('$packageName', (sdk) => {
  it('its peer dependency range is the range the bridge accepts, and optional', () => {
    expect(manifest.peerDependencies[sdk.packageName]).toBe(formatRange(sdk.versions));
    expect(manifest.peerDependenciesMeta[sdk.packageName]?.optional).toBe(true);
  });

  it('every tested version lies in the range, is installed for the tests, and has a driver', () => {
    const installed = Object.values(manifest.devDependencies).map((spec) =>
      spec.replace(/^npm:[^@]+@/, ''),
    );
    const driven = sdkDrivers
      .filter((driver) => driver.packageName === sdk.packageName)
      .map((driver) => driver.version);
    for (const version of sdk.tested) {
      expect(isVersionIn(version, sdk.versions)).toBe(true);
      expect(installed).toContain(version);
    }
    expect(driven.sort()).toEqual([...sdk.tested].sort());
  });
});

it('no SDK is both supported and without a seam', () => {
  for (const name of Object.keys(sdksWithoutSeam)) {
    expect(supportedSdks.map((sdk) => sdk.packageName)).not.toContain(name);
    expect(manifest.peerDependencies[name]).toBeUndefined();
  }
});

it('the README’s table lists every supported SDK with its range and tested versions', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  for (const sdk of supportedSdks) {
    expect(readme).toContain(
      `| \`${sdk.packageName}\` | \`${formatRange(sdk.versions)}\` | ${sdk.tested.join(', ')} |`,
    );
  }
});
