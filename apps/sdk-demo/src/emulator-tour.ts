import {
  clientCredentials,
  createTokenSource,
  isCloudTokenError,
  type TokenSource,
} from '@cloud-token/core';
import {
  apiLogSince,
  createSkewedClock,
  printedForm,
  type TourOutput,
  type TourSteps,
  waitUntil,
} from '@cloud-token/demo-kit';
import type { Emulator } from '@cloud-token/emulator';
import { useCloudToken } from '@cloud-token/sdk';
import { GetDocumentStatisticsRequest, WordsApi } from 'asposewordscloud';

/** What one side (the SDK alone, or bridged) cost at one step. */
export interface SideFigures {
  calls: number;
  /** Calls that ended in an error. */
  failed: number;
  /** Token requests the emulator received from this side during the step. */
  tokenRequests: number;
  /** Lockouts the emulator started for this side during the step. */
  lockouts: number;
  /** How the calls ended: `ok`, an error code, or the SDK's error message. */
  outcome: string;
}

/** The six steps, each measured for the SDK alone and for the SDK bridged. */
export interface TourFigures {
  firstCall: { alone: SideFigures; bridged: SideFigures };
  renewal: { alone: SideFigures; bridged: SideFigures };
  keyRotation: {
    alone: SideFigures;
    bridged: SideFigures;
    /** How many first attempts the API answered 401, per side. */
    rejected: { alone: number; bridged: number };
  };
  api429: {
    alone: SideFigures;
    bridged: SideFigures;
    statuses: { alone: number[]; bridged: number[] };
  };
  token429: { alone: SideFigures; bridged: SideFigures; retryAfterSeconds: number | undefined };
  wrongSecret: { alone: SideFigures; bridged: SideFigures };
  /** Whether a secret showed in anything printed. */
  secretPrinted: boolean;
}

const secrets = {
  alone: 'alone-s3cret',
  bridged: 'bridged-s3cret',
  wrong: 'wr0ng-s3cret-DEMO',
};

/** The tour's six steps, as every demo reports them to `pnpm demo`: the bridged SDK's. */
export function tourSteps(figures: TourFigures): TourSteps {
  const { firstCall, renewal, keyRotation, api429, token429, wrongSecret } = figures;
  return {
    firstCall: {
      calls: firstCall.bridged.calls,
      succeeded: firstCall.bridged.calls - firstCall.bridged.failed,
      tokenRequests: firstCall.bridged.tokenRequests,
    },
    renewal: {
      calls: renewal.bridged.calls,
      failed: renewal.bridged.failed,
      tokenRequests: renewal.bridged.tokenRequests,
    },
    keyRotation: {
      calls: keyRotation.bridged.calls,
      rejected: keyRotation.rejected.bridged,
      succeeded: keyRotation.bridged.calls - keyRotation.bridged.failed,
      tokenRequests: keyRotation.bridged.tokenRequests,
    },
    api429: { statuses: api429.statuses.bridged },
    token429: {
      kind: 'error',
      code: token429.bridged.outcome,
      retryAfterSeconds: token429.retryAfterSeconds,
      calls: token429.bridged.calls,
      tokenRequests: token429.bridged.tokenRequests,
    },
    wrongSecret: {
      calls: wrongSecret.bridged.calls,
      outcome: wrongSecret.bridged.outcome,
      tokenRequests: wrongSecret.bridged.tokenRequests,
      lockouts: wrongSecret.bridged.lockouts,
    },
  };
}

/** How one call ended, for counting: `ok`, a cloud-token error code, or the SDK's message. */
function outcomeOf(error: unknown): string {
  if (error === undefined) return 'ok';
  if (isCloudTokenError(error)) return error.code;
  if (error instanceof Error) return `Error("${error.message}")`;
  const status = (error as { response?: { statusCode?: number } }).response?.statusCode;
  return status === undefined ? 'error' : `HTTP ${status}`;
}

