/**
 * Lets one caller stop waiting for a shared promise: settles like `promise`,
 * or rejects with `signal.reason` as soon as `signal` aborts, whichever comes
 * first. The shared work goes on for whoever else waits; the abort listener
 * is removed once `promise` settles.
 *
 * @example
 * ```ts
 * const token = await abortable(sharedAcquisition, request.signal);
 * ```
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    // Subscribed even when already aborted, so a rejection of `promise` is
    // always handled here rather than reported as unhandled.
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
