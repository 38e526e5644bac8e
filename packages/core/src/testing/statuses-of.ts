/**
 * Sends `count` GET requests to `url`, one after another (each answer read
 * to its end), and gives their statuses in order: what a client of a
 * service saw across many requests.
 *
 * @example
 * ```ts
 * import { statusesOf } from '@cloud-token/core/testing';
 *
 * expect(new Set(await statusesOf(`${url}/words`, 100))).toEqual(new Set([502]));
 * ```
 */
export async function statusesOf(url: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const answer = await fetch(url);
    await answer.arrayBuffer();
    statuses.push(answer.status);
  }
  return statuses;
}
