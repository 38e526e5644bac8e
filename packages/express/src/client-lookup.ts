import type { IncomingMessage } from 'node:http';
import type { FetchLike, TokenSource } from '@cloud-token/core';

/** A token source and the authorized fetch built on it once (none without a call policy). */
export interface CloudTokenClient {
  readonly source: TokenSource;
  readonly fetch: FetchLike | undefined;
}

/** Finds the client a request uses; a tenant's lookup may be asynchronous. */
export type ClientLookup<Req extends IncomingMessage> = (
  req: Req,
) => CloudTokenClient | Promise<CloudTokenClient>;

/** Where a middleware's requests get their client from, and how to release what it made. */
export interface CloudTokenClients<Req extends IncomingMessage> {
  readonly lookup: ClientLookup<Req>;
  readonly close: () => void;
}
