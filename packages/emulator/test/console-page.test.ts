import { getAccessToken, requestToken, useEmulator } from '@cloud-token/emulator/testing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consoleLockoutStates } from '../src/console-state.js';
import { type LaunchedChromium, launchChromium } from './support/chromium.js';

/*
 * The console in a real browser: Debian's Chromium, headless, driven by
 * playwright-core. Without /usr/bin/chromium this file FAILS (CI installs
 * it with `apt-get install -y chromium`); it never skips.
 */

const cloud = useEmulator({ beforeAll, beforeEach, afterAll }, { reset: 'when-idle' });
let chrome: LaunchedChromium;
let page: Page;

let launchError: unknown;

beforeAll(async () => {
  try {
    chrome = await launchChromium();
  } catch (error) {
    // Rethrown by every test (below), so each one FAILS with the reason instead of being skipped.
    launchError = error;
  }
}, 60_000);
afterAll(() => chrome?.close());
beforeEach(async () => {
  if (launchError !== undefined) throw launchError;
  page = await chrome.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${cloud.emulator.controlUrl}/`);
  await expect.poll(() => page.locator('#live-text').textContent()).toMatch(/^live/);
  expect(errors).toEqual([]);
});
afterEach(() => page?.close());

/** The number a counter card shows, once it shows `value` (the page polls). */
async function expectCounter(testId: string, value: number): Promise<void> {
  await expect
    .poll(() => page.getByTestId(testId).textContent(), { timeout: 10_000 })
    .toBe(String(value));
}

describe('the emulator console in Chromium', () => {
  it('shows a herd and a revocation on its counters, timeline, status bars and call list', async () => {
    const herd = await Promise.all(Array.from({ length: 40 }, () => requestToken(cloud.emulator)));
    expect(herd.map((answer) => answer.status)).toEqual(Array(40).fill(200));
    await requestToken(cloud.emulator, { clientSecret: 'not-the-secret' });
    const oldToken = await getAccessToken(cloud.emulator);
    const call = async (token: string) => {
      const answer = await fetch(`${cloud.emulator.url}/v1/viewer/doc.pdf/pages`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await answer.arrayBuffer();
      return answer.status;
    };
    expect(await call(oldToken)).toBe(200);
    cloud.emulator.control.revokeAllTokens();
    expect(await call(oldToken)).toBe(401);
    const newToken = await getAccessToken(cloud.emulator);
    expect(await call(newToken)).toBe(200);

    await expectCounter('token-issued', 42);
    await expectCounter('token-rejected', 1);
    await expectCounter('token-total', 43);
    await expectCounter('revocations', 1);
    await expectCounter('api-total', 3);
    const timeline = page.getByTestId('timeline');
    expect(await timeline.getAttribute('data-issued')).toBe('42');
    expect(await timeline.getAttribute('data-rejected')).toBe('1');
    expect(await timeline.locator('rect[data-outcome="issued"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('api-status-200').getAttribute('data-count')).toBe('2');
    expect(await page.getByTestId('api-status-401').getAttribute('data-count')).toBe('1');
    const calls = await page.getByTestId('recent-call').allTextContents();
    expect(calls).toHaveLength(3);
    // Newest first: the renewed token, then the revoked one rejected, then the revoked one accepted.
    const shown = (token: string) => `${token.slice(0, 6)}…${token.slice(-6)}`;
    expect(calls[0]).toContain(shown(newToken));
    expect(calls[1]).toContain(shown(oldToken));
    expect(calls[1]).toContain('401');
    const html = await page.content();
    expect(html).not.toContain(oldToken);
    expect(html).not.toContain('emulator-secret');
    expect(html).not.toContain('not-the-secret');
    await expect
      .poll(() => page.getByTestId('lockout-row').allTextContents())
      .toEqual([expect.stringContaining('emulator-client')]);
  }, 60_000);

  it('shows a lockout with its countdown', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await requestToken(cloud.emulator, { clientSecret: 'wrong' });
    }
    expect((await requestToken(cloud.emulator, { clientSecret: 'wrong' })).status).toBe(429);

    await expectCounter('lockouts', 1);
    await expectCounter('token-rate-limited', 1);
    await expect
      .poll(() => page.getByTestId('lockout-row').textContent())
      .toMatch(/emulator-client.*locked out · (9 min \d{1,2}|10 min 0) s left.*600/);
  }, 60_000);

  it(`lists ${consoleLockoutStates} lockout rows at most, newest first, and says how many more there are`, async () => {
    for (let index = 0; index < consoleLockoutStates + 10; index += 1) {
      await (await requestToken(cloud.emulator, { clientId: `failing-${index}` })).arrayBuffer();
    }

    await expect
      .poll(() => page.getByTestId('lockouts-omitted').textContent())
      .toMatch(/^… and 10 more not listed/);
    const rows = await page.getByTestId('lockout-row').allTextContents();
    expect(rows).toHaveLength(consoleLockoutStates);
    expect(rows[0]).toContain(`failing-${consoleLockoutStates + 9}`);
  }, 60_000);

  it.each([
    ['fault-token-503', 503],
    ['fault-token-429', 429],
    ['fault-token-invalid-client', 400],
  ])(
    'pressing %s makes the next token request answer %i',
    async (button, status) => {
      await page.getByTestId(button).click();
      await expect.poll(() => page.getByTestId('pending-fault').count()).toBe(1);

      const answer = await requestToken(cloud.emulator);

      expect(answer.status).toBe(status);
      expect((await requestToken(cloud.emulator)).status).toBe(200);
      await expectCounter('token-total', 2);
    },
    60_000,
  );

  it('pressing "429 Retry-After 5 ×3" makes the next 3 API calls answer 429 Retry-After: 5', async () => {
    const token = await getAccessToken(cloud.emulator);
    await page.getByTestId('fault-api-429').click();
    await expect.poll(() => page.getByTestId('pending-fault').textContent()).toContain('×3');

    const answers = [];
    for (let index = 0; index < 4; index += 1) {
      const answer = await fetch(`${cloud.emulator.url}/v3.0/cells/book.xlsx`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await answer.arrayBuffer();
      answers.push([answer.status, answer.headers.get('retry-after')]);
    }

    expect(answers).toEqual([
      [429, '5'],
      [429, '5'],
      [429, '5'],
      [200, null],
    ]);
    await expect
      .poll(() => page.getByTestId('api-status-429').getAttribute('data-count'))
      .toBe('3');
  }, 60_000);

  it('pressing "Revoke all tokens" rejects the token a client holds', async () => {
    const token = await getAccessToken(cloud.emulator);
    await page.getByTestId('revoke').click();
    await expectCounter('revocations', 1);

    const answer = await fetch(`${cloud.emulator.apiUrl}/words/doc.docx`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(answer.status).toBe(401);
  }, 60_000);
});
