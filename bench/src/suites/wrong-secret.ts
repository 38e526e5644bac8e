import { isCloudTokenError } from '@cloud-token/core';
import type { Emulator } from '@cloud-token/emulator';
import { emulatorCredentials, emulatorSource, withEmulator } from '../emulator.js';
import type { Figure } from '../figure.js';
import type { Suite, SuiteContext } from '../suite.js';

const CONCURRENT_CALLS = 1_000;
const SEQUENTIAL_CALLS = 50;
const WRONG_SECRET = 'not-the-emulator-secret';

/**
 * A wrong secret met by 1,000 concurrent and then 50 sequential
 * `getToken()` calls: counts of token requests and lockouts, against a naive
 * client that posts one token request per call (Aspose profile: 5 failures →
 * locked out).
 */
export const wrongSecret: Suite = {
  title: '7 wrong secret',
  run: (context) => withEmulator((emulator) => measureWrongSecret(emulator, context)),
};

async function measureWrongSecret(emulator: Emulator, { checks }: SuiteContext): Promise<Figure[]> {
  const source = emulatorSource(emulator, undefined, WRONG_SECRET);
  let rejected = 0;
  const countRejection = (error: unknown) => {
    if (isCloudTokenError(error, 'ERR_CREDENTIALS_REJECTED')) rejected += 1;
  };
  try {
    const herd = Array.from({ length: CONCURRENT_CALLS }, () =>
      source.getToken().then(() => undefined, countRejection),
    );
    await Promise.all(herd);
    for (let call = 0; call < SEQUENTIAL_CALLS; call += 1) {
      await source.getToken().then(() => undefined, countRejection);
    }
  } finally {
    source.close();
  }
  const calls = CONCURRENT_CALLS + SEQUENTIAL_CALLS;
  const { total: tokenRequests } = emulator.stats.tokenRequests;
  const { lockouts } = emulator.stats;
  checks.expect(tokenRequests <= 1, `wrong secret: ${tokenRequests} token requests, expected ≤ 1`);
  checks.expect(lockouts === 0, `wrong secret: ${lockouts} emulator lockouts, expected 0`);
  checks.expect(
    rejected === calls,
    `wrong secret: ${rejected} of ${calls} calls failed with ERR_CREDENTIALS_REJECTED, expected all`,
  );

  emulator.control.reset();
  await naiveClient(emulator);
  const naive = emulator.stats;
  checks.expect(
    naive.lockouts >= 1,
    'wrong secret: the naive baseline was never locked out; the emulator lockout rule did not apply',
  );
  const label = `${CONCURRENT_CALLS.toLocaleString('en-US')} concurrent + ${SEQUENTIAL_CALLS} sequential calls`;
  return [
    {
      figure: `${label}: token requests sent`,
      value: tokenRequests,
      unit: '',
      baseline: naive.tokenRequests.total,
      baselineLabel: 'naive client',
    },
    {
      figure: `${label}: emulator lockouts`,
      value: lockouts,
      unit: '',
      baseline: naive.lockouts,
      baselineLabel: 'naive client',
    },
  ];
}

/** One token request per call, no single flight and no guard: what cloud-token prevents. */
async function naiveClient(emulator: Emulator): Promise<void> {
  const { clientId } = emulatorCredentials(emulator);
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: WRONG_SECRET,
  }).toString();
  const post = async () => {
    const answer = await fetch(emulator.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    await answer.arrayBuffer();
  };
  await Promise.all(Array.from({ length: CONCURRENT_CALLS }, post));
  for (let call = 0; call < SEQUENTIAL_CALLS; call += 1) await post();
}
