import type { Emulator } from '@cloud-token/emulator';
import type { AnswerPath } from './answer-path.js';
import type { Fault } from './faults.js';

/** What the client got through one path: the status and the `Retry-After`, as the table shows them. */
export type Answer = string;

/** One row of the table: a fault, and the answer of every path. */
export interface FaultRow {
  fault: string;
  answers: Answer[];
}

function answerOf(status: number, retryAfter: string | null): Answer {
  return retryAfter === null ? String(status) : `${status}, \`Retry-After: ${retryAfter}\``;
}

/** The secret the services that play a wrong secret are given. */
const wrongSecret = 'wr0ng-s3cret';

/**
 * Plays `fault` against a service of `path` with credentials of its own (so no
 * token, cooldown or rejection carries over from another cell), and returns
 * what the client got.
 */
async function answerThrough(
  emulator: Emulator,
  path: AnswerPath,
  fault: Fault,
  clientId: string,
): Promise<Answer> {
  emulator.control.reset();
  const client = { clientId, clientSecret: `${clientId}-s3cret` };
  emulator.control.addClient(client);
  const credentials = fault.wrongSecret ? { clientId, clientSecret: wrongSecret } : client;
  const running = await path.start({
    ...credentials,
    tokenUrl: emulator.tokenUrl,
    apiUrl: emulator.apiUrl,
  });
  try {
    if (fault.warm) {
      const warm = await fetch(running.url);
      await warm.arrayBuffer();
      if (warm.status !== 200)
        throw new Error(`${path.name} answered ${warm.status} before the fault`);
    }
    await fault.play(emulator, credentials);
    const answer = await fetch(running.url);
    await answer.arrayBuffer();
    return answerOf(answer.status, answer.headers.get('retry-after'));
  } finally {
    await running.close();
  }
}

/**
 * Plays every fault through every path, one cell after another (a fault is
 * the emulator's state, which one call consumes), and returns one row per
 * fault.
 */
export async function measureFaultTable(
  emulator: Emulator,
  paths: readonly AnswerPath[],
  faults: readonly Fault[],
): Promise<FaultRow[]> {
  const rows: FaultRow[] = [];
  for (const [faultIndex, fault] of faults.entries()) {
    const answers: Answer[] = [];
    for (const [pathIndex, path] of paths.entries()) {
      answers.push(await answerThrough(emulator, path, fault, `fault-${faultIndex}-${pathIndex}`));
    }
    rows.push({ fault: fault.name, answers });
  }
  return rows;
}

/** The Markdown table: one column per path, one row per fault. */
export function formatFaultTable(paths: readonly AnswerPath[], rows: readonly FaultRow[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(['fault', ...paths.map((path) => path.name)]),
    line(['---', ...paths.map(() => '---')]),
    ...rows.map((row) => line([row.fault, ...row.answers])),
  ].join('\n');
}
