import { closestKey } from '@cloud-token/core/adapter';
import { CommandLineError } from './command-line-error.js';
import { checkCommand } from './commands/check-command.js';
import { guardCommand } from './commands/guard-command.js';
import { headerCommand } from './commands/header-command.js';
import { infoCommand } from './commands/info-command.js';
import { serveCommand } from './commands/serve-command.js';
import { tokenCommand } from './commands/token-command.js';
import { EXIT_CODES, type ExitCode, exitCodeOf } from './exit-codes.js';
import { formatCommandHelp, formatMainHelp } from './format-help.js';
import { parseFlags } from './parse-flags.js';
import { ownEnvironment } from './read-config.js';
import { errorLine } from './report-error.js';
import { terminalStyle } from './terminal-style.js';
import type { CliIo, Command } from './types.js';

const commands: readonly Command[] = [
  tokenCommand,
  headerCommand,
  infoCommand,
  checkCommand,
  guardCommand,
  serveCommand,
];

/**
 * Runs one `cloud-token` command line (`args` without the program name)
 * and resolves with its exit code. Every failure is one line on stderr;
 * nothing is thrown.
 */
export async function runCli(args: readonly string[], given: CliIo): Promise<ExitCode> {
  const io: CliIo = { ...given, env: ownEnvironment(given.env) };
  try {
    return await dispatch(args, io);
  } catch (error) {
    io.stderr.write(errorLine(error, terminalStyle(io.stderr, io.env)));
    return exitCodeOf(error);
  }
}

async function dispatch(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = args;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(formatMainHelp(commands));
    return EXIT_CODES.ok;
  }
  if (name === '--version') {
    io.stdout.write(`${CLI_VERSION}\n`);
    return EXIT_CODES.ok;
  }
  if (name === undefined) {
    io.stderr.write(formatMainHelp(commands));
    return EXIT_CODES.usage;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    const near = /^[a-z-]{1,40}$/.test(name)
      ? closestKey(
          name,
          commands.map((c) => c.name),
        )
      : undefined;
    throw new CommandLineError(
      `unknown command${/^[a-z-]{1,40}$/.test(name) ? ` ${name}` : ''}` +
        (near === undefined ? '; see cloud-token --help' : `; did you mean ${near}?`),
    );
  }
  const parsed = parseFlags(rest, command.flags);
  if (parsed.values.help === true) {
    io.stdout.write(formatCommandHelp(command));
    return EXIT_CODES.ok;
  }
  if (command.name !== 'guard' && parsed.positionals.length > 0) {
    throw new CommandLineError(`${command.name} takes no arguments, only flags; see --help`);
  }
  return command.run(parsed, io);
}

declare const __CLI_VERSION__: string | undefined;

/** This package's version, set at build time. */
const CLI_VERSION = typeof __CLI_VERSION__ === 'string' ? __CLI_VERSION__ : '0.0.0-dev';
