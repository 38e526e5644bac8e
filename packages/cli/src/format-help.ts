import { CLIENT_SECRET_ENV, type Flags, hasFlag, STORE_KEY_ENV } from './flags.js';
import { formatRows } from './format-rows.js';
import type { Command } from './types.js';

/** The `--help` of one command: usage, what it does, its flags with their environment variables, examples. */
export function formatCommandHelp(command: Command): string {
  const usage = command.usage.map((line) => `  ${line}`).join('\n');
  const flags = formatRows(
    Object.entries(command.flags).map(([name, flag]) => [
      `  ${flag.short === undefined ? '' : `-${flag.short}, `}--${name}${flag.value === undefined ? '' : ` ${flag.value}`}`,
      `${flag.help}${flag.env === undefined ? '' : ` [${flag.env}]`}`,
    ]),
  );
  const sections = [
    `Usage:\n${usage}`,
    command.description,
    `Flags:\n${flags}`,
    environmentNotes(command.flags),
    `Examples:\n${command.examples.map((line) => `  ${line}`).join('\n')}`,
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function environmentNotes(flags: Flags): string {
  if (!hasFlag(flags, 'client-id')) return '';
  const lines = [
    `The client secret never goes on the command line: set ${CLIENT_SECRET_ENV}, or use`,
    '--client-secret-file or --client-secret-stdin. A flag wins over its variable.',
  ];
  if (hasFlag(flags, 'redis'))
    lines.push(`With --redis, ${STORE_KEY_ENV} is the fleet's key for tokens at rest.`);
  return lines.join('\n');
}

/** The help of `cloud-token` itself: the commands and where to read more. */
export function formatMainHelp(commands: readonly Command[]): string {
  const list = formatRows(commands.map((command) => [`  ${command.name}`, command.summary]));
  return [
    'cloud-token: OAuth 2.0 client_credentials tokens for Aspose Cloud, GroupDocs Cloud and',
    'any token endpoint like theirs, on the command line and as a local sidecar.',
    '',
    'Usage:',
    '  cloud-token <command> [flags]',
    '',
    'Commands:',
    list,
    '',
    'Run `cloud-token <command> --help` for its flags. Exit codes: 0 good, 2 rejected,',
    '3 rate limited, 4 unreachable, 64 usage (1 is a crash).',
    '',
  ].join('\n');
}
