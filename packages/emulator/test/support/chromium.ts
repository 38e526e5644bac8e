import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium: CI installs it with `apt-get install -y chromium`. */
export const chromiumPath = '/usr/bin/chromium';

/** A headless Chromium with a throwaway profile; `close()` removes both. */
export interface LaunchedChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless, offline-friendly (no first-run, sync,
 * component updates or background networking). Throws — never skips — when
 * it is not installed, so that a CI without it fails loudly.
 */
export async function launchChromium(): Promise<LaunchedChromium> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `${chromiumPath} is missing: install Debian's Chromium (apt-get update && apt-get install -y chromium)`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'emulator-console-chromium-'));
  // Playwright passes the fresh profile as --user-data-dir itself.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
