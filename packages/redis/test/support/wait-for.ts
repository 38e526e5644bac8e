/** Polls `check` until it holds, at most `attempts` times: a bounded wait, never a timing assertion. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  attempts = 400,
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
