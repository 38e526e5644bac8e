/** One endpoint of the HTTP control plane, as `--help` and the README document it. */
export interface ControlEndpoint {
  method: 'GET' | 'POST';
  /** Below `/_emulator`. */
  path: string;
  /** An example JSON body, as it goes on the curl line. */
  body?: string;
  summary: string;
}

/** Every control-plane endpoint, in the order `--help` lists them. */
export const controlEndpoints: readonly ControlEndpoint[] = [
  { method: 'GET', path: '/', summary: 'the live console (open it in a browser)' },
  { method: 'GET', path: '/stats', summary: 'the counters: the same object as emulator.stats' },
  {
    method: 'GET',
    path: '/state',
    summary: 'what the console shows: timeline, lockouts, faults waiting',
  },
  {
    method: 'POST',
    path: '/token-faults',
    body: '{"count":2,"kind":"status","status":503}',
    summary: 'the next <count> token requests play a fault (any TokenFault kind)',
  },
  {
    method: 'POST',
    path: '/token-faults',
    body: '{"count":1,"kind":"rate-limit","retryAfter":30}',
    summary: 'the next token request answers 429 Retry-After: 30',
  },
  {
    method: 'POST',
    path: '/api-faults',
    body: '{"count":3,"status":429,"retryAfter":5}',
    summary: 'the next <count> API requests answer <status> (Retry-After optional)',
  },
  {
    method: 'POST',
    path: '/revoke',
    summary: 'rotate the signing key: every issued token gets 401',
  },
  {
    method: 'POST',
    path: '/latency',
    body: '{"tokenMs":500,"apiMs":0}',
    summary: 'hold token / API answers back (0 stops it)',
  },
  {
    method: 'POST',
    path: '/advance-time',
    body: '{"ms":600000}',
    summary: "move the emulator's clock forward (expiry, lockouts)",
  },
  {
    method: 'POST',
    path: '/clients',
    body: '{"clientId":"second-app","clientSecret":"second-secret"}',
    summary: 'accept another client (scope optional)',
  },
  { method: 'POST', path: '/reset', summary: 'clear faults, bans, latency and counters' },
];

/** The curl line for `endpoint` on an emulator at `baseUrl`. */
export function curlLine(endpoint: ControlEndpoint, baseUrl: string): string {
  const url = `${baseUrl}/_emulator${endpoint.path}`;
  if (endpoint.method === 'GET') return `curl -s ${url}`;
  const body = endpoint.body === undefined ? '' : ` -d '${endpoint.body}'`;
  return `curl -s -X POST ${url}${body}`;
}
