/**
 * Settles like `promise`, or rejects once `timeoutMs` has passed: a Redis
 * that is down, slow or failing over must not hold a token request, because
 * the token source falls back to its own path only when the store answers
 * (or fails). The late outcome of `promise` is swallowed, never unhandled.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`Redis did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
