import type { Readable, Writable } from 'node:stream';
import type { ExitCode } from './exit-codes.js';
import type { Flags } from './flags.js';
import type { ParsedFlags } from './parse-flags.js';
import type { Environment } from './read-config.js';

/** A stream that may be a terminal. */
export type TerminalAware<T> = T & { readonly isTTY?: boolean };

/** Where a command reads and writes: the process's own streams and environment, or a test's. */
export interface CliIo {
  readonly stdin: TerminalAware<Readable>;
  readonly stdout: TerminalAware<Writable>;
  readonly stderr: TerminalAware<Writable>;
  readonly env: Environment;
}

/** One `cloud-token` command: its help and what it does with its parsed flags. */
export interface Command {
  readonly name: string;
  /** One line, for the list of commands. */
  readonly summary: string;
  /** `cloud-token <name> [flags]`, and its subcommands. */
  readonly usage: readonly string[];
  /** What it does, in a few lines. */
  readonly description: string;
  readonly flags: Flags;
  readonly examples: readonly string[];
  run(parsed: ParsedFlags, io: CliIo): Promise<ExitCode>;
}
