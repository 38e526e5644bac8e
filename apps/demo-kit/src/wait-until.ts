/**
 * Waits until `condition()` holds (it may answer through a promise), checking
 * every 5 ms, for at most `timeoutMs`: a tour waits for a background renewal
 * to land this way.
 *
 * @example
 * ```ts
 * await waitUntil(() => emulator.stats.tokenRequests.issued === 2);
 * ```
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for a condition in vain`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
