import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type Emulator } from '@cloud-token/emulator';
import { useCloudToken } from '@cloud-token/sdk';
import { emulatorSource, withEmulator } from '../emulator.js';
import type { Figure } from '../figure.js';
import { type OfficialSdk, officialSdks } from '../official-sdk-clients.js';
import { sized } from '../quick.js';
import type { Suite, SuiteContext } from '../suite.js';

const CALLS = sized(100, 20);
/**
 * A call that has not settled by then is counted as hung (Cells' 401 path
 * never settles); long enough that a slow machine's calls are not taken for hung ones.
 */
const HUNG_AFTER_MS = sized(10_000, 5_000);
const WRONG_SECRET = 'not-the-emulator-secret';
/** What the SDK is given when bridged: it must never send it. */
const SDK_SECRET_WHEN_BRIDGED = 'the-sdk-never-sends-this';
/** Past the emulator's default token lifetime (1 day). */
const PAST_ONE_LIFETIME_MS = 86_401_000;

type Mode = 'alone' | 'bridged';

/** What one scenario cost, counted by the emulator and around the calls. */
interface Outcome {
  /** Token requests that reached the emulator during the scenario (after any warm-up). */
  tokenRequests: number;
  failed: number;
  hung: number;
  lockouts: number;
  /** Rejections the SDK left unhandled: each would end a plain Node process. */
  unhandled: number;
  /** For the API 429: how the call ended. */
  answer?: 'waited' | 'answered with Retry-After' | 'answered, Retry-After lost' | 'hung';
}

type Scenario =
  | 'cold herd'
  | 'key rotation'
  | 'past one token lifetime'
  | 'wrong secret'
  | 'API 429';

/**
 * The vendors' official SDKs, each alone (its own token handling) and
 * bridged by `@cloud-token/sdk` (`useCloudToken(client, source)`), against
 * the emulator under the same faults: a cold herd of concurrent calls, a key
 * rotation under load, the emulator's clock moved past one token lifetime, a
 * wrong secret, and an API 429 with `Retry-After`. Prints the README's
 * "SDK alone vs bridged" table. Behaviour checks cover the bridged counts.
 */
export const officialSdksSuite: Suite = {
  title: '13 official SDKs, alone and bridged',
  run: (context) => withEmulator((emulator) => measureAll(emulator, context)),
};

async function measureAll(emulator: Emulator, context: SuiteContext): Promise<Figure[]> {
  const unhandled = new UnhandledRejections();
  const figures: Figure[] = [];
  const rows: string[] = [];
  try {
    for (const sdk of officialSdks) {
      const alone = await measureSdk(emulator, sdk, 'alone', unhandled);
      const bridged = sdk.bridged
        ? await measureSdk(emulator, sdk, 'bridged', unhandled)
        : undefined;
      if (bridged !== undefined) checkBridged(sdk, bridged, context);
      figures.push(...figuresOf(sdk, alone, bridged));
      rows.push(tableRow(sdk, alone, bridged));
    }
  } finally {
    unhandled.stop();
  }
  console.log(`\n### SDK alone vs bridged (${CALLS} concurrent calls per scenario)\n`);
  console.log(tableHeader);
  for (const row of rows) console.log(row);
  return figures;
}

async function measureSdk(
  emulator: Emulator,
  sdk: OfficialSdk,
  mode: Mode,
  unhandled: UnhandledRejections,
): Promise<Record<Scenario, Outcome>> {
  const run = (scenario: Scenario) => runScenario(emulator, sdk, mode, scenario, unhandled);
  return {
    'cold herd': await run('cold herd'),
    'key rotation': await run('key rotation'),
    'past one token lifetime': await run('past one token lifetime'),
    'wrong secret': await run('wrong secret'),
    'API 429': await run('API 429'),
  };
}

async function runScenario(
  emulator: Emulator,
  sdk: OfficialSdk,
  mode: Mode,
  scenario: Scenario,
  unhandled: UnhandledRejections,
): Promise<Outcome> {
  emulator.control.reset();
  const secret = scenario === 'wrong secret' ? WRONG_SECRET : DEFAULT_CLIENT_SECRET;
  const source = mode === 'bridged' ? emulatorSource(emulator, undefined, secret) : undefined;
  const client = sdk.make(
    emulator.url,
    DEFAULT_CLIENT_ID,
    source === undefined ? secret : SDK_SECRET_WHEN_BRIDGED,
  );
  const detachers =
    source === undefined ? [] : client.apis.map((api) => useCloudToken(api, source));
  try {
    if (
      scenario === 'key rotation' ||
      scenario === 'past one token lifetime' ||
      scenario === 'API 429'
    ) {
      await settle(client.call());
    }
    const tokenRequestsBefore = emulator.stats.tokenRequests.total;
    const unhandledBefore = unhandled.count;
    if (scenario === 'key rotation') emulator.control.revokeAllTokens();
    if (scenario === 'past one token lifetime') emulator.control.advanceTime(PAST_ONE_LIFETIME_MS);
    if (scenario === 'API 429')
      emulator.control.failApiRequests(1, { status: 429, retryAfter: '1' });
    const calls = scenario === 'API 429' ? 1 : CALLS;
    const results = await Promise.all(Array.from({ length: calls }, () => settle(client.call())));
    // An unhandled rejection is reported once the microtasks ran out.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outcome: Outcome = {
      tokenRequests: emulator.stats.tokenRequests.total - tokenRequestsBefore,
      failed: results.filter((result) => result.kind === 'failed').length,
      hung: results.filter((result) => result.kind === 'hung').length,
      lockouts: emulator.stats.lockouts,
      unhandled: unhandled.count - unhandledBefore,
    };
    if (scenario === 'API 429') outcome.answer = answerTo429(results[0]);
    return outcome;
  } finally {
    for (const detach of detachers) detach();
    source?.close();
  }
}

