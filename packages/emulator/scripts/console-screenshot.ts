/*
 * Takes docs/emulator-console.png: starts an emulator, plays a realistic
 * few seconds against it (a herd, bad secrets up to a lockout, faults, a
 * revocation, API calls that renew their token), then photographs the
 * console in headless Chromium. Run: pnpm --filter @cloud-token/emulator screenshot
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/index.js';
import { getAccessToken, requestToken } from '../src/testing/index.js';
import { launchChromium } from '../test/support/chromium.js';

const output = fileURLToPath(new URL('../../../docs/emulator-console.png', import.meta.url));

const emulator = await startEmulator({
  clients: [{ clientId: 'billing-service', clientSecret: 'billing-secret' }],
});
const chrome = await launchChromium();
try {
  const page = await chrome.context.newPage();
  await page.goto(`${emulator.controlUrl}/`);

  const callApi = async (token: string, path: string): Promise<void> => {
    const answer = await fetch(`${emulator.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await answer.arrayBuffer();
  };

  let token = await getAccessToken(emulator);
  for (let second = 0; second < 14; second += 1) {
    const herd = second === 3 || second === 9 ? 24 : 2 + (second % 3);
    await Promise.all(Array.from({ length: herd }, () => requestToken(emulator)));
    if (second === 2 || second === 6) {
      await requestToken(emulator, { clientId: 'billing-service', clientSecret: 'old-secret' });
    }
    if (second === 5) {
      for (let attempt = 0; attempt < 6; attempt += 1) {
        await requestToken(emulator, { clientId: 'billing-service', clientSecret: 'rotated-away' });
      }
    }
    if (second === 7) {
      emulator.control.failTokenRequests(2, { kind: 'status', status: 503 });
      await requestToken(emulator);
      await requestToken(emulator);
    }
    if (second === 11) {
      emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '30' });
      await requestToken(emulator);
    }
    await callApi(token, '/v4.0/words/report.docx/statistics');
    await callApi(token, '/v3.0/cells/budget.xlsx/worksheets');
    if (second === 8) {
      emulator.control.revokeAllTokens();
      await callApi(token, '/v1/viewer/contract.pdf/pages');
      token = await getAccessToken(emulator);
      await callApi(token, '/v1/viewer/contract.pdf/pages');
    }
    if (second === 12) {
      emulator.control.failApiRequests(3, { status: 429, retryAfter: '5' });
      for (let call = 0; call < 3; call += 1) await callApi(token, '/v4.0/words/report.docx');
    }
    await sleep(1000);
  }
  emulator.control.failTokenRequests(1, { kind: 'status', status: 503 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: output, fullPage: true });
  console.log(`wrote ${output}`);
} finally {
  await chrome.close();
  await emulator.close();
}
