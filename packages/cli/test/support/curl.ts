import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What curl received: status, headers (lower-case names, repeated ones joined), body. */
export interface CurlAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * One request by curl, as a shell user sends it: `args` are curl's own
 * (`-X POST`, `-d …`, `-H …`, `--unix-socket …`) before the URL. The body
 * goes to a file, the status and the headers come from `--write-out`;
 * curl's own failures (nothing listening, a cut connection) reject.
 */
export async function curl(url: string, args: readonly string[] = []): Promise<CurlAnswer> {
  const directory = await mkdtemp(join(tmpdir(), 'cloud-token-curl-'));
  const bodyFile = join(directory, 'body');
  try {
    const { stdout } = await run(
      'curl',
      ['-s', '-S', '-o', bodyFile, '--write-out', '%{http_code} %{header_json}', ...args, url],
      { encoding: 'utf8' },
    );
    const space = stdout.indexOf(' ');
    const headers = JSON.parse(stdout.slice(space + 1)) as Record<string, string[]>;
    return {
      status: Number(stdout.slice(0, space)),
      headers: Object.fromEntries(
        Object.entries(headers).map(([name, values]) => [name, values.join(', ')]),
      ),
      body: await readFile(bodyFile, 'utf8').catch(() => ''),
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
