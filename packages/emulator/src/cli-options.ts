import { parseArgs } from 'node:util';
import { controlEndpoints, curlLine } from './control-endpoints.js';
import { DEFAULT_REQUEST_LOG_SIZE } from './defaults.js';
import type { EmulatorOptions, EmulatorProfile } from './types.js';

/** The environment variable that can carry the client secret instead of `ps`-visible flags. */
export const clientSecretVariable = 'CLOUD_TOKEN_EMULATOR_CLIENT_SECRET';

/** The CLI's own default, so that demos can rely on a fixed address. */
export const defaultCliPort = 4010;

/** The environment variable that can carry the control token instead of `ps`-visible flags. */
export const controlTokenVariable = 'CLOUD_TOKEN_EMULATOR_CONTROL_TOKEN';

const exampleUrl = `http://127.0.0.1:${defaultCliPort}`;

const endpointLines = controlEndpoints
  .map(
    (endpoint) =>
      `  ${endpoint.method} /_emulator${endpoint.path}  ${endpoint.summary}\n    ${curlLine(endpoint, exampleUrl)}`,
  )
  .join('\n');

export const usage = `Usage: cloud-token-emulator [options]

Runs a local stand-in for the Aspose Cloud / GroupDocs Cloud token endpoint
(POST /connect/token) and a bearer-protected API on every product path
/v{version}/{product}/... (/v4.0/words/..., /v3.0/cells/..., /v1/viewer/...).

Options:
  --port <n>               port to listen on; 0 picks a free one (default ${defaultCliPort})
  --host <address>         address to listen on (default 127.0.0.1)
  --client-id <id>         the accepted client id (default emulator-client)
  --client-secret <s>      its secret (default emulator-secret); prefer the
                           ${clientSecretVariable} environment variable
  --profile <name>         lockout rule: aspose | groupdocs (default aspose)
  --token-ttl <seconds>    expires_in of issued tokens (default 86400)
  --time-scale <factor>    multiplies enforced durations; 0.001 turns a
                           10-minute cooldown into 600 ms (default 1)
  --request-log-size <n>   API requests kept in stats.apiRequestLog, a ring
                           (default ${DEFAULT_REQUEST_LOG_SIZE})
  --control-token <t>      opens the control plane to other hosts: every
                           /_emulator request then needs
                           Authorization: Bearer <t>; prefer the
                           ${controlTokenVariable} environment variable
  -h, --help               show this help

Control plane (JSON over HTTP; unless a control token is set, loopback peers
only, addressed as localhost, 127.x.x.x or [::1] with the port; errors are
application/problem+json naming the bad field):
${endpointLines}

With a control token, add -H "authorization: Bearer $${controlTokenVariable}"
to each curl line, and open the console as /_emulator/#token=<t>.
`;

/** A command line the CLI cannot run; it exits with code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** What the command line asks for. */
export type CliCommand = { kind: 'help' } | { kind: 'start'; options: EmulatorOptions };

/** Reads the flags; values are range-checked later by `startEmulator` itself. */
export function parseCliArguments(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliCommand {
  const { values } = readFlags(args);
  if (values.help === true) return { kind: 'help' };
  const options: EmulatorOptions = {
    port: values.port === undefined ? defaultCliPort : integerFlag('--port', values.port),
  };
  if (values.host !== undefined) options.host = values.host;
  if (values['client-id'] !== undefined) options.clientId = values['client-id'];
  const clientSecret = values['client-secret'] ?? env[clientSecretVariable];
  if (clientSecret !== undefined) options.clientSecret = clientSecret;
  if (values.profile !== undefined) options.profile = values.profile as EmulatorProfile;
  if (values['token-ttl'] !== undefined) {
    options.tokenTtlSeconds = integerFlag('--token-ttl', values['token-ttl']);
  }
  if (values['time-scale'] !== undefined) {
    options.timeScale = numberFlag('--time-scale', values['time-scale']);
  }
  if (values['request-log-size'] !== undefined) {
    options.requestLogSize = integerFlag('--request-log-size', values['request-log-size']);
  }
  const controlToken = values['control-token'] ?? env[controlTokenVariable];
  if (controlToken !== undefined) options.controlToken = controlToken;
  return { kind: 'start', options };
}

function readFlags(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        profile: { type: 'string' },
        'token-ttl': { type: 'string' },
        'time-scale': { type: 'string' },
        'request-log-size': { type: 'string' },
        'control-token': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

function integerFlag(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new CliUsageError(`${flag} must be a whole number`);
  return Number(value);
}

function numberFlag(flag: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) {
    throw new CliUsageError(`${flag} must be a number`);
  }
  return number;
}
