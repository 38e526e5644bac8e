import { EXIT_CODES } from '../exit-codes.js';
import { credentialFlags, helpFlag, jsonFlag, sidecarFlag } from '../flags.js';
import { openTokenSource, withTokenSource } from '../open-token-source.js';
import type { Command } from '../types.js';

/**
 * `cloud-token token`: prints the access token, or with `--json` the
 * object `az account get-access-token` prints, so a script can switch.
 */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'print an access token',
  usage: ['cloud-token token [--json] [flags]'],
  description: [
    'Prints an access token for the configured credentials on stdout. With --redis, every',
    'process of a fleet shares one token (one token request for all); with --sidecar, it is',
    "the sidecar's shared token. --json prints { accessToken, expiresOn, expires_on,",
    'tokenType } as `az account get-access-token` does.',
  ].join('\n'),
  flags: { ...credentialFlags, ...sidecarFlag, ...jsonFlag, ...helpFlag },
  examples: ['TOKEN=$(cloud-token token)', 'cloud-token token --json | jq -r .expiresOn'],
  async run(parsed, io) {
    const opened = await openTokenSource(this.flags, parsed, io);
    return withTokenSource(opened, io, async ({ source }) => {
      const token = await source.getToken();
      if (parsed.values.json !== true) {
        io.stdout.write(`${token.value}\n`);
        return EXIT_CODES.ok;
      }
      const answer = {
        accessToken: token.value,
        expiresOn: azureLocalTime(token.expiresAt),
        expires_on: Math.floor(token.expiresAt / 1_000),
        tokenType: token.type,
      };
      io.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
      return EXIT_CODES.ok;
    });
  },
};

/** `2026-05-01 12:00:00.000000` in local time: how `az` writes `expiresOn`. */
function azureLocalTime(epochMs: number): string {
  const at = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  const date = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
  const time = `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
  return `${date} ${time}.${String(at.getMilliseconds() * 1_000).padStart(6, '0')}`;
}
