/** What a path's service is started with: its credentials and the cloud API it calls. */
export interface PathSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** The product's API, version included (the emulator's `apiUrl`). */
  apiUrl: string;
}

/** A path's service, listening on loopback. */
export interface RunningPath {
  /** What a client GETs: the service calls the cloud's `words/report.docx/statistics` for it. */
  readonly url: string;
  /** Stops the service and closes its token source. */
  close(): Promise<void>;
}

/**
 * One way a service answers its client with a cloud call, built as the
 * package's README shows it: a route that passes the cloud's answer on, a
 * proxy, `CloudTokenService.fetch`, a bound `HttpService`; each with its
 * package's error handler or filter.
 */
export interface AnswerPath {
  /** The column heading of the fault table. */
  readonly name: string;
  start(settings: PathSettings): Promise<RunningPath>;
}

/** The cloud call every path makes, relative to the product's API (no leading slash). */
export const cloudPath = 'words/report.docx/statistics';
