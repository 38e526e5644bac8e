/** What a consumer script reports about one entry it loaded: where it resolved, what it exports. */
export interface EntryReport {
  file: string;
  exports: string[];
}

/** The entries a consumer script loaded, by specifier (`@cloud-token/core/node`, …). */
export type EntriesReport = Record<string, EntryReport>;
