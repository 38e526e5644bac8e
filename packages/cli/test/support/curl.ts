import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What curl received: status, headers (lower-case names), body. */
export interface CurlAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * One request by curl, as a shell user sends it: `args` are curl's own
 * (`-X POST`, `-d …`, `-H …`, `--unix-socket …`) before the URL. The answer
 * is read from `-i` output; curl's own failures reject.
 */
export async function curl(url: string, args: readonly string[] = []): Promise<CurlAnswer> {
  const { stdout } = await run('curl', ['-s', '-S', '-i', ...args, url], {
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'utf8',
  });
  // A 100 Continue comes first when curl sends a large body.
  const answer = stdout.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '');
  const split = answer.indexOf('\r\n\r\n');
  const [statusLine = '', ...headerLines] = answer.slice(0, split).split('\r\n');
  return {
    status: Number(statusLine.split(' ')[1]),
    headers: Object.fromEntries(
      headerLines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
      }),
    ),
    body: answer.slice(split + 4),
  };
}
