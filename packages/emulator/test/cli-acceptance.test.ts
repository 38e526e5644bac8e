import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The README's shell session, run for real: the CLI started as a user
 * starts it, then nothing but HTTP with curl (node's fetch stands in only
 * where curl is not installed).
 */

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A JSON body (sent with -d as given). */
  json?: string;
  /** Form fields (sent with -d name=value each, as curl does). */
  form?: Record<string, string>;
}

const hasCurl = await run('curl', ['--version']).then(
  () => true,
  () => false,
);

/** One HTTP request, by curl as the README shows it (-s -i, -X, -H, -d). */
async function http(url: string, request: HttpRequest = {}): Promise<HttpAnswer> {
  const headers = { ...request.headers };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  const form =
    request.form === undefined ? undefined : new URLSearchParams(request.form).toString();
  const body = request.json ?? form;
  if (!hasCurl) {
    const answer = await fetch(url, { method: request.method ?? 'GET', headers, body });
    return {
      status: answer.status,
      headers: Object.fromEntries(answer.headers),
      body: await answer.text(),
    };
  }
  const args = ['-s', '-i', '-X', request.method ?? 'GET', url];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  if (body !== undefined) args.push('-d', body);
  const { stdout } = await run('curl', args);
  const split = stdout.indexOf('\r\n\r\n');
  const [statusLine = '', ...headerLines] = stdout.slice(0, split).split('\r\n');
  return {
    status: Number(statusLine.split(' ')[1]),
    headers: Object.fromEntries(
      headerLines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
      }),
    ),
    body: stdout.slice(split + 4),
  };
}

describe('a shell session with only the CLI and curl', () => {
  let cli: ChildProcessWithoutNullStreams;
  let url: string;

  beforeAll(async () => {
    cli = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--port', '0'], {
      cwd: packageDirectory,
    });
    let stdout = '';
    cli.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    while (!/listening on (\S+)/.test(stdout)) {
      await Promise.race([
        once(cli.stdout, 'data'),
        once(cli, 'exit').then(() => {
          throw new Error('the CLI exited before it listened');
        }),
      ]);
    }
    url = /listening on (\S+)/.exec(stdout)?.[1] ?? '';
  }, 30_000);

  afterAll(async () => {
    if (cli.exitCode !== null) return;
    cli.kill('SIGTERM');
    await once(cli, 'exit');
  });

  it('gets a token, revokes it, injects 429 Retry-After: 5 on the next 3 API calls, reads the counters', async () => {
    const getToken = async (): Promise<string> => {
      const answer = await http(`${url}/connect/token`, {
        method: 'POST',
        form: {
          grant_type: 'client_credentials',
          client_id: 'emulator-client',
          client_secret: 'emulator-secret',
        },
      });
      expect(answer.status).toBe(200);
      return (JSON.parse(answer.body) as { access_token: string }).access_token;
    };
    const callApi = (token: string) =>
      http(`${url}/v4.0/words/doc.docx`, { headers: { authorization: `Bearer ${token}` } });

    // 1. a token, and the API takes it
    const token = await getToken();
    expect((await callApi(token)).status).toBe(200);

    // 2. revoke: the token is now rejected, a new one works
    const revoked = await http(`${url}/_emulator/revoke`, { method: 'POST' });
    expect(revoked.status).toBe(200);
    expect((await callApi(token)).status).toBe(401);
    const renewed = await getToken();

    // 3. 429 with Retry-After: 5 on the next 3 API calls
    const injected = await http(`${url}/_emulator/api-faults`, {
      method: 'POST',
      json: '{"count":3,"status":429,"retryAfter":5}',
    });
    expect(injected.status).toBe(200);
    const answers = [];
    for (let index = 0; index < 4; index += 1) answers.push(await callApi(renewed));
    expect(answers.map((answer) => [answer.status, answer.headers['retry-after']])).toEqual([
      [429, '5'],
      [429, '5'],
      [429, '5'],
      [200, undefined],
    ]);

    // 4. the counters
    const stats = await http(`${url}/_emulator/stats`);
    expect(stats.status).toBe(200);
    expect(JSON.parse(stats.body)).toMatchObject({
      tokenRequests: { total: 2, issued: 2 },
      apiRequests: { total: 6, byStatus: { 200: 2, 401: 1, 429: 3 } },
    });

    // 5. a bad field is named in an RFC 9457 problem
    const bad = await http(`${url}/_emulator/api-faults`, {
      method: 'POST',
      json: '{"count":3,"status":"429"}',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(bad.body)).toMatchObject({ 'invalid-params': [{ name: 'status' }] });
  }, 60_000);
});
