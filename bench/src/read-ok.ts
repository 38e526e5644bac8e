/** Reads a `fetch` answer to the end, so its connection is reused; rejects unless it is 200. */
export async function readOk(response: Response): Promise<void> {
  const body = await response.arrayBuffer();
  if (response.status !== 200) {
    throw new Error(
      `expected 200, got ${response.status} from ${response.url} (${body.byteLength} bytes)`,
    );
  }
}
