import { systemClock } from '@cloud-token/core';
import { readJwtClaims } from '@cloud-token/core/adapter';
import { EXIT_CODES } from '../exit-codes.js';
import { credentialFlags, helpFlag, jsonFlag, sidecarFlag } from '../flags.js';
import { formatRows } from '../format-rows.js';
import { formatMoment } from '../format-time.js';
import { openTokenSource, withTokenSource } from '../open-token-source.js';
import type { Command } from '../types.js';

/**
 * `cloud-token info`: what the token says about itself (issuer, client id,
 * scopes, audience, expiry and remaining lifetime), read from its JWT
 * claims without verifying them, and never the token itself.
 */
export const infoCommand: Command = {
  name: 'info',
  summary: 'show what the token says: issuer, client id, scopes, expiry',
  usage: ['cloud-token info [--json] [flags]'],
  description: [
    'Gets a token as `token` does and shows its JWT claims: issuer, client id, scopes,',
    'audience, expiry and remaining lifetime. Never the token itself. The claims are read,',
    'not verified: this is for looking, not for trusting.',
  ].join('\n'),
  flags: { ...credentialFlags, ...sidecarFlag, ...jsonFlag, ...helpFlag },
  examples: ['cloud-token info', 'cloud-token info --json | jq .scopes'],
  async run(parsed, io) {
    const opened = await openTokenSource(this.flags, parsed, io);
    return withTokenSource(opened, io, async ({ source }) => {
      const token = await source.getToken();
      const read = readJwtClaims(token.value);
      const claims = read ?? {};
      const exp = typeof claims.exp === 'number' ? claims.exp * 1_000 : token.expiresAt;
      const now = systemClock.now();
      const info = {
        issuer: text(claims.iss),
        clientId: text(claims.client_id ?? claims.azp ?? claims.appid),
        scopes: list(claims.scope ?? claims.scp),
        audience: list(claims.aud),
        expiresOn: new Date(exp).toISOString(),
        expiresInSeconds: Math.max(0, Math.floor((exp - now) / 1_000)),
        jwt: read !== undefined,
      };
      if (parsed.values.json === true) {
        io.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
        return EXIT_CODES.ok;
      }
      const rows: [string, string][] = [
        ['issuer', info.issuer ?? '-'],
        ['client id', info.clientId ?? '-'],
        ['scopes', info.scopes.join(' ') || '-'],
        ['audience', info.audience.join(' ') || '-'],
        ['expires', formatMoment(exp, now)],
      ];
      if (!info.jwt) rows.push(['note', 'the token is not a JWT: only its expiry is known']);
      io.stdout.write(`${formatRows(rows)}\n`);
      return EXIT_CODES.ok;
    });
  },
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A claim that is a space-separated string (`scope`) or an array (`aud`, `scp`). */
function list(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter((part) => part !== '');
  if (Array.isArray(value)) return value.filter((part): part is string => typeof part === 'string');
  return [];
}
