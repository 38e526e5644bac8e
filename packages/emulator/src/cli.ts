#!/usr/bin/env node
import { CliUsageError, parseCliArguments, usage } from './cli-options.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PROFILE } from './defaults.js';
import { startEmulator } from './start-emulator.js';
import type { Emulator, EmulatorOptions } from './types.js';

const usageExitCode = 2;

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    const command = parseCliArguments(process.argv.slice(2), process.env);
    if (command.kind === 'help') {
      process.stdout.write(usage);
      return;
    }
    options = command.options;
  } catch (error) {
    failUsage(error as Error);
    return;
  }

  let emulator: Emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    // Bad option values are usage errors too; anything else (a busy port) is not.
    if (error instanceof TypeError || error instanceof RangeError) failUsage(error);
    else fail(error as Error, 1);
    return;
  }

  // Before the URLs are printed: whoever reads them may signal at once.
  stopOnSignal(emulator);
  const secret =
    options.clientSecret === undefined ? `${DEFAULT_CLIENT_SECRET} (default)` : '(set, not shown)';
  process.stdout.write(
    [
      `cloud-token emulator listening on ${emulator.url}`,
      `  token URL      ${emulator.tokenUrl}`,
      `  API URL        ${emulator.apiUrl} (any /v{version}/{product}/... path)`,
      `  console        ${emulator.controlUrl}/`,
      `  control plane  ${emulator.controlUrl}/... (${
        options.controlToken === undefined
          ? 'loopback peers only'
          : 'Authorization: Bearer <control token> (set, not shown)'
      }; --help lists the endpoints)`,
      `  client id      ${options.clientId ?? DEFAULT_CLIENT_ID}`,
      `  client secret  ${secret}`,
      `  profile        ${options.profile ?? DEFAULT_PROFILE}`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

function stopOnSignal(emulator: Emulator): void {
  const stop = (): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    emulator.close().then(
      () => process.stdout.write('cloud-token emulator stopped\n'),
      (error: unknown) => fail(error as Error, 1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function failUsage(error: Error): void {
  const hint = error instanceof CliUsageError ? `\n\n${usage}` : '\nRun with --help for usage.\n';
  process.stderr.write(`cloud-token-emulator: ${error.message}${hint}`);
  process.exitCode = usageExitCode;
}

function fail(error: Error, exitCode: number): void {
  process.stderr.write(`cloud-token-emulator: ${error.message}\n`);
  process.exitCode = exitCode;
}

main().catch((error: unknown) => fail(error as Error, 1));