type Settled = { kind: 'ok' } | { kind: 'failed'; reason: unknown } | { kind: 'hung' };

/** The call's end, or `hung` when it has not ended after {@link HUNG_AFTER_MS}. */
function settle(call: Promise<unknown>): Promise<Settled> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'hung' }), HUNG_AFTER_MS);
    call.then(
      () => resolve({ kind: 'ok' }),
      (reason: unknown) => resolve({ kind: 'failed', reason }),
    );
    call.finally(() => clearTimeout(timer)).catch(() => {});
  });
}

function answerTo429(result: Settled | undefined): Outcome['answer'] {
  if (result === undefined || result.kind === 'hung') return 'hung';
  if (result.kind === 'ok') return 'waited';
  const { response } = (result.reason ?? {}) as {
    response?: { headers?: Record<string, unknown> };
  };
  return response?.headers?.['retry-after'] === undefined
    ? 'answered, Retry-After lost'
    : 'answered with Retry-After';
}

function checkBridged(
  sdk: OfficialSdk,
  outcome: Record<Scenario, Outcome>,
  { checks }: SuiteContext,
): void {
  const expect = (
    scenario: Scenario,
    field: 'tokenRequests' | 'failed' | 'hung' | 'lockouts',
    value: number,
  ) =>
    checks.expect(
      outcome[scenario][field] === value,
      `${sdk.name} bridged, ${scenario}: ${field} ${outcome[scenario][field]}, expected ${value}`,
    );
  expect('cold herd', 'tokenRequests', 1);
  expect('cold herd', 'failed', 0);
  expect('key rotation', 'tokenRequests', 1);
  expect('key rotation', 'failed', 0);
  expect('past one token lifetime', 'tokenRequests', 1);
  expect('past one token lifetime', 'failed', 0);
  expect('wrong secret', 'tokenRequests', 1);
  expect('wrong secret', 'lockouts', 0);
  for (const scenario of Object.keys(outcome) as Scenario[]) expect(scenario, 'hung', 0);
}

function figuresOf(
  sdk: OfficialSdk,
  alone: Record<Scenario, Outcome>,
  bridged: Record<Scenario, Outcome> | undefined,
): Figure[] {
  const figure = (name: string, pick: (outcome: Record<Scenario, Outcome>) => number): Figure =>
    bridged === undefined
      ? { figure: `${sdk.name} alone (not bridged): ${name}`, value: pick(alone), unit: '' }
      : {
          figure: `${sdk.name}: ${name}`,
          value: pick(bridged),
          unit: '',
          baseline: pick(alone),
          baselineLabel: 'SDK alone',
        };
  return [
    figure('cold herd, token requests', (outcome) => outcome['cold herd'].tokenRequests),
    figure('key rotation, token requests', (outcome) => outcome['key rotation'].tokenRequests),
    figure('key rotation, failed or hung calls', (outcome) =>
      failedOrHung(outcome['key rotation']),
    ),
    figure('past one token lifetime, failed or hung calls', (outcome) =>
      failedOrHung(outcome['past one token lifetime']),
    ),
    figure('wrong secret, token requests', (outcome) => outcome['wrong secret'].tokenRequests),
    figure('wrong secret, lockouts', (outcome) => outcome['wrong secret'].lockouts),
    figure('unhandled rejections, all scenarios', (outcome) =>
      Object.values(outcome).reduce((sum, scenario) => sum + scenario.unhandled, 0),
    ),
  ];
}

const failedOrHung = (outcome: Outcome): number => outcome.failed + outcome.hung;

const tableHeader = [
  '| SDK | cold herd: token requests | key rotation: token requests / failed | past one lifetime: failed | wrong secret: token requests / lockouts | API 429 + `Retry-After: 1` | unhandled rejections |',
  '| --- | --- | --- | --- | --- | --- | --- |',
].join('\n');

function tableRow(
  sdk: OfficialSdk,
  alone: Record<Scenario, Outcome>,
  bridged: Record<Scenario, Outcome> | undefined,
): string {
  const both = (pick: (outcome: Record<Scenario, Outcome>) => string): string =>
    bridged === undefined ? `${pick(alone)} → n/a` : `${pick(alone)} → **${pick(bridged)}**`;
  const calls = ({ failed, hung }: Outcome): string =>
    hung === 0 ? `${failed}` : failed === 0 ? `${hung} hung` : `${failed} + ${hung} hung`;
  return `| ${sdk.name} | ${[
    both((outcome) => `${outcome['cold herd'].tokenRequests}`),
    both(
      (outcome) => `${outcome['key rotation'].tokenRequests} / ${calls(outcome['key rotation'])}`,
    ),
    both((outcome) => calls(outcome['past one token lifetime'])),
    both(
      (outcome) => `${outcome['wrong secret'].tokenRequests} / ${outcome['wrong secret'].lockouts}`,
    ),
    both((outcome) => outcome['API 429'].answer ?? ''),
    both(
      (outcome) =>
        `${Object.values(outcome).reduce((sum, scenario) => sum + scenario.unhandled, 0)}`,
    ),
  ].join(' | ')} |`;
}

/**
 * Counts the rejections the SDKs leave unhandled while the suite runs
 * (asposepdfcloud on every answer that is not 2xx, asposecellscloud when its
 * refresh request fails), instead of letting them end the bench.
 */
class UnhandledRejections {
  count = 0;
  readonly #listener = () => {
    this.count += 1;
  };

  constructor() {
    process.on('unhandledRejection', this.#listener);
  }

  stop(): void {
    process.off('unhandledRejection', this.#listener);
  }
}
