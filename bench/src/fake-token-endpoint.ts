import { randomBytes, randomUUID } from 'node:crypto';
import type { FetchLike } from '@cloud-token/core';

const HEADER = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'at+jwt', kid: 'bench' })).toString(
  'base64url',
);

/**
 * A token endpoint in memory, injected as a source's `fetch`: every call
 * answers a new, distinct token shaped and sized like the emulator's RS256
 * JWTs, so heap figures count real-sized tokens without any server state.
 */
export const fakeTokenEndpoint: FetchLike = async () => {
  const now = Math.floor(Date.now() / 1_000);
  const claims = {
    iss: 'http://127.0.0.1/bench',
    aud: 'http://127.0.0.1/bench/resources',
    client_id: 'bench',
    scope: 'api.platform api.read api.write',
    nbf: now,
    iat: now,
    exp: now + 86_400,
    jti: randomUUID(),
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = randomBytes(256).toString('base64url');
  const answer = {
    access_token: `${HEADER}.${payload}.${signature}`,
    expires_in: 86_400,
    token_type: 'Bearer',
  };
  return new Response(JSON.stringify(answer), {
    headers: { 'content-type': 'application/json' },
  });
};
