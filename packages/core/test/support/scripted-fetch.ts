import type { FetchLike } from '@cloud-token/core';

/** One request a {@link ScriptedFetch} received. */
export interface ScriptedRequest {
  url: string;
  method: string;
  authorization: string | null;
  headers: Headers;
  body: BodyInit | null | undefined;
  redirect: RequestRedirect | undefined;
  duplex: unknown;
}

/**
 * A fake `fetch` that answers from a script and records what it was asked.
 *
 * @example
 * ```ts
 * const fetch = createScriptedFetch(() => new Response('ok'));
 * await fetch('https://api.example/x');
 * expect(fetch.requests).toHaveLength(1);
 * ```
 */
export interface ScriptedFetch extends FetchLike {
  readonly requests: ScriptedRequest[];
  /** Every response it gave, in order (to check that discarded ones were drained). */
  readonly responses: Response[];
}

/**
 * Creates a {@link ScriptedFetch}; `answer` gets each request (numbered from 0)
 * and returns the response, or throws to fail like a network error.
 *
 * @example
 * ```ts
 * const fetch = createScriptedFetch((request, index) => new Response(null, { status: index === 0 ? 401 : 200 }));
 * ```
 */
export function createScriptedFetch(
  answer: (request: ScriptedRequest, index: number) => Response | Promise<Response>,
): ScriptedFetch {
  const requests: ScriptedRequest[] = [];
  const responses: Response[] = [];
  const scripted = async (input: string | URL | Request, init?: RequestInit) => {
    init?.signal?.throwIfAborted();
    const headers = new Headers(init?.headers);
    const request: ScriptedRequest = {
      url: String(input),
      method: init?.method ?? 'GET',
      authorization: headers.get('authorization'),
      headers,
      body: init?.body,
      redirect: init?.redirect,
      duplex: (init as { duplex?: unknown } | undefined)?.duplex,
    };
    requests.push(request);
    const response = await answer(request, requests.length - 1);
    responses.push(response);
    return response;
  };
  return Object.assign(scripted, { requests, responses });
}

/**
 * A response with the given status and headers and a small body.
 *
 * @example
 * ```ts
 * respond(429, { 'retry-after': '1' });
 * ```
 */
export function respond(status: number, headers: Record<string, string> = {}): Response {
  const bodyless = status === 204 || status === 205 || status === 304;
  return new Response(bodyless ? null : `status ${status}`, { status, headers });
}