/** Runs `count` calls at once and counts how they ended and what they cost. */
async function measure(
  emulator: Emulator,
  count: number,
  call: () => Promise<unknown>,
): Promise<SideFigures & { errors: unknown[] }> {
  const { stats } = emulator;
  const tokenRequestsBefore = stats.tokenRequests.total;
  const lockoutsBefore = stats.lockouts;
  const errors = (
    await Promise.all(
      Array.from({ length: count }, () =>
        call().then(
          () => undefined,
          (error: unknown) => error ?? new Error('rejected without a reason'),
        ),
      ),
    )
  ).filter((error) => error !== undefined);
  return {
    calls: count,
    failed: errors.length,
    tokenRequests: stats.tokenRequests.total - tokenRequestsBefore,
    lockouts: stats.lockouts - lockoutsBefore,
    outcome: outcomeOf(errors[0]),
    errors,
  };
}

function describeSide(side: SideFigures): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const failed =
    side.failed === 0
      ? `all ${side.calls} ok`
      : `${side.failed}/${side.calls} failed (${side.outcome})`;
  const lockouts = side.lockouts > 0 ? `, ${plural(side.lockouts, 'lockout')}` : '';
  return `${failed}, ${plural(side.tokenRequests, 'token request')}${lockouts}`;
}

/**
 * The official Words SDK (`asposewordscloud`) twice against the emulator, on
 * the same six faults: alone, handling its token itself, and bridged with
 * `useCloudToken(wordsApi, source)`. Each side has its own client id, so the
 * emulator's counters tell them apart.
 */
export async function runEmulatorTour(
  emulator: Emulator,
  output: TourOutput,
): Promise<TourFigures> {
  const { control } = emulator;
  for (const [clientId, clientSecret] of [
    ['words-alone', secrets.alone],
    ['words-bridged', secrets.bridged],
    ['words-alone-2', secrets.alone],
    ['words-bridged-2', secrets.bridged],
  ] as const) {
    control.addClient({ clientId, clientSecret });
  }
  const clock = createSkewedClock();
  const sources: TokenSource[] = [];
  const detachers: (() => void)[] = [];
  const newSource = (clientId: string, clientSecret: string): TokenSource => {
    const source = createTokenSource(
      clientCredentials({ tokenUrl: emulator.tokenUrl, clientId, clientSecret }),
      {
        clock,
        logger: output.logger,
      },
    );
    sources.push(source);
    return source;
  };
  /** The SDK as a user makes it: alone with its real secret, or bridged with a placeholder it never sends. */
  const wordsApi = (clientId: string, clientSecret: string, source?: TokenSource): WordsApi => {
    const api = new WordsApi(
      clientId,
      source === undefined ? clientSecret : 'unused',
      emulator.url,
    );
    if (source !== undefined) detachers.push(useCloudToken(api, source));
    return api;
  };
  const statistics = (api: WordsApi) => () =>
    api.getDocumentStatistics(new GetDocumentStatisticsRequest({ name: 'report.docx' }));
  const printed: string[] = [];
  const say = (line: string): void => {
    printed.push(line);
    output.say(line);
  };
  const sayBoth = (alone: SideFigures, bridged: SideFigures): void => {
    say(`alone:   ${describeSide(alone)}`);
    say(`bridged: ${describeSide(bridged)}`);
  };

  try {
    const source = newSource('words-bridged', secrets.bridged);
    const alone = statistics(wordsApi('words-alone', secrets.alone));
    const bridged = statistics(wordsApi('words-bridged', secrets.bridged, source));

    output.step('A cold start: 100 getDocumentStatistics calls at once');
    const firstCall = {
      alone: await measure(emulator, 100, alone),
      bridged: await measure(emulator, 100, bridged),
    };
    sayBoth(firstCall.alone, firstCall.bridged);

    output.step('The token’s hour passes (1-hour tokens): 100 calls at 55 minutes, 100 at 65');
    control.advanceTime(55 * 60_000);
    clock.jump(55 * 60_000);
    const before = source.peek()?.value;
    const inWindow = {
      alone: await measure(emulator, 100, alone),
      bridged: await measure(emulator, 100, bridged),
    };
    await waitUntil(() => source.peek()?.value !== before);
    control.advanceTime(10 * 60_000);
    clock.jump(10 * 60_000);
    const pastExpiry = {
      alone: await measure(emulator, 100, alone),
      bridged: await measure(emulator, 100, bridged),
    };
    const sum = (first: SideFigures, second: SideFigures): SideFigures => ({
      calls: first.calls + second.calls,
      failed: first.failed + second.failed,
      tokenRequests: first.tokenRequests + second.tokenRequests,
      lockouts: first.lockouts + second.lockouts,
      outcome: first.failed > 0 ? first.outcome : second.outcome,
    });
    const renewal = {
      alone: sum(inWindow.alone, pastExpiry.alone),
      bridged: sum(inWindow.bridged, pastExpiry.bridged),
    };
    say(
      'alone never reads expires_in: its token dies, every call gets a 401 and sends its own token request',
    );
    say('bridged: renewed in the background inside the renewal window, before the token died');
    sayBoth(renewal.alone, renewal.bridged);

    output.step('Key rotation: every issued token is revoked while 50 calls are in flight');
    const rotate = async (call: () => Promise<unknown>) => {
      const since = apiLogSince(emulator);
      control.setLatency({ apiMs: 500 });
      const tokenRequestsBefore = emulator.stats.tokenRequests.total;
      const inFlight = measure(emulator, 50, call);
      control.revokeAllTokens();
      const figures = await inFlight;
      control.setLatency({ apiMs: 0 });
      const rejected = since().filter((record) => record.status === 401).length;
      return {
        figures: {
          ...figures,
          tokenRequests: emulator.stats.tokenRequests.total - tokenRequestsBefore,
        },
        rejected,
      };
    };
    const rotatedAlone = await rotate(alone);
    const rotatedBridged = await rotate(bridged);
    // The second revocation also took the alone side's new token: one call gives it a fresh one.
    await alone().catch(() => undefined);
    const keyRotation = {
      alone: rotatedAlone.figures,
      bridged: rotatedBridged.figures,
      rejected: { alone: rotatedAlone.rejected, bridged: rotatedBridged.rejected },
    };
    say(
      `the API answered 401 to ${keyRotation.rejected.alone} (alone) and ${keyRotation.rejected.bridged} (bridged) of them`,
    );
    sayBoth(keyRotation.alone, keyRotation.bridged);

    output.step('The API answers 429 with Retry-After: 1');
    const rateLimited = async (call: () => Promise<unknown>) => {
      const since = apiLogSince(emulator);
      control.failApiRequests(1, { status: 429, retryAfter: '1' });
      const figures = await measure(emulator, 1, call);
      return { figures, statuses: since().map((record) => record.status) };
    };
    const limitedAlone = await rateLimited(alone);
    const limitedBridged = await rateLimited(bridged);
    const api429 = {
      alone: limitedAlone.figures,
      bridged: limitedBridged.figures,
      statuses: { alone: limitedAlone.statuses, bridged: limitedBridged.statuses },
    };
    const retryAfterKept = (
      limitedAlone.figures.errors[0] as
        | { response?: { headers?: Record<string, string> } }
        | undefined
    )?.response?.headers?.['retry-after'];
    say(
      `alone:   ${api429.statuses.alone.join(' → ')}, the call fails (${api429.alone.outcome}, Retry-After: ${retryAfterKept} left to the caller)`,
    );
    say(`bridged: ${api429.statuses.bridged.join(' → ')}, waited as told and retried`);

    output.step(
      'The token endpoint answers 429 with Retry-After: 600 (a new instance, no token yet), then 20 more calls',
    );
    const cooldown = async (call: () => Promise<unknown>) => {
      control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '600' });
      const first = await measure(emulator, 1, call);
      const more = await measure(emulator, 20, call);
      return {
        figures: { ...sum(first, more), outcome: first.outcome },
        firstError: first.errors[0],
      };
    };
    const cooledAlone = await cooldown(statistics(wordsApi('words-alone-2', secrets.alone)));
    const cooledBridged = await cooldown(
      statistics(
        wordsApi('words-bridged-2', secrets.bridged, newSource('words-bridged-2', secrets.bridged)),
      ),
    );
    const retryAfterSeconds = isCloudTokenError(cooledBridged.firstError, 'ERR_RATE_LIMITED')
      ? Math.ceil(cooledBridged.firstError.retryAfterMs / 1000)
      : undefined;
    const token429 = {
      alone: cooledAlone.figures,
      bridged: cooledBridged.figures,
      retryAfterSeconds,
    };
    say(
      `alone:   ${token429.alone.outcome}, and ${token429.alone.tokenRequests - 1} more token requests inside the 600 s it was asked to wait`,
    );
    say(
      `bridged: ${token429.bridged.outcome}, retry in ${retryAfterSeconds} s; ${token429.bridged.tokenRequests - 1} more token requests`,
    );

    output.step('A wrong secret: 100 calls at once, then 20 one after another');
    const wrongly = async (call: () => Promise<unknown>) => {
      const herd = await measure(emulator, 100, call);
      let after: SideFigures = herd;
      for (let index = 0; index < 20; index += 1)
        after = sum(after, await measure(emulator, 1, call));
      return { ...after, outcome: herd.outcome, errors: herd.errors };
    };
    const wrongAlone = await wrongly(statistics(wordsApi('words-alone', secrets.wrong)));
    const wrongBridged = await wrongly(
      statistics(
        wordsApi('words-bridged', secrets.wrong, newSource('words-bridged', secrets.wrong)),
      ),
    );
    const wrongSecret = { alone: wrongAlone, bridged: wrongBridged };
    sayBoth(wrongSecret.alone, wrongSecret.bridged);
    say(`the bridged error as a log would print it: ${JSON.stringify(wrongBridged.errors[0])}`);

    const secretPrinted =
      printed.some((line) => Object.values(secrets).some((secret) => line.includes(secret))) ||
      [...wrongAlone.errors, ...wrongBridged.errors].some((error) =>
        Object.values(secrets).some((secret) => printedForm(error).includes(secret)),
      );

    output.step('Side by side: token requests each sent');
    for (const line of sideBySide({
      firstCall,
      renewal,
      keyRotation,
      api429,
      token429,
      wrongSecret,
    }))
      say(line);

    return { firstCall, renewal, keyRotation, api429, token429, wrongSecret, secretPrinted };
  } finally {
    for (const detach of detachers) detach();
    for (const source of sources) source.close();
  }
}

/** A small table: one row per step, the SDK alone then bridged. */
function sideBySide(steps: Record<string, { alone: SideFigures; bridged: SideFigures }>): string[] {
  const cell = (side: SideFigures) =>
    `${side.tokenRequests} token req., ${side.failed}/${side.calls} failed${side.lockouts > 0 ? `, ${side.lockouts} lockout` : ''}`;
  const rows = Object.entries(steps).map(([name, { alone, bridged }]) => [
    name,
    cell(alone),
    cell(bridged),
  ]);
  const widths = [0, 1, 2].map((column) =>
    Math.max(
      ...[['step', 'Words SDK alone', 'Words SDK + useCloudToken'], ...rows].map(
        (row) => row[column]?.length ?? 0,
      ),
    ),
  );
  const line = (row: readonly string[]) =>
    row.map((text, column) => text.padEnd(widths[column] ?? 0)).join(' │ ');
  return [line(['step', 'Words SDK alone', 'Words SDK + useCloudToken']), ...rows.map(line)];
}
